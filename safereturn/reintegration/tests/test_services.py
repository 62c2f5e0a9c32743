"""Issue 17 (needs and plans, children, return and reintegration): the services, their refusals and the
rules they follow (the review interval and the follow-up schedule are rule rows)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.core.work_queues import all_items
from safereturn.reintegration import services
from safereturn.reintegration.models import (
    FollowUpVisit,
    FollowUpVisitRule,
    NeedsAssessment,
    PlanReviewRule,
    RetraffickingLink,
)
from safereturn.testing.personas import record_case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _needs(actor, case, **answers):
    return services.needs_assess(
        actor=actor, case=case, assessed_on=TODAY(), wishes="Muốn về nhà với mẹ và học nghề sửa xe", answers=answers
    )


def test_the_rule_rows_are_seeded_to_confirm():
    rule = PlanReviewRule.objects.get(effective_to__isnull=True)
    assert rule.interval_days == 90 and not rule.verified and rule.citation_document_vi
    months = dict(
        FollowUpVisitRule.objects.filter(effective_to__isnull=True).values_list("sequence", "months_after_return")
    )
    assert months == {1: 1, 2: 3, 3: 6}


def test_needs_health_answers_only_from_health_staff(cast, adult_case):
    with pytest.raises(ValidationError) as refused:
        _needs(cast.actor("commune_case_worker"), adult_case, health="urgent", health_notes="Sốt rét")
    assert "health" in refused.value.message_dict
    assert not NeedsAssessment.objects.exists()
    made = _needs(cast.actor("commune_case_worker"), adult_case, education="some", education_level="lower_secondary")
    assert made.health == "unknown" and made.age_group == "adult" and made.sex == "male"
    assert made.age == TODAY().year - 2004
    health = _needs(cast.actor("health_case_worker"), adult_case, health="urgent", health_notes="Sốt rét")
    assert health.health == "urgent"
    event = CaseEvent.objects.filter(case=adult_case, kind="needs_assessed").latest("pk")
    assert event.data == {"assessment": health.pk}  # ids only: no wishes, no health notes


def test_needs_bad_input_changes_nothing(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    with pytest.raises(ValidationError) as refused:
        services.needs_assess(
            actor=actor, case=adult_case, assessed_on=TODAY() + datetime.timedelta(days=1), wishes=" ",
            answers={"safety": "very", "education_level": "phd"},
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"assessed_on", "wishes", "safety", "education_level"}
    assert not NeedsAssessment.objects.exists()


def test_police_verifiers_do_not_record_support(cast, adult_case):
    with pytest.raises(errors.Denied):
        _needs(cast.actor("other_case_worker"), adult_case)


def _plan(actor, case, **extra):
    fields = {"goals": "Học nghề, vay vốn", "starts_on": TODAY(), "owner_agency_id": actor.agency.pk} | extra
    return services.plan_create(actor=actor, case=case, **fields)


def test_a_plan_is_reviewed_on_the_rule_interval_and_shows_in_the_owners_queue(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    plan = _plan(actor, adult_case)
    assert plan.next_review_on == TODAY() + datetime.timedelta(days=90)
    with pytest.raises(errors.StateError):
        _plan(actor, adult_case)  # one plan in progress at a time
    service = services.service_add(
        actor=actor, plan=plan, service_type="vocational", target_date=TODAY() + datetime.timedelta(days=30),
        owner_agency_id=cast.health.pk,
    )  # fmt: skip
    commune_items = [str(item) for item in all_items(actor, scope="agency")]
    assert any("/plans/" in item and adult_case.number in item for item in commune_items)
    health_items = [str(item) for item in all_items(cast.actor("health_case_worker"), scope="agency")]
    assert len([i for i in health_items if adult_case.number in i]) == 1  # the service, not the plan's review
    # A rule row changed by the administrator changes the next interval.
    PlanReviewRule.objects.filter(effective_to__isnull=True).update(interval_days=30)
    plan = services.plan_review(
        actor=actor, plan=plan, reviewed_on=TODAY(), notes="Đã đăng ký khóa học", expected_version=plan.version
    )
    assert plan.next_review_on == TODAY() + datetime.timedelta(days=30) and plan.version == 2
    with pytest.raises(errors.Conflict):
        services.plan_review(actor=actor, plan=plan, reviewed_on=TODAY(), notes="x", expected_version=1)
    services.service_set_status(
        actor=cast.actor("health_case_worker"), service=service, status="done", expected_version=1
    )
    service.refresh_from_db()
    assert service.status == "done"


def test_dates_far_ahead_are_refused(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    with pytest.raises(ValidationError) as refused:
        _plan(actor, adult_case, starts_on=datetime.date(9999, 12, 31))
    assert "starts_on" in refused.value.message_dict
    plan = _plan(actor, adult_case)
    with pytest.raises(ValidationError) as refused:
        services.service_add(
            actor=actor, plan=plan, service_type="loan", target_date=datetime.date(9999, 1, 1),
            owner_agency_id=actor.agency.pk,
        )  # fmt: skip
    assert "target_date" in refused.value.message_dict


def test_a_plan_owner_must_take_part_in_the_case(cast, adult_case):
    with pytest.raises(ValidationError) as refused:
        _plan(cast.actor("commune_case_worker"), adult_case, owner_agency_id=cast.other_police.pk)
    assert "owner_agency" in refused.value.message_dict


def test_a_childs_plan_needs_the_childs_wishes_and_own_plan(cast, child_case):
    actor = cast.actor("commune_case_worker")
    with pytest.raises(ValidationError) as refused:
        _plan(actor, child_case)
    assert {"child_wishes", "child_plan", "child_wishes_heard_on"} <= set(refused.value.message_dict)
    plan = _plan(
        actor, child_case, child_wishes_heard_on=TODAY(), child_wishes="Muốn ở với bà", child_plan="Đi học lại lớp 9"
    )
    assert plan.child_plan == "Đi học lại lớp 9"


def test_escort_to_the_grandmother_is_the_return_and_schedules_follow_up(cast, child_case, adult_case):
    actor = cast.actor("commune_case_worker")
    fields = {
        "escorted_on": TODAY(), "destination": "guardian", "receiver_name": "Hồ Thị Lan",
        "receiver_relationship": "grandparent", "receiver_id_checked": True,
    }  # fmt: skip
    with pytest.raises(errors.StateError):
        services.escort_record(actor=actor, case=adult_case, **fields)
    with pytest.raises(ValidationError) as refused:
        services.escort_record(actor=actor, case=child_case, **fields | {"destination": "child_protection"})
    assert "receiving_organisation" in refused.value.message_dict
    escort = services.escort_record(
        actor=actor, case=child_case, return_home=True, follow_up_agency_id=cast.commune.pk, **fields
    )
    assert escort.receiver_name == "Hồ Thị Lan"
    event = CaseEvent.objects.get(case=child_case, kind="child_escorted")
    assert "Lan" not in str(event.data) and event.data["relationship"] == "grandparent"
    visit = FollowUpVisit.objects.get(case=child_case)
    assert visit.sequence == 1 and visit.due_on == services.add_months(TODAY(), 1)


def test_follow_up_visits_at_1_3_and_6_months_then_none(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    services.family_contact_record(actor=actor, case=adult_case, contacted_on=TODAY(), method="phone", outcome="ready")
    back = services.return_record(
        actor=actor, case=adult_case, returned_on=TODAY(), place="family", follow_up_agency_id=cast.commune.pk
    )
    dues = []
    for _ in range(3):
        visit = FollowUpVisit.objects.get(case=adult_case, status="scheduled")
        dues.append(visit.due_on)
        services.follow_up_record(
            actor=actor,
            visit=visit,
            status="done",
            visited_on=TODAY(),
            findings="Ổn định",
            expected_version=visit.version,
        )
    assert dues == [services.add_months(back.returned_on, months) for months in (1, 3, 6)]
    assert not FollowUpVisit.objects.filter(case=adult_case, status="scheduled").exists()


def test_an_overdue_visit_is_marked_in_the_queue(cast, adult_case, force_sign_in, client):
    actor = cast.actor("commune_case_worker")
    services.return_record(
        actor=actor, case=adult_case, returned_on=TODAY(), place="family", follow_up_agency_id=cast.commune.pk
    )
    FollowUpVisit.objects.filter(case=adult_case).update(due_on=TODAY() - datetime.timedelta(days=3))
    items = [str(item) for item in all_items(actor, scope="agency") if "/visits/" in str(item)]
    assert len(items) == 1 and adult_case.number in items[0]
    force_sign_in("commune_case_worker")
    work = client.get("/api/my-work/").json()
    visit = [row for row in work if "/visits/" in row["url"]]
    assert len(visit) == 1 and visit[0]["overdue"] is True
    page = client.get(f"/cases/{adult_case.pk}/").content.decode()
    assert "quá hạn" in page.split('data-testid="follow-up-visits"')[1].split("</ul>")[0]


def test_visit_bad_input(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    services.return_record(
        actor=actor, case=adult_case, returned_on=TODAY(), place="family", follow_up_agency_id=cast.commune.pk
    )
    visit = FollowUpVisit.objects.get(case=adult_case)
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(
            actor=actor, visit=visit, status="done", visited_on=None, findings="", expected_version=1
        )
    assert set(refused.value.message_dict) == {"visited_on", "findings"}
    visit.refresh_from_db()
    assert visit.status == "scheduled"


def test_reintegration_assessment_scores(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    scores = {"safety": 4, "income": 3, "housing": 4, "health": 3, "family": 4, "community": 9}
    with pytest.raises(ValidationError) as refused:
        services.reintegration_assess(
            actor=actor, case=adult_case, assessed_on=TODAY(), scores=scores, level="progressing", recommendation="x"
        )
    # The commune's case worker may not give the health score (a medical record).
    assert set(refused.value.message_dict) == {"community", "recommendation", "health"}
    made = services.reintegration_assess(
        actor=actor, case=adult_case, assessed_on=TODAY(), scores=scores | {"community": 4, "health": None},
        level="reintegrated", recommendation="close",
    )  # fmt: skip
    assert made.health is None and made.scored({"safety", "income", "housing", "family", "community"}) == (19, 20)


def test_retrafficking_links_a_visible_case_and_both_timelines_show_it(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    again = record_case(cast.actor("intake"), full_name="Trần Văn Nam", sex="male", birth_year=2004)
    elsewhere = record_case(cast.actor("other_case_worker"), full_name="Trần Văn Nam", sex="male", birth_year=2004)
    with pytest.raises(ValidationError):
        services.retrafficking_flag(actor=actor, case=adult_case, new_case_number=elsewhere.number, flagged_on=TODAY())
    with pytest.raises(ValidationError):
        services.retrafficking_flag(actor=actor, case=adult_case, new_case_number=adult_case.number, flagged_on=TODAY())
    link = services.retrafficking_flag(actor=actor, case=adult_case, new_case_number=again.number, flagged_on=TODAY())
    assert RetraffickingLink.objects.get(case=adult_case) == link
    assert RetraffickingLink.objects.get(case=again).other_case == adult_case
    assert CaseEvent.objects.filter(case=adult_case, kind="retrafficking_flagged").exists()
    assert CaseEvent.objects.filter(case=again, kind="retrafficking_flagged").exists()
    assert AuditEvent.objects.filter(object_type="retrafficking_link", object_id=str(link.pk)).exists()


def test_a_service_assigned_to_an_officer_is_in_their_own_queue_only(cast, adult_case):
    actor = cast.actor("commune_case_worker")
    plan = _plan(actor, adult_case)
    with pytest.raises(ValidationError) as refused:
        services.service_add(
            actor=actor, plan=plan, service_type="medical", target_date=TODAY(), owner_agency_id=cast.health.pk,
            owner_officer_id=cast.commune_supervisor.pk,
        )  # fmt: skip
    assert "owner_officer" in refused.value.message_dict
    services.service_add(
        actor=actor, plan=plan, service_type="medical", target_date=TODAY(), owner_agency_id=cast.health.pk,
        owner_officer_id=cast.health_case_worker.pk,
    )  # fmt: skip

    def mine(who):
        return [str(item) for item in all_items(cast.actor(who), scope="officer") if adult_case.number in str(item)]

    assert len(mine("health_case_worker")) == 1 and mine("health_supervisor") == []
    assert (
        len([i for i in all_items(cast.actor("health_supervisor"), scope="agency") if adult_case.number in str(i)]) == 1
    )
