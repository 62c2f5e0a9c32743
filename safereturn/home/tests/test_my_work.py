"""Issue #16, work queues: "Việc của tôi" lists everything assigned to the officer and their agency
whatever its due date, one click from every page; routine notices are not titled as alerts."""

import datetime

import pytest
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.identification import services

pytestmark = pytest.mark.django_db


def _task_due_in(personas, case, days):
    return services.verification_task_create(
        actor=personas.actor("commune_supervisor"),
        case=case,
        kind="identity",
        assignee_agency_id=personas.police.pk,
        due_date=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_a_task_due_in_nineteen_days_is_on_my_work_page_but_not_in_the_home_weeks(personas, make_case, force_sign_in):
    personas.build("police_verifier", "commune_supervisor")
    case = make_case()
    later = _task_due_in(personas, case, 19)
    soon = _task_due_in(personas, case, 2)
    client = force_sign_in("police_verifier")
    home = client.get("/").content.decode()
    assert f"/identification/cases/{case.pk}/tasks/{soon.pk}/" in home
    assert f"/identification/cases/{case.pk}/tasks/{later.pk}/" not in home
    assert 'href="/my-work/"' in home  # the home page links to the whole list
    page = client.get("/my-work/").content.decode()
    assert "Việc của tôi" in page
    first = page.index(f"/tasks/{soon.pk}/")
    assert first < page.index(f"/tasks/{later.pk}/")  # earliest due first
    assert AuditEvent.objects.filter(object_type="work_queue", details__what="my_work:agency:2").exists()


def test_every_page_links_to_my_work_from_the_header(personas, make_case, force_sign_in):
    case = make_case()
    client = force_sign_in("intake")
    for url in ("/", "/cases/", f"/cases/{case.pk}/", "/notifications/", "/my-work/"):
        page = client.get(url).content.decode()
        assert 'data-testid="my-work-link"' in page and 'href="/my-work/"' in page, url


def test_my_work_shows_role_requests_and_nothing_for_an_officer_without_work(personas, force_sign_in):
    client = force_sign_in("reporting")
    page = client.get("/my-work/")
    assert page.status_code == 200
    assert 'data-testid="my-work-empty"' in page.content.decode()


def test_a_routine_task_notice_is_not_titled_as_an_alert(personas, make_case, force_sign_in):
    personas.build("police_verifier", "commune_supervisor")
    _task_due_in(personas, make_case(), 5)
    page = force_sign_in("police_verifier").get("/").content.decode()
    assert "Cảnh báo dành cho bạn" not in page
    assert "Thông báo mới" in page
    assert "Cơ quan bạn được giao nhiệm vụ xác minh" in page  # the notice's own kind as its title
    assert "text-bg-danger" not in page  # no alert badge on a routine notice


def test_the_api_lists_my_work_whatever_its_due_date(personas, make_case, force_sign_in):
    personas.build("police_verifier", "commune_supervisor")
    case = make_case()
    later = _task_due_in(personas, case, 19)
    soon = _task_due_in(personas, case, 2)
    rows = force_sign_in("police_verifier").get("/api/my-work/").json()
    assert [row["url"] for row in rows] == [
        f"/identification/cases/{case.pk}/tasks/{soon.pk}/",
        f"/identification/cases/{case.pk}/tasks/{later.pk}/",
    ]
    assert case.number in rows[1]["text"] and rows[1]["overdue"] is False
    assert rows[1]["due_date"] == later.due_date.isoformat()
