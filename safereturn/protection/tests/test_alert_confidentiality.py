"""A danger alert's text may describe the person and where she is: it is encrypted at rest, every page or
answer that shows it is an audited read of case data, e-mails carry the case number and never a name nor the
text, and officers outside the province, officers of agencies the alert did not reach and roles without case
work cannot open it; emergency access opens it without its text."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.protection import services
from safereturn.protection.models import DangerAlert
from safereturn.testing.factories import BreakGlassGrantFactory
from safereturn.testing.personas import new_agency, new_officer

pytestmark = pytest.mark.django_db

NAME = "Phạm Thị Thu Hằng"
CALLS = "Một người tự xưng là anh họ của chị Hằng gọi đến cơ sở hai lần hỏi chị ở phòng nào"
DONE = "Đã cử cán bộ đến cơ sở, xác minh số máy 0912 736 481"


@pytest.fixture
def alert(personas, province, make_case, django_capture_on_commit_callbacks):
    case = make_case(full_name=NAME)
    with django_capture_on_commit_callbacks(execute=True):
        raised = services.alert_raise(actor=personas.actor("commune_case_worker"), case=case, description=CALLS)
    return raised


def _raw(column):
    table = connection.ops.quote_name(DangerAlert._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table}")  # noqa: S608 - the model's own
        return [row[0] for row in cursor.fetchall()]


def test_the_alert_text_and_what_was_done_are_encrypted_at_rest(personas, alert):
    services.alert_acknowledge(
        actor=personas.actor("police_verifier"), alert=alert, expected_version=alert.version, action_taken=DONE
    )
    (description,) = _raw("description")
    (action_taken,) = _raw("action_taken")
    for stored in (description, action_taken):
        assert stored.startswith("test1:")
        for clear in ("anh họ", "Hằng", "phòng nào", "0912", "cán bộ"):
            assert clear not in stored
    alert.refresh_from_db()
    assert (alert.description, alert.action_taken) == (CALLS, DONE)


def _views(who, alert):
    return AuditEvent.objects.filter(
        action="view",
        actor_username=who.username,
        object_type="case",
        object_id=str(alert.case_id),
        details__what=f"danger_alert:{alert.pk}",
    )


def test_reading_an_alert_on_the_page_or_through_the_api_is_an_audited_read_of_the_case(
    client, force_sign_in, personas, alert
):
    focal = personas.police_verifier
    force_sign_in(focal)
    assert CALLS in client.get(f"/protection/alerts/{alert.pk}/").content.decode()
    assert list(_views(focal, alert).values_list("details__via", flat=True)) == ["web"]
    # A form sent back with its errors shows the alert again: read again.
    refused = client.post(f"/protection/alerts/{alert.pk}/", {"version": alert.version, "action_taken": ""})
    assert refused.status_code == 200 and CALLS in refused.content.decode()
    assert _views(focal, alert).count() == 2
    assert client.get(f"/api/danger-alerts/{alert.pk}/").json()["description"] == CALLS
    assert sorted(_views(focal, alert).values_list("details__via", flat=True)) == ["api", "web", "web"]


def test_e_mails_carry_the_case_number_and_never_a_name_or_the_text(
    personas, province, alert, django_capture_on_commit_callbacks
):
    case = alert.case
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalation_sweep(now=alert.escalate_at + datetime.timedelta(minutes=1)) == 1
    alert.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.alert_acknowledge(
            actor=personas.actor("police_verifier"), alert=alert, expected_version=alert.version, action_taken=DONE
        )
    subjects = {m.subject for m in mail.outbox}
    assert len(subjects) == 3, subjects  # raised, escalated, acknowledged
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert case.number in text and "/notifications/" in text
        for secret in (NAME, "Hằng", "anh họ", "phòng nào", "0912", "xác minh số máy"):
            assert secret not in text, (message.subject, secret)


@pytest.mark.parametrize(
    "who",
    ["other_verifier", "other_supervisor", "auditor", "reporting", "hotline_intake"],
)
def test_officers_it_did_not_reach_outside_the_case_cannot_open_it(client, force_sign_in, personas, alert, who):
    force_sign_in(who)
    assert client.get(f"/protection/alerts/{alert.pk}/").status_code in (403, 404)
    assert client.get(f"/api/danger-alerts/{alert.pk}/").status_code in (403, 404)
    assert client.post(f"/api/danger-alerts/{alert.pk}/acknowledge/", {}).status_code in (403, 404)
    listed = client.get("/api/danger-alerts/")
    assert listed.status_code == 403 or alert.pk not in [a["id"] for a in listed.json()]
    assert not DangerAlert.objects.exclude(status="open").exists()


def test_a_commune_police_officer_of_the_province_cannot_open_it(client, force_sign_in, alert):
    commune_police = new_agency("commune_police", level="commune", commune_code=31510, name="Công an phường (thử)")
    force_sign_in(new_officer("verifier", agency=commune_police))
    assert client.get(f"/protection/alerts/{alert.pk}/").status_code == 404
    assert client.get(f"/api/danger-alerts/{alert.pk}/").status_code == 404


def test_emergency_access_opens_the_alert_without_its_text(client, force_sign_in, personas, alert):
    grant = BreakGlassGrantFactory(case=alert.case, expires_at=timezone.now() + datetime.timedelta(hours=1))
    force_sign_in(grant.user)
    page = client.get(f"/protection/alerts/{alert.pk}/")
    assert page.status_code == 200 and CALLS not in page.content.decode() and alert.case.number in page.content.decode()
    answer = client.get(f"/api/danger-alerts/{alert.pk}/").json()
    assert answer["description"] != CALLS and "anh họ" not in answer["description"]
    listed = client.get(f"/api/cases/{alert.case_id}/danger-alerts/").json()
    assert [a["description"] for a in listed] == [answer["description"]]


def test_the_list_of_alerts_costs_the_same_for_one_alert_as_for_three(client, force_sign_in, personas, alert):
    force_sign_in("police_verifier")
    shown = []

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/danger-alerts/").status_code == 200
        shown[:] = [q["sql"][:150] for q in queries.captured_queries]
        return len(queries)

    cost()  # the first request of the session reads what later ones find remembered
    one = cost()
    for _ in range(2):
        services.alert_raise(actor=personas.actor("commune_case_worker"), case=alert.case, description=CALLS)
    assert len(client.get("/api/danger-alerts/").json()) == 3
    assert cost() == one, "\n".join(shown)
