import datetime

import pytest
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.identification import services
from safereturn.identification.models import Evidence, VerificationTask

pytestmark = pytest.mark.django_db


def _task(world, case, **extra):
    return services.verification_task_create(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        kind="identity",
        assignee_agency_id=world["agencies"]["police"].pk,
        **extra,
    )


def test_case_page_shows_the_panel_and_a_supervisor_assigns_a_task(world, make_case, force_sign_in):
    case = make_case()
    client = force_sign_in("commune_supervisor")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="identification-panel"' in page and "/identification/cases/" in page
    response = client.post(
        f"/identification/cases/{case.pk}/tasks/new/",
        {"kind": "identity", "assignee_agency": world["agencies"]["police"].pk},
    )
    assert response.status_code == 302
    assert VerificationTask.objects.get().case == case


def test_bad_input_on_pages_gets_field_messages_and_changes_nothing(world, make_case, force_sign_in):
    case = make_case()
    client = force_sign_in("commune_supervisor")
    response = client.post(
        f"/identification/cases/{case.pk}/tasks/new/",
        {"kind": "identity", "assignee_agency": world["agencies"]["police"].pk, "due_date": "01/01/2020"},
    )
    assert response.status_code == 200
    assert "Hạn hoàn thành không thể ở quá khứ." in response.content.decode()
    response = client.post(
        f"/identification/cases/{case.pk}/tasks/new/", {"kind": "identity", "assignee_agency": "999999"}
    )
    assert "Chọn một cơ quan trong danh bạ." in response.content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        f"/identification/cases/{case.pk}/evidence/new/",
        {"source": "person_or_relatives", "obtained_on": tomorrow, "description": "Lời khai"},
    )
    assert "Ngày của chứng cứ không thể ở tương lai." in response.content.decode()
    assert not VerificationTask.objects.exists() and not Evidence.objects.exists()


def test_assignee_works_the_task_on_its_page_then_loses_access(world, make_case, force_sign_in):
    case = make_case()
    task = _task(world, case, due_date=timezone.localdate())
    client = force_sign_in("police_verifier")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/identification/cases/{case.pk}/tasks/{task.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="view", object_id=str(case.pk), details__via="web").exists()
    home = client.get("/").content.decode()
    assert f"/identification/cases/{case.pk}/tasks/{task.pk}/" in home
    response = client.post(
        f"/identification/cases/{case.pk}/tasks/{task.pk}/",
        {"action": "complete", "version": task.version, "findings": "Khớp dữ liệu dân cư"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/verification-tasks/").status_code == 404


def test_illegal_transition_on_the_page_shows_the_message(world, make_case, force_sign_in):
    case = make_case()
    client = force_sign_in("commune_supervisor")
    response = client.post(f"/identification/cases/{case.pk}/status/close/", {"version": 1}, follow=True)
    assert "nên không thể đóng hồ sơ" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "being_identified"


def test_api_full_flow(world, make_case, force_sign_in):
    case = make_case()
    client = force_sign_in("commune_supervisor")
    r = client.post(f"/api/cases/{case.pk}/transitions/", {"transition": "start_verification", "version": 1})
    assert r.status_code == 200 and r.json()["status"] == "under_verification"
    r = client.post(f"/api/cases/{case.pk}/transitions/", {"transition": "start_verification", "version": 2})
    assert r.status_code == 409 and "không thể bắt đầu xác minh" in r.json()["detail"]
    r = client.post(
        f"/api/cases/{case.pk}/verification-tasks/",
        {"kind": "identity", "assignee_agency": world["agencies"]["police"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = client.post(
        f"/api/cases/{case.pk}/evidence/",
        {"source": "rescuing_body", "obtained_on": timezone.localdate().isoformat(), "description": "Biên bản"},
        content_type="application/json",
    )
    assert r.status_code == 201
    evidence_id = r.json()["id"]
    client.logout()
    client = force_sign_in("police_verifier")
    r = client.post(
        f"/api/cases/{case.pk}/decisions/",
        {
            "kind": "victim",
            "version": 2,
            "decided_on": timezone.localdate().isoformat(),
            "reason": "Đủ căn cứ",
            "basis": [evidence_id],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["document_number"] == "01/GXNNN-CAT"
    listing = client.get(f"/api/cases/{case.pk}/decisions/")
    assert listing.status_code == 200 and len(listing.json()) == 1
    assert client.get("/api/verification-queue/").status_code == 200


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"kind": "identity", "assignee_agency": 999999}, "assignee_agency"),
        ({"kind": "identity", "assignee_agency": None, "due_date": "2020-01-01"}, "due_date"),
    ],
)
def test_api_bad_task_input_gets_field_errors(world, make_case, force_sign_in, payload, field):
    case = make_case()
    if payload["assignee_agency"] is None:
        payload["assignee_agency"] = world["agencies"]["police"].pk
    r = force_sign_in("commune_supervisor").post(
        f"/api/cases/{case.pk}/verification-tasks/", payload, content_type="application/json"
    )
    assert r.status_code == 400 and field in r.json()


def test_api_future_evidence_date_is_refused(world, make_case, force_sign_in):
    case = make_case()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = force_sign_in("commune_supervisor").post(
        f"/api/cases/{case.pk}/evidence/",
        {"source": "rescuing_body", "obtained_on": tomorrow, "description": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "obtained_on" in r.json()


def test_not_competent_agency_is_refused_on_page_and_api(world, make_case, force_sign_in):
    case = make_case()
    case = services.case_transition(
        actor=world["actors"]["commune_supervisor"], case=case, transition="start_verification", expected_version=1
    )
    client = force_sign_in("commune_supervisor")
    assert client.get(f"/identification/cases/{case.pk}/decision/new/").status_code == 403
    r = client.post(
        f"/api/cases/{case.pk}/decisions/",
        {"kind": "victim", "version": 2, "decided_on": timezone.localdate().isoformat(), "reason": "x", "basis": []},
        content_type="application/json",
    )
    assert r.status_code == 403


def _urls(case, task):
    return {
        "pages": [
            f"/identification/cases/{case.pk}/tasks/new/",
            f"/identification/cases/{case.pk}/tasks/{task.pk}/",
            f"/identification/cases/{case.pk}/evidence/new/",
            f"/identification/cases/{case.pk}/decision/new/",
            f"/identification/cases/{case.pk}/return-certificate/new/",
        ],
        "api": [
            f"/api/cases/{case.pk}/verification-tasks/",
            f"/api/cases/{case.pk}/verification-tasks/{task.pk}/",
            f"/api/cases/{case.pk}/evidence/",
            f"/api/cases/{case.pk}/decisions/",
        ],
    }


def test_roles_without_case_access_get_403(world, make_case, force_sign_in):
    case = make_case()
    urls = _urls(case, _task(world, case))
    client = force_sign_in("reporting")
    for url in urls["pages"] + urls["api"] + ["/identification/queue/", "/api/verification-queue/"]:
        assert client.get(url).status_code == 403, url
    r = client.post(f"/identification/cases/{case.pk}/status/start_verification/", {"version": 1})
    assert r.status_code == 403
    r = client.post(f"/api/cases/{case.pk}/transitions/", {"transition": "start_verification", "version": 1})
    assert r.status_code == 403


def test_other_provinces_get_404(world, make_case, force_sign_in):
    case = make_case()
    urls = _urls(case, _task(world, case))
    client = force_sign_in("other_verifier")
    for url in urls["pages"] + urls["api"]:
        assert client.get(url).status_code == 404, url
    r = client.post(f"/identification/cases/{case.pk}/status/start_verification/", {"version": 1})
    assert r.status_code == 404
    r = client.post(f"/api/cases/{case.pk}/transitions/", {"transition": "start_verification", "version": 1})
    assert r.status_code == 404
    queue = client.get("/api/verification-queue/").json()
    assert queue == {"overdue": [], "due_today": [], "due_this_week": []}


# ---- moving a due date -------------------------------------------------------------------------


def _due_url(case, task, api=False):
    if api:
        return f"/api/cases/{case.pk}/verification-tasks/{task.pk}/due-date/"
    return f"/identification/cases/{case.pk}/tasks/{task.pk}/due-date/"


def test_a_supervisor_moves_the_due_date_on_the_task_page(world, make_case, force_sign_in):
    case = make_case()
    task = _task(world, case)
    client = force_sign_in("commune_supervisor")
    page = client.get(f"/identification/cases/{case.pk}/tasks/{task.pk}/").content.decode()
    assert 'data-testid="due-date-form"' in page and "Đổi hạn hoàn thành" in page
    assert 'name="csrfmiddlewaretoken"' in page and _due_url(case, task) in page
    new_due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        _due_url(case, task),
        {"due-version": task.version, "due-due_date": new_due.strftime("%d/%m/%Y"), "due-reason": "Chờ trả lời"},
        follow=True,
    )
    body = response.content.decode()
    assert "Đã đổi hạn hoàn thành và thông báo cho cơ quan được giao." in body
    assert 'data-testid="due-date-changes"' in body and new_due.strftime("%d/%m/%Y") in body
    task.refresh_from_db()
    assert task.due_date == new_due and task.version == 2


def test_the_due_date_page_refuses_a_past_date_a_missing_reason_and_a_stale_version(world, make_case, force_sign_in):
    case = make_case()
    task = _task(world, case)
    client = force_sign_in("commune_supervisor")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        _due_url(case, task), {"due-version": task.version, "due-due_date": yesterday, "due-reason": "Lý do"}
    )
    assert response.status_code == 200
    assert "Hạn hoàn thành mới không thể ở quá khứ." in response.content.decode()
    later = (timezone.localdate() + datetime.timedelta(days=9)).strftime("%d/%m/%Y")
    response = client.post(_due_url(case, task), {"due-version": task.version, "due-due_date": later})
    assert response.status_code == 200 and "sr-error-summary" in response.content.decode()
    response = client.post(
        _due_url(case, task), {"due-version": 99, "due-due_date": later, "due-reason": "Lý do"}, follow=True
    )
    assert "Người khác đã thay đổi hồ sơ này" in response.content.decode()
    task.refresh_from_db()
    assert task.version == 1
    assert client.get(_due_url(case, task)).status_code == 405


def test_officers_who_may_not_move_the_due_date_see_no_form_and_are_refused(world, make_case, force_sign_in):
    case = make_case()
    task = _task(world, case)
    client = force_sign_in("police_verifier")
    page = client.get(f"/identification/cases/{case.pk}/tasks/{task.pk}/").content.decode()
    assert 'data-testid="due-date-form"' not in page
    later = (timezone.localdate() + datetime.timedelta(days=9)).strftime("%d/%m/%Y")
    data = {"due-version": 1, "due-due_date": later, "due-reason": "x"}
    assert client.post(_due_url(case, task), data).status_code == 403
    payload = {"version": 1, "due_date": "2099-01-01", "reason": "x"}
    assert client.post(_due_url(case, task, api=True), payload, content_type="application/json").status_code == 403
    client.logout()
    client = force_sign_in("other_verifier")
    assert client.post(_due_url(case, task), data).status_code == 404
    assert client.post(_due_url(case, task, api=True), payload, content_type="application/json").status_code == 404
    client.logout()
    client = force_sign_in("reporting")
    assert client.post(_due_url(case, task), data).status_code == 403
    assert client.post(_due_url(case, task, api=True), payload, content_type="application/json").status_code == 403
    task.refresh_from_db()
    assert task.version == 1


def test_api_moves_the_due_date(world, make_case, force_sign_in):
    case = make_case()
    task = _task(world, case)
    client = force_sign_in("police_supervisor")
    url = _due_url(case, task, api=True)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    r = client.post(url, {"version": 1, "due_date": yesterday, "reason": "x"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["due_date"] == ["Hạn hoàn thành mới không thể ở quá khứ."]
    r = client.post(url, {"version": 1, "due_date": "2099-01-01"}, content_type="application/json")
    assert r.status_code == 400 and "reason" in r.json()
    new_due = (timezone.localdate() + datetime.timedelta(days=12)).isoformat()
    r = client.post(url, {"version": 1, "due_date": new_due, "reason": "Đợi"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["due_date"] == new_due and r.json()["version"] == 2 and r.json()["status"] == "open"
    r = client.post(url, {"version": 1, "due_date": "2099-01-01", "reason": "Đợi"}, content_type="application/json")
    assert r.status_code == 409 and "Người khác đã thay đổi" in r.json()["detail"]
    schema = client.get("/api/schema/").content.decode()
    assert "/api/cases/{case_id}/verification-tasks/{task_id}/due-date/" in schema
