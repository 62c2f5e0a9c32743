"""A support plan is completed (every planned service done or cancelled) or cancelled (its open services with
it), with a date and a reason, on the page and through the API, versioned; while it is in progress it blocks
closing the case unless a supervisor decides (``cases.extensions.closure_blockers``)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case, CaseEvent
from safereturn.core import errors
from safereturn.identification import services as identification
from safereturn.reintegration import services
from safereturn.reintegration.models import PlannedService, SupportPlan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _plan(cast, case, service_statuses=("planned",)):
    actor = cast.actor("commune_case_worker")
    plan = services.plan_create(
        actor=actor, case=case, goals="Học nghề may", starts_on=TODAY(), owner_agency_id=cast.commune.pk
    )
    for status in service_statuses:
        service = services.service_add(
            actor=actor, plan=plan, service_type="vocational", target_date=TODAY() + datetime.timedelta(days=20),
            owner_agency_id=cast.commune.pk,
        )  # fmt: skip
        if status != "planned":
            services.service_set_status(actor=actor, service=service, status=status, expected_version=service.version)
    plan.refresh_from_db()
    return plan


def _state(plan):
    return (
        list(SupportPlan.objects.filter(pk=plan.pk).values_list("status", "version", "closed_on")),
        list(PlannedService.objects.filter(plan=plan).values_list("status", "version")),
        AuditEvent.objects.count(),
        CaseEvent.objects.filter(case_id=plan.case_id).count(),
    )


def _close_plan(cast, plan, **change):
    args = {
        "outcome": "completed",
        "closed_on": TODAY(),
        "reason": "Đã có việc làm ổn định",
        "expected_version": plan.version,
    } | change
    return services.plan_close(actor=cast.actor("commune_case_worker"), plan=plan, **args)


# services, change, the field refused
REFUSALS = [
    (("planned",), {}, "outcome"),  # completed while a service is still planned
    (("in_progress", "done"), {}, "outcome"),
    (("done",), {"outcome": "paused"}, "outcome"),
    (("done",), {"reason": "  "}, "reason"),
    (("done",), {"outcome": "cancelled", "reason": ""}, "reason"),
    (("done",), {"closed_on": None}, "closed_on"),
    (("done",), {"closed_on": TODAY() + datetime.timedelta(days=1)}, "closed_on"),
    (("done",), {"closed_on": TODAY() - datetime.timedelta(days=400)}, "closed_on"),
]


@pytest.mark.parametrize(("statuses", "change", "field"), REFUSALS)
def test_bad_closings_are_refused_and_change_nothing(cast, adult_case, statuses, change, field):
    plan = _plan(cast, adult_case, statuses)
    before = _state(plan)
    with pytest.raises(ValidationError) as refused:
        _close_plan(cast, plan, **change)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert _state(plan) == before


# services before, outcome, services after
ENDINGS = [
    (("done", "cancelled"), "completed", ["done", "cancelled"]),
    ((), "completed", []),
    (("planned", "in_progress", "done"), "cancelled", ["cancelled", "cancelled", "done"]),
]


@pytest.mark.parametrize(("statuses", "outcome", "after"), ENDINGS)
def test_a_plan_is_completed_or_cancelled_with_its_reason(cast, adult_case, statuses, outcome, after):
    plan = _plan(cast, adult_case, statuses)
    _close_plan(cast, plan, outcome=outcome)
    plan.refresh_from_db()
    assert plan.status == outcome and plan.closed_on == TODAY() and plan.close_reason == "Đã có việc làm ổn định"
    assert sorted(PlannedService.objects.filter(plan=plan).values_list("status", flat=True)) == sorted(after)
    event = CaseEvent.objects.get(case=adult_case, kind=f"support_plan_{outcome}")
    assert "việc làm" not in str(event.data)  # the reason is the person's: encrypted, never in the timeline
    assert AuditEvent.objects.filter(object_type="support_plan", object_id=str(plan.pk), action="status_change")
    with pytest.raises(errors.StateError):
        _close_plan(cast, plan, outcome="cancelled", expected_version=plan.version)


def test_a_stale_version_is_a_conflict(cast, adult_case):
    plan = _plan(cast, adult_case, ("done",))
    seen = plan.version
    services.plan_review(
        actor=cast.actor("commune_case_worker"), plan=plan, reviewed_on=TODAY(), notes="Tiến triển tốt",
        expected_version=seen,
    )  # fmt: skip
    before = _state(plan)
    with pytest.raises(errors.Conflict):
        _close_plan(cast, plan, expected_version=seen)
    assert _state(plan) == before


def test_a_review_completing_the_plan_follows_the_same_rule(cast, adult_case):
    plan = _plan(cast, adult_case, ("planned",))
    with pytest.raises(ValidationError) as refused:
        services.plan_review(
            actor=cast.actor("commune_case_worker"), plan=plan, reviewed_on=TODAY(), notes="Xong",
            expected_version=plan.version, status="completed",
        )  # fmt: skip
    assert "status" in refused.value.message_dict
    services.plan_review(
        actor=cast.actor("commune_case_worker"), plan=plan, reviewed_on=TODAY(), notes="Không tiếp tục",
        expected_version=plan.version, status="cancelled",
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == "cancelled" and plan.close_reason == "Không tiếp tục"
    assert set(PlannedService.objects.filter(plan=plan).values_list("status", flat=True)) == {"cancelled"}


def test_an_officer_outside_the_case_may_not(cast, adult_case):
    plan = _plan(cast, adult_case, ("done",))
    with pytest.raises(errors.Denied):
        services.plan_close(
            actor=cast.actor("other_case_worker"), plan=plan, outcome="completed", closed_on=TODAY(),
            reason="Xong", expected_version=plan.version,
        )  # fmt: skip


def _close_case(actor, case, **extra):
    case.refresh_from_db()
    return identification.case_transition(
        actor=actor, case=case, transition="close", expected_version=case.version, reason="Đã hỗ trợ xong", **extra
    )


def test_a_plan_in_progress_blocks_closing_the_case_until_completed_or_a_supervisor_decides(cast, adult_case):
    Case.objects.filter(pk=adult_case.pk).update(status="identified")
    plan = _plan(cast, adult_case, ("done",))  # every service done, the plan itself still in progress
    with pytest.raises(errors.StateError) as refused:
        _close_case(cast.actor("commune_supervisor"), adult_case, closure_reason="reintegrated")
    assert "support plan in progress" in str(refused.value.message)
    _close_plan(cast, plan)
    assert _close_case(cast.actor("commune_supervisor"), adult_case, closure_reason="reintegrated").status == "closed"


def test_a_supervisor_closes_over_a_plan_in_progress(cast, adult_case):
    Case.objects.filter(pk=adult_case.pk).update(status="identified")
    _plan(cast, adult_case, ())
    closed = _close_case(
        cast.actor("commune_supervisor"), adult_case, closure_reason="moved_away", override_reason="Đã chuyển đi xa"
    )
    assert closed.status == "closed"


def test_the_page_completes_the_plan_and_says_what_is_missing(cast, adult_case, force_sign_in, client):
    plan = _plan(cast, adult_case, ("planned",))
    force_sign_in("commune_case_worker")
    url = reverse("reintegration:plan_close", args=[adult_case.pk, plan.pk])
    assert client.get(url).status_code == 200
    html = client.post(url, {"version": plan.version}).content.decode()
    assert "Chọn kế hoạch đã hoàn thành hay bị hủy." in html and "Ghi lý do." in html
    body = {
        "version": plan.version,
        "outcome": "completed",
        "closed_on": TODAY().strftime("%d/%m/%Y"),
        "reason": "Xong",
    }
    html = client.post(url, body).content.decode()
    assert "hãy ghi từng dịch vụ là đã xong hoặc đã hủy trước" in html
    body["outcome"] = "cancelled"
    assert client.post(url, body).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "cancelled"
    assert client.get(url).status_code == 302  # no longer in progress: back to the plan
    detail = client.get(reverse("reintegration:plan", args=[adult_case.pk, plan.pk])).content.decode()
    assert 'data-testid="plan-closed"' in detail


def test_the_api_cancels_the_plan_and_refuses_a_stale_version(cast, adult_case, force_sign_in, client):
    plan = _plan(cast, adult_case, ("planned",))
    force_sign_in("commune_case_worker")
    url = reverse("api:case-support-plan-close", args=[adult_case.pk, plan.pk])
    body = {"version": plan.version, "outcome": "completed", "closed_on": TODAY().isoformat(), "reason": "Xong"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "outcome" in refused.json()
    stale = client.post(
        url, body | {"version": plan.version + 3, "outcome": "cancelled"}, content_type="application/json"
    )
    assert stale.status_code == 409
    done = client.post(url, body | {"outcome": "cancelled"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == "cancelled" and done.json()["closed_on"] == TODAY().isoformat()
    assert done.json()["services"][0]["status"] == "cancelled"
    force_sign_in("police_verifier")
    assert client.post(url, body, content_type="application/json").status_code in (403, 404)
