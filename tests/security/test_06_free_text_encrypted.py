"""Finding 6: free text that names people was stored and shown in clear.

Reveal reasons and break-glass justifications (the audit event's purpose) and the place of reception
are encrypted at rest; the auditor reads a purpose only by giving a reason, and that reading is
itself recorded (as a reveal of the event, its reason encrypted too).
"""

import pytest
from django.db import connection

from safereturn.audit.models import AuditEvent
from safereturn.cases import services as case_services

pytestmark = pytest.mark.django_db

REASON = "Gọi cho chị Nguyễn Thị Hương, CCCD 079123456789, để xác nhận"
PLACE = "Nhà chị Trần Thị Mai, số 12 đường Lê Lợi"
NEW_KEY = "bmV3LWtleS1mb3ItdGhlLWZyZWUtdGV4dC10ZXN0cyE="


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def revealed(personas, make_case):
    case = make_case(reception_place=PLACE)
    case_services.identity_reveal(actor=personas.actor("intake"), case=case, reason=REASON)
    return case, AuditEvent.objects.get(action="reveal", object_type="case", object_id=str(case.pk))


def test_purpose_and_reception_place_are_ciphertext_in_the_database(revealed):
    case, event = revealed
    assert event.purpose == REASON and case.reception_place == PLACE  # the application reads them
    stored_purpose = raw("SELECT purpose FROM audit_auditevent WHERE id = %s", [event.pk])
    assert stored_purpose.startswith("test1:")
    assert "079123456789" not in stored_purpose and "Hương" not in stored_purpose
    stored_place = raw("SELECT reception_place FROM cases_case WHERE number = %s", [case.number])
    assert stored_place.startswith("test1:") and "Lê Lợi" not in stored_place


def test_a_break_glass_justification_is_ciphertext_in_the_audit_trail(personas, make_case):
    case = make_case()
    justification = "Anh Lê Văn Nam, CCCD 001099012345, gọi báo người này đang bị giữ tại bến xe, cần xác minh ngay"
    case_services.emergency_access_ask(
        actor=personas.actor("other_verifier"), case_id=case.pk, category="danger_to_life", justification=justification
    )
    event = AuditEvent.objects.get(action="break_glass", object_id=str(case.pk))
    assert event.purpose == justification
    stored = raw("SELECT purpose FROM audit_auditevent WHERE id = %s", [event.pk])
    assert stored.startswith("test1:") and "001099012345" not in stored and "Nam" not in stored


def test_the_auditor_reads_a_purpose_only_through_a_recorded_reveal(
    client, revealed, make_agency, make_officer, force_sign_in
):
    _case, event = revealed
    auditor = make_officer("auditor", agency=make_agency("ministry", level="national"))
    force_sign_in(auditor)
    trail = client.get("/audit/", {"action": "reveal"}).content.decode()
    assert "079123456789" not in trail and f"/audit/{event.pk}/" in trail
    page = client.get(f"/audit/{event.pk}/").content.decode()
    assert "079123456789" not in page
    assert not AuditEvent.objects.filter(actor_id=auditor.pk, object_type="audit_event").exists()
    # Too short a reason: nothing shown, nothing recorded.
    page = client.post(f"/audit/{event.pk}/", {"reason": "xem"}).content.decode()
    assert "079123456789" not in page
    assert not AuditEvent.objects.filter(actor_id=auditor.pk, object_type="audit_event").exists()
    page = client.post(f"/audit/{event.pk}/", {"reason": "Kiểm tra định kỳ quý IV"}).content.decode()
    assert REASON in page
    reading = AuditEvent.objects.get(actor_id=auditor.pk, action="reveal", object_type="audit_event")
    assert reading.object_id == str(event.pk) and reading.purpose == "Kiểm tra định kỳ quý IV"
    stored = raw("SELECT purpose FROM audit_auditevent WHERE id = %s", [reading.pk])
    assert stored.startswith("test1:") and "quý" not in stored


def test_sealing_still_verifies_over_encrypted_purposes(revealed):
    from safereturn.audit.chain import seal_pending, verify_chain

    seal_pending()
    assert verify_chain().ok


def test_key_rotation_re_encrypts_sealed_purposes_and_the_chain_still_verifies(revealed, settings):
    from django.core.management import call_command

    from safereturn.audit.chain import seal_pending, verify_chain

    _case, event = revealed
    seal_pending()
    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY, **settings.SAFERETURN_ENCRYPTION_KEYS}
    call_command("rotate_keys")
    assert raw("SELECT purpose FROM audit_auditevent WHERE id = %s", [event.pk]).startswith("new:")
    assert AuditEvent.objects.get(pk=event.pk).purpose == REASON
    assert verify_chain().ok
