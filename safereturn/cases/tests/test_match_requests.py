"""Issue #16, a duplicate held by another agency: instead of only "this is a new person: save", the
officer may (a) save and ask the holding agency to confirm the match (it answers from its work queue;
on "same person" the new case joins the earlier record, so the person counts once), or (b) save as a
new person with a recorded reason. Nothing of the earlier record reaches the asking officer before the
answer. Page and API, audited."""

import pytest
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case, CaseEvent, CaseNote, MatchRequest, Person
from safereturn.cases.tests.test_intake_steps import _walk
from safereturn.notifications.models import Notification
from safereturn.testing.personas import DA_NANG

from .test_intake_and_cases import intake_form

pytestmark = pytest.mark.django_db

NAME = "Lâm Văn Tài"


@pytest.fixture
def held(personas, make_case):
    """The Đà Nẵng police hold a case of the same person; the Phú Lợi intake officer may not see it."""
    personas.build("other_verifier", "other_supervisor", "intake")
    return make_case(
        actor=personas.actor("other_verifier"),
        full_name=NAME,
        sex="male",
        birth_year=2003,
        province_id=DA_NANG,
        received_at=timezone.now() - timezone.timedelta(days=40),
    )


def test_the_intake_offers_to_ask_the_holding_agency(held, client, force_sign_in):
    force_sign_in("intake")
    page = client.post("/cases/intake/", intake_form()).content.decode()
    assert 'data-testid="ask-holder"' in page and 'name="new_person_reason"' in page
    assert held.number not in page


def test_a_new_person_needs_a_recorded_reason(held, client, force_sign_in):
    force_sign_in("intake")
    refused = client.post("/cases/intake/", intake_form(confirm_new_person="on"))
    assert refused.status_code == 200
    assert "Hãy nêu lý do đây là người mới" in refused.content.decode()
    assert Case.objects.count() == 1
    saved = client.post(
        "/cases/intake/", intake_form(confirm_new_person="on", new_person_reason="Khác quê, khác cha mẹ")
    )
    assert saved.status_code == 302
    case = Case.objects.exclude(pk=held.pk).get()
    event = CaseEvent.objects.get(case=case, kind="new_person_confirmed")
    assert CaseNote.objects.get(pk=event.data["note"]).body == "Khác quê, khác cha mẹ"
    assert AuditEvent.objects.filter(object_id=str(case.pk), details__new_person_despite_matches=True).exists()


def test_asking_the_holder_then_its_confirmation_links_the_case_and_counts_the_person_once(
    held, client, personas, force_sign_in
):
    force_sign_in("intake")
    response = client.post("/cases/intake/", intake_form(ask_holding_agency="on"), follow=True)
    case = Case.objects.exclude(pk=held.pk).get()
    request = MatchRequest.objects.get(case=case)
    assert request.holding_agency == personas.other_police and request.candidate_id == held.person_id
    assert request.status == "pending" and case.person_id != held.person_id
    # Nothing of the earlier record reaches the asking officer: no number, no person, no event data.
    assert held.number not in response.content.decode()
    asked = CaseEvent.objects.get(case=case, kind="match_requested")
    assert set(asked.data) == {"holding_agency"}
    assert AuditEvent.objects.filter(object_type="match_request", object_id=str(request.pk), action="create").exists()

    # The holding agency's verifier finds it in their work queue and answers.
    client.logout()
    force_sign_in("other_verifier")
    work = client.get("/my-work/").content.decode()
    assert f"/cases/match-requests/{request.pk}/" in work
    page = client.get(f"/cases/match-requests/{request.pk}/").content.decode()
    assert NAME in page and held.number in page
    assert AuditEvent.objects.filter(object_type="match_request", action="view", object_id=str(request.pk)).exists()
    answered = client.post(f"/cases/match-requests/{request.pk}/", {"version": request.version, "answer": "same"})
    assert answered.status_code == 302
    case.refresh_from_db()
    request.refresh_from_db()
    assert request.status == "confirmed" and case.person_id == held.person_id
    assert Person.objects.filter(merged_into__isnull=True).count() == 1  # counted once
    assert CaseEvent.objects.filter(case=case, kind="match_confirmed").exists()
    told = Notification.objects.get(recipient=personas.intake, kind="match_answered")
    assert NAME not in str(told.params) and held.number not in str(told.params)


def test_the_request_is_hidden_from_other_agencies(held, client, personas, force_sign_in):
    force_sign_in("intake")
    client.post("/cases/intake/", intake_form(ask_holding_agency="on"))
    request = MatchRequest.objects.get()
    client.logout()
    force_sign_in("intake")  # the asking officer cannot open the holder's side
    assert client.get(f"/cases/match-requests/{request.pk}/").status_code == 404
    assert client.get(f"/api/match-requests/{request.pk}/").status_code == 404


def test_the_api_asks_and_the_holder_declines(held, client, personas, force_sign_in):
    force_sign_in("intake")
    api_body = {
        "full_name": NAME,
        "sex": "male",
        "birth_year": 2003,
        "channel": "self_return",
        "received_at": timezone.now().isoformat(),
        "province": 92,
        "commune": 31510,
        "route": "domestic",
        "risk_level": "low",
    }
    r = client.post("/api/cases/", api_body, content_type="application/json")
    assert r.status_code == 409 and r.json()["held_elsewhere"] == 1
    r = client.post("/api/cases/", api_body | {"confirm_new_person": True}, content_type="application/json")
    assert r.status_code == 400 and "new_person_reason" in r.json()
    r = client.post("/api/cases/", api_body | {"ask_holding_agency": True}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert held.number not in r.content.decode()
    client.logout()
    force_sign_in("other_supervisor")
    listed = client.get("/api/match-requests/").json()
    assert len(listed) == 1 and listed[0]["records"] is None
    detail = client.get(f"/api/match-requests/{listed[0]['id']}/").json()
    assert detail["records"]["held"]["full_name"] == NAME
    r = client.post(
        f"/api/match-requests/{listed[0]['id']}/answer/",
        {"same_person": False, "version": listed[0]["version"]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "declined"
    assert Person.objects.filter(merged_into__isnull=True).count() == 2
    assert client.get("/api/match-requests/").json() == []


def test_asking_counts_as_a_duplicate_check_even_when_refused(personas, client, force_sign_in, settings):
    """Asking looks for records held elsewhere: it is within the officer's limit of checks, and a
    refusal (none held elsewhere) is counted too, so it cannot serve as a silent lookup."""
    settings.SAFERETURN_DUPLICATE_CHECK_LIMIT = 2
    force_sign_in("intake")
    for _ in range(2):
        refused = client.post("/cases/intake/", intake_form(full_name="Không Ai Trùng", ask_holding_agency="on"))
        assert refused.status_code == 200 and "Không có hồ sơ có thể trùng nào" in refused.content.decode()
    assert not Case.objects.exists()
    limited = client.post("/cases/intake/", intake_form(full_name="Không Ai Trùng", ask_holding_agency="on"))
    assert "quá nhiều lần" in limited.content.decode()


def test_the_check_page_of_the_intake_steps_offers_the_same_choices(held, client, force_sign_in):
    """The officers' way to save — the steps' check page — asks for the reason and can ask the holder."""
    force_sign_in("intake")
    check_url, draft = _walk(client)
    warned = client.post(check_url).content.decode()
    assert 'data-testid="ask-holder"' in warned and "new_person_reason" in warned
    refused = client.post(check_url, {"confirm_new_person": "on"})
    assert "Hãy nêu lý do đây là người mới" in refused.content.decode()
    assert Case.objects.count() == 1
    saved = client.post(check_url, {"ask_holding_agency": "on"})
    assert saved.status_code == 302
    case = Case.objects.exclude(pk=held.pk).get()
    assert MatchRequest.objects.filter(case=case, candidate_id=held.person_id).exists()
