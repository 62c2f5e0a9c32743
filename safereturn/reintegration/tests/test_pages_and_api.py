"""Pages and API: health and psychological answers hidden from roles that may not read them; the forms
with their error summary; the case-page panel; the API's answers and refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.reintegration import services
from safereturn.reintegration.models import ChildEscort, FollowUpVisit, NeedsAssessment, SupportPlan
from safereturn.testing.personas import new_officer, record_case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
HEALTH_NOTE = "Sốt rét tái phát, cần khám"
MIND_NOTE = "Mất ngủ, hoảng sợ khi nghe tiếng xe"


@pytest.fixture
def assessed(cast, adult_case):
    return services.needs_assess(
        actor=cast.actor("health_case_worker"),
        case=adult_case,
        assessed_on=TODAY(),
        wishes="Muốn về nhà",
        answers={
            "health": "urgent",
            "health_notes": HEALTH_NOTE,
            "psychological": "some",
            "psychological_notes": MIND_NOTE,
            "safety": "some",
        },
    )


def _reveal(client, case, api=False):
    reason = {"reason": "Cần đối chiếu nhu cầu hỗ trợ"}
    if api:
        return client.post(f"/api/cases/{case.pk}/reveal/", reason, content_type="application/json")
    return client.post(f"/cases/{case.pk}/reveal/", reason)


def test_health_answers_are_hidden_from_other_staff_on_the_page(cast, adult_case, assessed, force_sign_in, client):
    url = f"/reintegration/cases/{adult_case.pk}/needs/{assessed.pk}/"
    force_sign_in("commune_case_worker")
    _reveal(client, adult_case)
    page = client.get(url).content.decode()
    assert 'data-domain="safety"' in page and 'data-domain="health"' not in page
    assert 'data-domain="psychological"' not in page and HEALTH_NOTE not in page and MIND_NOTE not in page
    assert 'data-testid="needs-restricted"' in page
    case_page = client.get(f"/cases/{adult_case.pk}/").content.decode()
    assert 'data-testid="reintegration-panel"' in case_page and HEALTH_NOTE not in case_page
    client.logout()
    force_sign_in("health_case_worker")
    hidden = client.get(url).content.decode()
    assert 'data-domain="health"' in hidden and HEALTH_NOTE not in hidden  # no reveal yet: the note stays masked
    _reveal(client, adult_case)
    shown = client.get(url).content.decode()
    assert HEALTH_NOTE in shown and MIND_NOTE in shown
    assert AuditEvent.objects.filter(action="view", details__what=f"needs_assessment:{assessed.pk}").count() >= 3


def test_health_answers_are_hidden_from_other_staff_in_the_api(cast, adult_case, assessed, force_sign_in, client):
    url = f"/api/cases/{adult_case.pk}/needs-assessments/"
    force_sign_in("commune_supervisor")
    _reveal(client, adult_case, api=True)
    body = client.get(url).json()
    assert set(body[0]["domains"]) == {"education", "skills", "family", "safety"}
    assert HEALTH_NOTE not in str(body) and body[0]["wishes"] == "Muốn về nhà"
    client.logout()
    force_sign_in("health_supervisor")
    masked = client.get(url).json()
    assert masked[0]["domains"]["health"] == {"level": "urgent", "notes": "[Hiện danh tính để đọc nội dung này]"} or (
        masked[0]["domains"]["health"]["level"] == "urgent" and HEALTH_NOTE not in str(masked)
    )
    _reveal(client, adult_case, api=True)
    assert client.get(url).json()[0]["domains"]["health"]["notes"] == HEALTH_NOTE


def test_the_api_refuses_health_answers_from_other_staff(cast, adult_case, force_sign_in, client):
    force_sign_in("commune_case_worker")
    url = f"/api/cases/{adult_case.pk}/needs-assessments/"
    body = {"assessed_on": TODAY().isoformat(), "wishes": "Muốn đi học", "health": "urgent"}
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 400 and "health" in r.json()
    r = client.post(url, body | {"health": "unknown", "skills": "some"}, content_type="application/json")
    assert r.status_code == 201 and "health" not in r.json()["domains"]
    r = client.post(url, body | {"colour": "red"}, content_type="application/json")
    assert r.status_code == 400 and "colour" in r.json()


def test_the_needs_form_offers_health_only_to_health_staff(cast, adult_case, force_sign_in, client):
    url = f"/reintegration/cases/{adult_case.pk}/needs/new/"
    force_sign_in("commune_case_worker")
    page = client.get(url).content.decode()
    assert 'name="safety"' in page and 'name="health"' not in page and 'name="psychological_notes"' not in page
    errors = client.post(url, {"assessed_on": "31/02/2026"})
    assert errors.status_code == 200 and 'data-testid="error-summary"' in errors.content.decode()
    done = client.post(
        url,
        {
            "assessed_on": TODAY().strftime("%d/%m/%Y"),
            "wishes": "Về nhà",
            "safety": "some",
            "education": "unknown",
            "education_level": "unknown",
            "skills": "unknown",
            "family": "none",
            "family_situation": "with_family",
        },
    )
    assert done.status_code == 302 and NeedsAssessment.objects.get(case=adult_case).family_situation == "with_family"


def test_plan_service_and_review_pages(cast, adult_case, force_sign_in, client):
    force_sign_in("commune_case_worker")
    base = f"/reintegration/cases/{adult_case.pk}"
    r = client.post(
        f"{base}/plans/new/",
        {
            "goals": "Học nghề",
            "starts_on": TODAY().strftime("%d/%m/%Y"),
            "owner_agency": cast.commune.pk,
            "person_agreed": "on",
        },
    )
    assert r.status_code == 200 and "agreed_on" in r.context["form"].errors  # agreed, with no date
    r = client.post(
        f"{base}/plans/new/",
        {"goals": "Học nghề", "starts_on": TODAY().strftime("%d/%m/%Y"), "owner_agency": cast.commune.pk},
    )
    assert r.status_code == 302
    plan = SupportPlan.objects.get(case=adult_case)
    r = client.post(
        f"{base}/plans/{plan.pk}/services/new/",
        {
            "service_type": "loan",
            "target_date": (TODAY() + datetime.timedelta(days=60)).strftime("%d/%m/%Y"),
            "owner_agency": cast.commune.pk,
        },
    )
    assert r.status_code == 302
    detail = client.get(f"{base}/plans/{plan.pk}/").content.decode()
    assert 'data-testid="planned-services"' in detail and "sr-stack" in detail
    work = client.get("/my-work/").content.decode()
    assert adult_case.number in work and f"/plans/{plan.pk}/" in work
    r = client.post(
        f"{base}/plans/{plan.pk}/review/",
        {
            "version": plan.version,
            "reviewed_on": TODAY().strftime("%d/%m/%Y"),
            "notes": "Tiến triển tốt",
            "status": "active",
        },
    )
    assert r.status_code == 302


def test_escort_page_for_the_child_and_visit_page(cast, child_case, force_sign_in, client):
    force_sign_in("commune_case_worker")
    base = f"/reintegration/cases/{child_case.pk}"
    r = client.post(
        f"{base}/escort/new/",
        {
            "escorted_on": TODAY().strftime("%d/%m/%Y"),
            "destination": "guardian",
            "receiver_name": "Hồ Thị Lan",
            "receiver_relationship": "grandparent",
            "receiver_id_checked": "yes",
            "return_home": "on",
            "follow_up_agency": cast.commune.pk,
        },
    )
    assert r.status_code == 302 and ChildEscort.objects.get(case=child_case).receiver_id_checked
    visit = FollowUpVisit.objects.get(case=child_case)
    page = client.get(f"{base}/visits/{visit.pk}/").content.decode()
    assert 'name="findings"' in page
    r = client.post(
        f"{base}/visits/{visit.pk}/",
        {
            "version": visit.version,
            "status": "done",
            "visited_on": TODAY().strftime("%d/%m/%Y"),
            "findings": "Em đã đi học",
        },
    )
    assert r.status_code == 302
    assert FollowUpVisit.objects.filter(case=child_case, sequence=2, status="scheduled").exists()
    again = client.post(
        f"{base}/visits/{visit.pk}/",
        {"version": visit.version + 1, "status": "cancelled", "findings": "Nhầm"},
    )
    assert again.status_code == 302 and FollowUpVisit.objects.get(pk=visit.pk).status == "done"
    case_page = client.get(f"/cases/{child_case.pk}/").content.decode()
    assert 'data-testid="child-escorts"' in case_page and "Hồ Thị Lan" not in case_page  # the name needs a reveal


def test_api_round_trip(cast, child_case, force_sign_in, client):
    force_sign_in("commune_case_worker")
    api = f"/api/cases/{child_case.pk}"
    body = {"goals": "Đi học lại", "starts_on": TODAY().isoformat(), "owner_agency": cast.commune.pk}
    r = client.post(f"{api}/support-plans/", body, content_type="application/json")
    assert r.status_code == 400 and "child_plan" in r.json()
    r = client.post(
        f"{api}/support-plans/",
        body | {"child_wishes_heard_on": TODAY().isoformat(), "child_wishes": "Ở với bà", "child_plan": "Học lớp 9"},
        content_type="application/json",
    )
    assert r.status_code == 201
    plan = r.json()
    r = client.post(
        f"{api}/support-plans/{plan['id']}/services/",
        {"service_type": "schooling", "target_date": TODAY().isoformat(), "owner_agency": cast.commune.pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    service = r.json()
    r = client.post(
        f"{api}/planned-services/{service['id']}/", {"version": 1, "status": "done"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "done"
    r = client.post(
        f"{api}/planned-services/{service['id']}/", {"version": 2, "status": "done"}, content_type="application/json"
    )
    assert r.status_code == 409
    r = client.post(
        f"{api}/returns/",
        {"returned_on": TODAY().isoformat(), "place": "guardian", "follow_up_agency": cast.commune.pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    visits = client.get(f"{api}/follow-up-visits/").json()
    assert [v["sequence"] for v in visits] == [1] and visits[0]["overdue"] is False
    r = client.post(
        f"{api}/follow-up-visits/{visits[0]['id']}/",
        {"version": 1, "status": "missed", "visited_on": TODAY().isoformat(), "findings": "Gia đình đi vắng"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert len(client.get(f"{api}/follow-up-visits/").json()) == 2
    r = client.post(
        f"{api}/reintegration-assessments/",
        {
            "assessed_on": TODAY().isoformat(),
            "safety": 3,
            "income": 2,
            "housing": 4,
            "family": 4,
            "community": 3,
            "level": "progressing",
            "recommendation": "continue",
        },
        content_type="application/json",
    )
    # The commune scores all but health (a medical record): 16 of 20.
    assert r.status_code == 201 and (r.json()["total"], r.json()["max_total"], r.json()["health"]) == (16, 20, None)
    r = client.post(
        f"{api}/child-escorts/",
        {
            "escorted_on": (TODAY() + datetime.timedelta(days=2)).isoformat(),
            "destination": "guardian",
            "receiver_name": "Bà",
            "receiver_relationship": "grandparent",
            "receiver_id_checked": True,
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "escorted_on" in r.json()


def test_the_api_refuses_those_who_may_not(cast, adult_case, force_sign_in, client):
    force_sign_in("other_case_worker")  # Đà Nẵng police: does not see the case
    assert client.get(f"/api/cases/{adult_case.pk}/support-plans/").status_code == 404
    client.logout()
    force_sign_in("police_verifier")
    # The city police see the case as overseers (a supervisor would) — a verifier does not take part.
    r = client.post(
        f"/api/cases/{adult_case.pk}/family-contacts/",
        {"contacted_on": TODAY().isoformat(), "method": "phone", "outcome": "ready"},
        content_type="application/json",
    )
    assert r.status_code in (403, 404)


def test_retrafficking_from_the_page_shows_on_both_cases(cast, adult_case, force_sign_in, client):
    again = record_case(cast.actor("intake"), full_name="Trần Văn Nam", sex="male", birth_year=2004)
    force_sign_in("commune_case_worker")
    url = f"/reintegration/cases/{adult_case.pk}/retrafficking/new/"
    refused = client.post(url, {"new_case_number": "92-1999-000001", "flagged_on": TODAY().strftime("%d/%m/%Y")})
    assert refused.status_code == 200 and "new_case_number" in refused.context["form"].errors
    done = client.post(url, {"new_case_number": again.number, "flagged_on": TODAY().strftime("%d/%m/%Y")})
    assert done.status_code == 302
    for case, other in ((adult_case, again), (again, adult_case)):
        page = client.get(f"/cases/{case.pk}/").content.decode()
        links = page.split('data-testid="retrafficking-links"')[1].split("</ul>")[0]
        assert other.number in links
    api = client.get(f"/api/cases/{again.pk}/retrafficking-links/").json()
    assert api[0]["direction"] == "earlier" and api[0]["other_case_number"] == adult_case.number


# Every role: who reads the reintegration assessment's health score (a medical record). ``True``: reads it;
# ``False``: does not (the case hidden altogether, or the score left out and the total without it).
HEALTH_SCORE_READERS = [
    ("health_case_worker", True),
    ("health_supervisor", True),
    ("reporting", False),
    ("auditor", False),
    ("intake", False),
    ("commune_case_worker", False),
    ("commune_supervisor", False),
    ("police_verifier", False),
    ("police_supervisor", False),
    ("hotline_intake", False),
    ("other_case_worker", False),
    ("other_supervisor", False),
    ("programme_officer", False),
    ("system_admin", False),
]


@pytest.fixture
def scored(cast, adult_case):
    """The health department's case worker assesses reintegration, health scored 1 (serious problems)."""
    return services.reintegration_assess(
        actor=cast.actor("health_case_worker"),
        case=adult_case,
        assessed_on=TODAY(),
        scores={"safety": 3, "income": 2, "housing": 4, "health": 1, "family": 4, "community": 3},
        level="progressing",
        recommendation="continue",
    )


@pytest.mark.parametrize(("who", "reads"), HEALTH_SCORE_READERS)
def test_the_health_score_is_read_only_by_health_staff_on_page_and_api(
    cast, adult_case, scored, force_sign_in, client, who, reads
):
    force_sign_in(new_officer(who, agency=cast.health) if who in ("programme_officer", "system_admin") else who)
    response = client.get(f"/api/cases/{adult_case.pk}/reintegration-assessments/")
    page = client.get(f"/cases/{adult_case.pk}/")
    if reads:
        assert response.status_code == 200 and page.status_code == 200
        row = response.json()[0]
        assert (row["health"], row["total"], row["max_total"]) == (1, 17, 24)
        assert "(17/24)" in page.content.decode()
        return
    assert response.status_code in (200, 403, 404)
    if response.status_code == 200:
        row = response.json()[0]
        assert (row["health"], row["total"], row["max_total"]) == (None, 16, 20)
    html = page.content.decode() if page.status_code == 200 else ""
    assert "/24)" not in html and "17/" not in html
    if 'data-testid="reintegration-assessments"' in html:
        assert "(16/20)" in html
    if who.startswith("commune"):  # they take part in the case: they read the rest of the assessment
        assert response.status_code == 200 and "(16/20)" in html


def test_the_reintegration_form_offers_the_health_score_only_to_health_staff(cast, adult_case, force_sign_in, client):
    url = reverse("reintegration:assessment_create", args=[adult_case.pk])
    force_sign_in("commune_case_worker")
    page = client.get(url).content.decode()
    assert 'name="safety"' in page and 'name="health"' not in page
    force_sign_in("health_case_worker")
    assert 'name="health"' in client.get(url).content.decode()
    force_sign_in("commune_case_worker")
    body = {"assessed_on": TODAY().isoformat(), "safety": 3, "income": 2, "housing": 4, "family": 4, "community": 3}
    body |= {"level": "progressing", "recommendation": "continue"}
    api = f"/api/cases/{adult_case.pk}/reintegration-assessments/"
    refused = client.post(api, body | {"health": 2}, content_type="application/json")
    assert refused.status_code == 400 and "health" in refused.json()
