"""Finding 1: break-glass was an open door — any officer with a case role, anywhere, opened any case
nationally on a 20-character junk justification, in bulk, then revealed the identity, downloaded the
ID document and edited the case. Emergency access now keeps to the bounds of the rule in force."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.access import policy
from safereturn.access.models import BreakGlassGrant
from safereturn.cases import services
from safereturn.core import errors
from safereturn.notifications.models import Notification
from safereturn.rules.models import EmergencyAccessRule
from safereturn.testing import factories

pytestmark = pytest.mark.django_db

WHY = "Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay nơi ở"


def _ask(actor, case, justification=WHY, category="danger_to_life"):
    return services.emergency_access_ask(actor=actor, case_id=case.pk, category=category, justification=justification)


@pytest.fixture
def cases(personas, make_case):
    personas.build("commune_supervisor", "police_supervisor", "health_supervisor", "other_supervisor", "auditor")
    return [make_case(full_name=f"Nguyễn Thị Thử {n}", id_number=f"09230100{n:04d}") for n in range(20)]


def test_twenty_cases_of_another_province_give_twenty_requests_and_no_access(personas, cases, client, force_sign_in):
    outsider = personas.actor("other_verifier")  # Đà Nẵng police; the cases are Cần Thơ's
    for case in cases:
        grant = _ask(outsider, case)
        assert grant.status == "requested" and grant.request_reason == "outside_territory"
        assert grant.expires_at is None and not grant.is_live
    assert not policy.visible_cases(outsider).exists()
    force_sign_in("other_verifier")
    assert client.get(f"/cases/{cases[0].pk}/").status_code == 404
    assert client.get(f"/api/cases/{cases[0].pk}/").status_code == 404
    # The request went to the officer's own supervisor, who decides; not to the officer.
    asked = Notification.objects.filter(kind="emergency_requested")
    assert set(asked.values_list("recipient_id", flat=True)) == {personas.other_supervisor.pk}


@pytest.mark.parametrize(
    "junk",
    [
        "aaaaaaaaaaaaaaaaaaaaaaaa",
        "khẩn cấp khẩn cấp khẩn cấp khẩn cấp",
        "xin mở hồ sơ gấp",
        "test test test test test test test test",
    ],
)
def test_a_justification_without_substance_is_refused_and_nothing_is_made(personas, cases, junk):
    officer = personas.actor("police_verifier")
    with pytest.raises(ValidationError) as refused:
        _ask(officer, cases[0], justification=junk)
    assert "justification" in refused.value.message_dict
    assert not BreakGlassGrant.objects.exists()


def test_a_category_is_required(personas, cases):
    with pytest.raises(ValidationError) as refused:
        _ask(personas.actor("police_verifier"), cases[0], category="curiosity")
    assert "category" in refused.value.message_dict
    assert not BreakGlassGrant.objects.exists()


def test_within_the_province_access_is_read_only_short_and_limited_per_day(
    personas, cases, client, force_sign_in, media
):
    hotline = personas.actor("hotline_intake")  # Cần Thơ hotline: same province, not taking part
    rule = EmergencyAccessRule.objects.get()
    first = _ask(hotline, cases[0])
    assert first.status == "granted" and first.route == "within_bounds"
    assert first.expires_at - first.granted_at == datetime.timedelta(minutes=rule.access_minutes)
    case = policy.case_for_actor(hotline, cases[0].pk)
    assert not policy.can_edit_case(hotline, case)
    assert not policy.can_reveal_identity(hotline, case)
    force_sign_in("hotline_intake")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần gọi cho người này ngay"}).status_code == 403
    assert client.get(f"/cases/{case.pk}/edit/").status_code == 403
    id_document = factories.CaseDocumentFactory(case=cases[0], kind="id_document")
    assert client.get(f"/cases/{case.pk}/documents/{id_document.pk}/").status_code in (403, 404)
    assert client.get(f"/api/cases/{case.pk}/").json()["person"]["revealed"] is False
    # The day's allowance (the rule's), then each further case is a request.
    for n in range(1, rule.daily_limit):
        assert _ask(hotline, cases[n]).status == "granted"
    over = _ask(hotline, cases[rule.daily_limit])
    assert over.status == "requested" and over.request_reason == "daily_limit"
    # Once the minutes are over, the case is closed to the officer again.
    BreakGlassGrant.objects.filter(pk=first.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_every_use_tells_the_supervisor_and_the_provincial_auditor_at_once_by_e_mail_too(
    personas, cases, django_capture_on_commit_callbacks
):
    hotline = personas.actor("hotline_intake")
    with django_capture_on_commit_callbacks(execute=True):
        grant = _ask(hotline, cases[0])
    told = set(Notification.objects.filter(kind="break_glass").values_list("recipient_id", flat=True))
    # The hotline has no supervisor: the province's lead agency's supervisors are told; and the auditor.
    assert personas.auditor.pk in told
    assert told - {personas.auditor.pk}, "a supervisor is told"
    assert hotline.user.pk not in told
    e_mailed = {address for message in mail.outbox for address in message.to}
    assert personas.auditor.email in e_mailed
    assert grant.supervising_agency is not None and grant.review_due is not None


def test_a_supervisor_approves_a_request_and_reviews_the_use_which_the_auditor_lists_until_done(
    personas, cases, client, force_sign_in
):
    outsider = personas.actor("other_verifier")
    supervisor = personas.actor("other_supervisor")
    asked = _ask(outsider, cases[0])
    with pytest.raises(errors.NotFound):  # another province's supervisor cannot even see it
        services.emergency_access_decide(actor=personas.actor("police_supervisor"), grant_id=asked.pk, approve=True)
    granted = services.emergency_access_decide(actor=supervisor, grant_id=asked.pk, approve=True)
    assert granted.status == "granted" and granted.route == "approved" and granted.is_live
    with pytest.raises(errors.StateError):
        services.emergency_access_decide(actor=supervisor, grant_id=asked.pk, approve=False, note="Muộn")
    assert policy.visible_cases(outsider).filter(pk=cases[0].pk).exists()

    force_sign_in("auditor")
    listed = client.get("/audit/emergency-access/?waiting=1").content.decode()
    assert cases[0].number in listed
    services.emergency_access_review(actor=supervisor, grant_id=asked.pk, outcome="justified")
    assert cases[0].number not in client.get("/audit/emergency-access/?waiting=1").content.decode()
    assert cases[0].number in client.get("/audit/emergency-access/").content.decode()


def test_nobody_approves_or_reviews_their_own_emergency_access(personas, cases):
    supervisor = personas.actor("other_supervisor")
    asked = _ask(supervisor, cases[0])
    assert asked.status == "requested"
    with pytest.raises(errors.DomainError):
        services.emergency_access_decide(actor=supervisor, grant_id=asked.pk, approve=True)
    assert BreakGlassGrant.objects.get(pk=asked.pk).status == "requested"


def test_the_api_answers_a_request_with_202_and_never_the_case(personas, cases, client, force_sign_in):
    force_sign_in("other_verifier")
    response = client.post(
        "/api/break-glass/",
        {"case_number": cases[0].number, "category": "danger_to_life", "justification": WHY},
        content_type="application/json",
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "requested" and "person" not in body
    junk = client.post(
        "/api/break-glass/",
        {"case_number": cases[1].number, "category": "danger_to_life", "justification": "a" * 25},
        content_type="application/json",
    )
    assert junk.status_code == 400 and "justification" in junk.json()
