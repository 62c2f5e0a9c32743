"""Closing with a reason from the vocabulary, refused while planned services or follow-up visits are open
unless a supervisor decides (recorded with a reason); reopening still works. Service, page and API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.cases.extensions import OpenItem, closure_blockers
from safereturn.cases.models import Case, CaseEvent
from safereturn.core import errors
from safereturn.identification import services as identification
from safereturn.identification.models import CaseClosure
from safereturn.reintegration import services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _identified(case):
    Case.objects.filter(pk=case.pk).update(status="identified")
    case.refresh_from_db()
    return case


def _with_open_service(cast, case):
    actor = cast.actor("commune_case_worker")
    plan = services.plan_create(
        actor=actor, case=case, goals="Học nghề", starts_on=TODAY(), owner_agency_id=cast.commune.pk
    )
    return services.service_add(
        actor=actor, plan=plan, service_type="vocational", target_date=TODAY() + datetime.timedelta(days=20),
        owner_agency_id=cast.commune.pk,
    )  # fmt: skip


def _close(actor, case, **extra):
    case.refresh_from_db()
    return identification.case_transition(
        actor=actor, case=case, transition="close", expected_version=case.version, reason="Đã hỗ trợ xong", **extra
    )


def test_the_reason_must_come_from_the_vocabulary(cast, adult_case):
    case = _identified(adult_case)
    with pytest.raises(ValidationError) as refused:
        _close(cast.actor("commune_supervisor"), case, closure_reason="bored")
    assert "closure_reason" in refused.value.message_dict
    closed = _close(cast.actor("commune_supervisor"), case, closure_reason="not_victim")
    assert closed.status == "closed" and CaseClosure.objects.get(case=case).reason == "not_victim"


def test_open_support_items_refuse_the_close_unless_a_supervisor_decides(cast, adult_case):
    case = _identified(adult_case)
    service = _with_open_service(cast, case)
    services.return_record(
        actor=cast.actor("commune_case_worker"), case=case, returned_on=TODAY(), place="family",
        follow_up_agency_id=cast.commune.pk,
    )  # fmt: skip
    with pytest.raises(errors.StateError) as refused:
        _close(cast.actor("commune_supervisor"), case, closure_reason="reintegrated")
    assert "3" in str(refused.value.message)  # the plan in progress, its open service, the visit
    case.refresh_from_db()
    assert case.status == "identified" and not CaseClosure.objects.exists()
    # A case worker may not decide it, whatever reason they give.
    with pytest.raises(ValidationError) as refused:
        _close(cast.actor("commune_case_worker"), case, closure_reason="reintegrated", override_reason="Đã chuyển đi")
    assert "override_reason" in refused.value.message_dict
    closed = _close(
        cast.actor("commune_supervisor"), case, closure_reason="moved_away", override_reason="Đã chuyển vào Bình Dương"
    )
    assert closed.status == "closed"
    closure = CaseClosure.objects.get(case=case)
    assert closure.overridden and len(closure.open_items) == 3 and closure.override_reason == "Đã chuyển vào Bình Dương"
    event = CaseEvent.objects.filter(case=case, kind="status_changed").latest("pk")
    assert event.data["closure_reason"] == "moved_away" and event.data["overridden"] == 3
    assert "Bình Dương" not in str(event.data)
    service.refresh_from_db()
    assert service.status == "planned"  # the decision closes over it; it does not change it
    reopened = identification.case_transition(
        actor=cast.actor("commune_supervisor"), case=closed, transition="reopen", expected_version=closed.version,
        reason="Có thông tin mới",
    )  # fmt: skip
    assert reopened.status == "under_verification"
    closure.refresh_from_db()
    assert closure.reopened_at is not None


def test_other_apps_register_their_blockers(cast, adult_case):
    case = _identified(adult_case)
    closure_blockers.register("test-shelter", lambda c: [OpenItem("Lưu trú tại cơ sở")] if c.pk == case.pk else [])
    try:
        with pytest.raises(errors.StateError) as refused:
            _close(cast.actor("commune_supervisor"), case, closure_reason="reintegrated")
        assert "Lưu trú tại cơ sở" in str(refused.value.message)
    finally:
        closure_blockers.unregister("test-shelter")
    assert _close(cast.actor("commune_supervisor"), case, closure_reason="reintegrated").status == "closed"


def test_the_close_page_lists_open_items_and_asks_the_supervisor(cast, adult_case, force_sign_in):
    case = _identified(adult_case)
    _with_open_service(cast, case)
    client = force_sign_in("commune_supervisor")
    url = f"/identification/cases/{case.pk}/close/"
    page = client.get(url).content.decode()
    assert 'data-testid="open-items"' in page and 'name="override_reason"' in page and 'name="closure_reason"' in page
    refused = client.post(url, {"version": case.version, "reason": "Xong", "closure_reason": "reintegrated"})
    assert refused.status_code == 200 and 'data-testid="close-refused"' in refused.content.decode()
    done = client.post(
        url,
        {"version": case.version, "reason": "Xong", "closure_reason": "reintegrated", "override_reason": "Đã tự túc"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_the_api_refuses_then_accepts_the_supervisors_decision(cast, adult_case, force_sign_in):
    case = _identified(adult_case)
    _with_open_service(cast, case)
    client = force_sign_in("commune_supervisor")
    url = f"/api/cases/{case.pk}/transitions/"
    body = {"transition": "close", "version": case.version, "reason": "Xong", "closure_reason": "reintegrated"}
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 409
    r = client.post(url, body | {"override_reason": "Đã tự túc"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "closed"
