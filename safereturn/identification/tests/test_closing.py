"""Issue #16, closing a case: a confirmation page with a required reason (a confidential note the
timeline event points to, audited); refused while verification tasks are open unless the officer
chooses to cancel them with that reason. Page and API."""

import pytest

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent, CaseNote
from safereturn.identification.models import VerificationTask

from .test_services import _decide, _start

pytestmark = pytest.mark.django_db


def _decided_case(world, make_case):
    """A case identified as a victim, with the police's verification task still open."""
    case = _start(world, make_case())
    _decide(world, case)
    case.refresh_from_db()
    assert case.status == "identified"
    assert VerificationTask.objects.filter(case=case, status="open").count() == 1
    return case


def test_the_case_page_offers_a_confirmation_page_not_a_one_click_close(world, make_case, force_sign_in):
    case = _decided_case(world, make_case)
    client = force_sign_in("commune_supervisor")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/identification/cases/{case.pk}/close/"' in page
    assert f'action="/identification/cases/{case.pk}/status/close/"' not in page
    confirm = client.get(f"/identification/cases/{case.pk}/close/").content.decode()
    assert "Lý do đóng hồ sơ?" in confirm and 'data-testid="open-tasks"' in confirm


def test_closing_needs_a_reason_and_waits_for_open_tasks_or_cancels_them(world, make_case, force_sign_in):
    case = _decided_case(world, make_case)
    client = force_sign_in("commune_supervisor")
    url = f"/identification/cases/{case.pk}/close/"
    no_reason = client.post(url, {"version": case.version})
    assert no_reason.status_code == 200 and "Hãy nêu lý do đóng hồ sơ." in no_reason.content.decode()
    open_tasks = client.post(
        url, {"version": case.version, "reason": "Đã hỗ trợ xong", "closure_reason": "reintegrated"}
    )
    assert open_tasks.status_code == 200
    assert 'data-testid="close-refused"' in open_tasks.content.decode()
    assert "1 nhiệm vụ xác minh vẫn đang mở trong hồ sơ này" in open_tasks.content.decode()
    case.refresh_from_db()
    assert case.status == "identified" and not CaseNote.objects.filter(case=case).exists()

    closed = client.post(
        url,
        {
            "version": case.version,
            "reason": "Đã hỗ trợ xong",
            "closure_reason": "reintegrated",
            "cancel_open_tasks": "on",
        },
    )
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    task = VerificationTask.objects.get(case=case)
    assert task.status == "cancelled"
    event = CaseEvent.objects.filter(case=case, kind="status_changed").latest("pk")
    assert event.data["transition"] == "close" and event.data["cancelled_tasks"] == [task.pk]
    assert CaseNote.objects.get(pk=event.data["note"]).body == "Đã hỗ trợ xong"
    assert "Đã hỗ trợ xong" not in str(event.data)  # the reason is an encrypted note, not event data
    audited = AuditEvent.objects.filter(action="status_change", object_id=str(case.pk)).latest("pk")
    assert audited.details["transition"] == "close"


def test_the_api_refuses_a_close_without_reason_or_with_open_tasks(world, make_case, force_sign_in):
    case = _decided_case(world, make_case)
    client = force_sign_in("commune_supervisor")
    url = f"/api/cases/{case.pk}/transitions/"
    r = client.post(url, {"transition": "close", "version": case.version}, content_type="application/json")
    assert r.status_code == 400 and "reason" in r.json()
    body = {
        "transition": "close",
        "version": case.version,
        "reason": "Đã hỗ trợ xong",
        "closure_reason": "reintegrated",
    }
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 409 and "vẫn đang mở" in r.json()["detail"]
    r = client.post(url, body | {"cancel_open_tasks": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert VerificationTask.objects.get(case=case).status == "cancelled"


def test_a_case_without_open_tasks_closes_with_its_reason(world, make_case, force_sign_in):
    case = _decided_case(world, make_case)
    VerificationTask.objects.filter(case=case).update(status="done")
    client = force_sign_in("commune_supervisor")
    r = client.post(
        f"/identification/cases/{case.pk}/close/",
        {"version": case.version, "reason": "Hoàn tất", "closure_reason": "reintegrated"},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
