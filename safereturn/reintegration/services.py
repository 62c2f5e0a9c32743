"""Needs assessments, support plans, escorts, returns, follow-up visits, reintegration assessments and
re-trafficking links: each action one transaction that writes the timeline and the audit trail.

Bad input raises ``ValidationError`` by field and changes nothing; refusals are ``core.errors``. Timeline
and audit data hold ids and codes only, never the person's words.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases.models import CaseEvent, CaseParticipant
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, Membership, ServiceType
from safereturn.rules.selectors import RuleError, in_force, rule_in_force

from . import vocab
from .models import (
    ChildEscort,
    CommunityReturn,
    FamilyContact,
    FollowUpVisit,
    FollowUpVisitRule,
    NeedsAssessment,
    PlannedService,
    PlanReview,
    PlanReviewRule,
    ReintegrationAssessment,
    RetraffickingLink,
    SupportPlan,
)

LONG_TEXT = 10000
MAX_AHEAD = datetime.timedelta(days=366)


# ---- shared checks ------------------------------------------------------------------------------------


def add_months(day, months):
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require(actor, case):
    if not policy.can_work_support(actor, case):
        raise errors.Denied


def _check_date(problems, field, value, case, *, missing, future=True):
    """A date that is given, not in the future (unless ``future`` is False) and not before the case was received."""
    if value is None:
        problems[field] = [missing]
    elif future and value > timezone.localdate():
        problems[field] = [_("The date cannot be in the future.")]
    elif value < timezone.localdate(case.received_at):
        problems[field] = [_("The date cannot be before the case was received (%(date)s).") % {
            "date": timezone.localdate(case.received_at).strftime("%d/%m/%Y")
        }]  # fmt: skip


def _choice(problems, field, value, choices, message):
    if value not in choices:
        problems[field] = [message]


def _text(problems, field, value, *, required=None):
    value = (value or "").strip()
    if required and not value:
        problems[field] = [required]
    elif len(value) > LONG_TEXT:
        problems[field] = [_("Write at most %(count)s characters.") % {"count": LONG_TEXT}]
    return value


def participating_agencies(case):
    """The agencies taking part in the case now: the ones that may be put in charge of its support."""
    ids = CaseParticipant.objects.filter(case_id=case.pk, is_active=True).values("agency_id")
    return Agency.objects.filter(pk__in=ids, is_active=True).order_by("name")


def _owner(problems, case, agency_id, officer_id, *, field="owner_agency", officer_field="owner_officer"):
    """The agency in charge (one taking part in the case) and, if named, one of its officers."""
    agency = participating_agencies(case).filter(pk=agency_id).first() if str(agency_id or "").isdigit() else None
    if agency is None:
        problems[field] = [_("Choose an agency taking part in this case.")]
        return None, None
    if officer_id in (None, ""):
        return agency, None
    member = (
        Membership.objects.filter(agency=agency, user_id=officer_id, is_active=True).select_related("user").first()
        if str(officer_id).isdigit()
        else None
    )
    if member is None:
        problems[officer_field] = [_("Choose an officer of the agency in charge.")]
        return agency, None
    return agency, member.user


def _event(case, kind, actor, **data):
    return CaseEvent.build(case, kind, actor, **data)


# ---- needs assessment ---------------------------------------------------------------------------------


@transaction.atomic
def needs_assess(*, actor, case, assessed_on, wishes, answers):
    """Record a needs assessment. ``answers``: ``{domain: level, domain_notes: text, education_level,
    family_situation}``. Health and psychological answers only from staff who may read them."""
    _require(actor, case)
    problems = {}
    _check_date(problems, "assessed_on", assessed_on, case, missing=_("Enter the date of the assessment."))
    wishes = _text(problems, "wishes", wishes, required=_("Write down the person's wishes, in their words."))
    readable = policy.readable_need_domains(actor)
    values = {}
    for domain in vocab.NEED_DOMAINS:
        level = answers.get(domain) or vocab.NeedLevel.UNKNOWN
        notes = _text(problems, f"{domain}_notes", answers.get(f"{domain}_notes"))
        if domain not in readable and (level != vocab.NeedLevel.UNKNOWN or notes):
            problems[domain] = [_("Only health and social-support staff record health and psychological answers.")]
            continue
        _choice(problems, domain, level, vocab.NeedLevel.values, _("Choose how much help is needed."))
        values[domain], values[f"{domain}_notes"] = level, notes
    education_level = answers.get("education_level") or vocab.EducationLevel.UNKNOWN
    family_situation = answers.get("family_situation") or vocab.FamilySituation.UNKNOWN
    _choice(problems, "education_level", education_level, vocab.EducationLevel.values, _("Choose the schooling."))
    _choice(
        problems, "family_situation", family_situation, vocab.FamilySituation.values, _("Choose the family situation.")
    )
    if problems:
        raise ValidationError(problems)
    birth_year = case.person.birth_year
    assessment = NeedsAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        assessor=actor.user,
        agency=actor.agency,
        age_group=case.age_group,
        sex=case.person_sex,
        age=assessed_on.year - birth_year if birth_year else None,
        wishes=wishes,
        education_level=education_level,
        family_situation=family_situation,
        **values,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="needs_assessment",
        object_id=assessment.pk,
        details={"case": str(case.pk)},
        event=_event(case, vocab.TimelineKind.NEEDS_ASSESSED, actor, assessment=assessment.pk),
    )
    return assessment


# ---- support plan -------------------------------------------------------------------------------------


def _review_interval(on_date):
    try:
        return rule_in_force(PlanReviewRule, on_date)
    except RuleError as exc:
        raise errors.StateError(str(exc)) from exc


@transaction.atomic
def plan_create(
    *,
    actor,
    case,
    goals,
    starts_on,
    owner_agency_id,
    owner_officer_id=None,
    person_agreed=False,
    agreed_on=None,
    needs_assessment_id=None,
    child_wishes_heard_on=None,
    child_wishes="",
    child_plan="",
):
    """The individual support plan (one in progress at a time). Its first review falls due after the
    interval of the rule in force on the start date. For a child: the child's wishes heard and the
    child's own plan are required."""
    _require(actor, case)
    if SupportPlan.objects.filter(case=case, status=vocab.PlanStatus.ACTIVE).exists():
        raise errors.StateError(_("This case already has a support plan in progress: review or change that one."))
    problems = {}
    goals = _text(problems, "goals", goals, required=_("Write the goals of the plan."))
    _check_date(problems, "starts_on", starts_on, case, missing=_("Enter the start date."), future=False)
    if starts_on is not None and "starts_on" not in problems and starts_on > timezone.localdate() + MAX_AHEAD:
        problems["starts_on"] = [_("A plan starts within a year from today.")]
    if person_agreed:
        _check_date(problems, "agreed_on", agreed_on, case, missing=_("Enter the date the person agreed."))
    elif agreed_on is not None:
        problems["agreed_on"] = [_("Leave the date empty unless the person agreed.")]
    is_child = case.age_group == "child"
    child_wishes = _text(
        problems, "child_wishes", child_wishes, required=is_child and _("Write down what the child said they wish.")
    )
    child_plan = _text(
        problems, "child_plan", child_plan, required=is_child and _("Write the child's own plan, in the child's words.")
    )
    if is_child:
        _check_date(
            problems, "child_wishes_heard_on", child_wishes_heard_on, case,
            missing=_("Enter the date the child's wishes were heard."),
        )  # fmt: skip
    elif child_wishes or child_plan or child_wishes_heard_on:
        problems["child_wishes"] = [_("The child's wishes and plan are recorded for children only.")]
    assessment = None
    if needs_assessment_id not in (None, ""):
        assessment = NeedsAssessment.objects.filter(case=case, pk=needs_assessment_id).first()
        if assessment is None:
            problems["needs_assessment"] = [_("Choose a needs assessment of this case.")]
    agency, officer = _owner(problems, case, owner_agency_id, owner_officer_id)
    if problems:
        raise ValidationError(problems)
    rule = _review_interval(starts_on)
    plan = SupportPlan.objects.create(
        case=case,
        needs_assessment=assessment,
        goals=goals,
        person_agreed=bool(person_agreed),
        agreed_on=agreed_on if person_agreed else None,
        child_wishes_heard_on=child_wishes_heard_on if is_child else None,
        child_wishes=child_wishes,
        child_plan=child_plan,
        owner_agency=agency,
        owner_officer=officer,
        starts_on=starts_on,
        next_review_on=starts_on + datetime.timedelta(days=rule.interval_days),
        review_rule=rule,
        created_by=actor.user,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="support_plan",
        object_id=plan.pk,
        details={"case": str(case.pk), "owner_agency": agency.pk, "review_rule": rule.pk},
        event=_event(
            case, vocab.TimelineKind.PLAN_RECORDED, actor, plan=plan.pk, next_review_on=plan.next_review_on.isoformat()
        ),
    )
    return plan


@transaction.atomic
def plan_review(*, actor, plan, reviewed_on, notes, expected_version, status=vocab.PlanStatus.ACTIVE):
    """Record a review of a plan in progress; the next review falls due after the rule's interval. A review
    that completes or cancels the plan ends it as ``plan_close`` does (the review's notes are the reason)."""
    case = plan.case
    _require(actor, case)
    if plan.status != vocab.PlanStatus.ACTIVE:
        raise errors.StateError(_("This plan is no longer in progress."))
    problems = {}
    _check_date(problems, "reviewed_on", reviewed_on, case, missing=_("Enter the date of the review."))
    notes = _text(problems, "notes", notes, required=_("Write what the review found."))
    _choice(problems, "status", status, vocab.PlanStatus.values, _("Choose what happens to the plan."))
    if status == vocab.PlanStatus.COMPLETED and "status" not in problems:
        problems |= _open_services_problem(plan, "status")
    if problems:
        raise ValidationError(problems)
    if status != vocab.PlanStatus.ACTIVE:
        _end_plan(actor, plan, status, reviewed_on, notes, expected_version)
    else:
        next_review = reviewed_on + datetime.timedelta(days=_review_interval(reviewed_on).interval_days)
        versioned_update(plan, expected_version=expected_version, next_review_on=next_review)
    review = PlanReview.objects.create(
        plan=plan,
        case=case,
        reviewed_on=reviewed_on,
        reviewer=actor.user,
        agency=actor.agency,
        notes=notes,
        next_review_on=plan.next_review_on if status == vocab.PlanStatus.ACTIVE else None,
    )
    record(
        actor,
        AuditAction.CHANGE,
        object_type="support_plan",
        object_id=plan.pk,
        details={"case": str(case.pk), "review": review.pk, "status": status},
        event=_event(case, vocab.TimelineKind.PLAN_REVIEWED, actor, plan=plan.pk, review=review.pk, status=status),
    )
    return plan


def _open_services_problem(plan, field):
    open_services = list(PlannedService.objects.filter(plan=plan, status__in=vocab.OPEN_SERVICE_STATUSES))
    if not open_services:
        return {}
    names = ", ".join(str(s.get_service_type_display()) for s in open_services)
    return {
        field: [
            _(
                "Services of this plan are not done yet (%(services)s): mark each done or cancelled first, "
                "or cancel the plan."
            )
            % {"services": names}
        ]
    }


def _end_plan(actor, plan, outcome, closed_on, reason, expected_version):
    """Complete or cancel the plan (checked by the caller); cancelling cancels its open services."""
    versioned_update(
        plan,
        expected_version=expected_version,
        conditions={"status": vocab.PlanStatus.ACTIVE},
        status=outcome,
        closed_on=closed_on,
        close_reason=reason,
        closed_by_id=actor.user.pk,
    )
    cancelled = []
    if outcome == vocab.PlanStatus.CANCELLED:
        for service in PlannedService.objects.filter(plan=plan, status__in=vocab.OPEN_SERVICE_STATUSES):
            before = service.status
            versioned_update(
                service,
                expected_version=service.version,
                conditions={"status": before},
                status=vocab.ServiceStatus.CANCELLED,
            )
            cancelled.append(service.pk)
    kind = (
        vocab.TimelineKind.PLAN_COMPLETED
        if outcome == vocab.PlanStatus.COMPLETED
        else vocab.TimelineKind.PLAN_CANCELLED
    )
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="support_plan",
        object_id=plan.pk,
        details={"case": str(plan.case_id), "status": outcome, "services_cancelled": cancelled},
        event=_event(
            plan.case, kind, actor, plan=plan.pk, closed_on=closed_on.isoformat(), services_cancelled=cancelled
        ),
    )


@transaction.atomic
def plan_close(*, actor, plan, outcome, closed_on, reason, expected_version):
    """Complete a plan whose services are all done or cancelled, or cancel it (its open services with it),
    with the date and the reason. ``expected_version``: the plan's version the officer saw (a stale one is
    a Conflict: two officers never silently overwrite each other)."""
    case = plan.case
    _require(actor, case)
    if plan.status != vocab.PlanStatus.ACTIVE:
        raise errors.StateError(_("This plan is no longer in progress."))
    problems = {}
    _choice(problems, "outcome", outcome, vocab.PLAN_ENDINGS, _("Choose whether the plan is completed or cancelled."))
    _check_date(problems, "closed_on", closed_on, case, missing=_("Enter the date."))
    if "closed_on" not in problems and closed_on < plan.starts_on:
        problems["closed_on"] = [
            _("The date cannot be before the plan started (%(date)s).") % {"date": plan.starts_on.strftime("%d/%m/%Y")}
        ]
    missing = (
        _("Give the reason for cancelling the plan.")
        if outcome == vocab.PlanStatus.CANCELLED
        else _("Say what the plan achieved.")
    )
    reason = _text(problems, "reason", reason, required=missing)
    if outcome == vocab.PlanStatus.COMPLETED:
        problems |= _open_services_problem(plan, "outcome")
    if problems:
        raise ValidationError(problems)
    _end_plan(actor, plan, outcome, closed_on, reason, expected_version)
    return plan


@transaction.atomic
def service_add(*, actor, plan, service_type, target_date, owner_agency_id, owner_officer_id=None, details=""):
    case = plan.case
    _require(actor, case)
    if plan.status != vocab.PlanStatus.ACTIVE:
        raise errors.StateError(_("This plan is no longer in progress."))
    problems = {}
    _choice(problems, "service_type", service_type, ServiceType.values, _("Choose the service."))
    if target_date is None:
        problems["target_date"] = [_("Enter the target date.")]
    elif target_date < plan.starts_on:
        problems["target_date"] = [_("The target date cannot be before the plan starts.")]
    elif target_date > plan.starts_on + 5 * MAX_AHEAD:
        problems["target_date"] = [_("The target date is too far ahead: within five years of the plan's start.")]
    details = _text(problems, "details", details)
    agency, officer = _owner(problems, case, owner_agency_id, owner_officer_id)
    if problems:
        raise ValidationError(problems)
    service = PlannedService.objects.create(
        plan=plan,
        case=case,
        service_type=service_type,
        details=details,
        owner_agency=agency,
        owner_officer=officer,
        target_date=target_date,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="planned_service",
        object_id=service.pk,
        details={"case": str(case.pk), "service_type": service_type, "owner_agency": agency.pk},
        event=_event(
            case, vocab.TimelineKind.PLANNED_SERVICE_ADDED, actor, service=service.pk, service_type=service_type
        ),
    )
    return service


@transaction.atomic
def service_set_status(*, actor, service, status, expected_version):
    if not policy.can_update_planned_service(actor, service):
        raise errors.Denied
    if status not in vocab.ServiceStatus.values:
        raise ValidationError({"status": [_("Choose the status of the service.")]})
    if not service.is_open:
        raise errors.StateError(_("This service is already done or cancelled."))
    before = service.status
    versioned_update(service, expected_version=expected_version, conditions={"status": before}, status=status)
    record(
        actor,
        AuditAction.CHANGE,
        object_type="planned_service",
        object_id=service.pk,
        details={"case": str(service.case_id), "from": before, "to": status},
        event=_event(service.case, vocab.TimelineKind.PLANNED_SERVICE_CHANGED, actor, service=service.pk, to=status),
    )
    return service


# ---- a child's escort ---------------------------------------------------------------------------------


@transaction.atomic
def escort_record(
    *,
    actor,
    case,
    escorted_on,
    destination,
    receiver_name,
    receiver_relationship,
    receiver_id_checked,
    receiving_organisation_id=None,
    notes="",
    return_home=False,
    follow_up_agency_id=None,
):
    """A child escorted to a guardian or to child-protection services, with who received the child. With
    ``return_home`` (a guardian only), it is also the child's return to the community: follow-up visits
    are scheduled from it."""
    _require(actor, case)
    if case.age_group != "child":
        raise errors.StateError(_("An escort is recorded for a child only."))
    problems = {}
    _check_date(problems, "escorted_on", escorted_on, case, missing=_("Enter the date of the escort."))
    _choice(
        problems, "destination", destination, vocab.EscortDestination.values, _("Choose where the child was taken.")
    )
    receiver_name = _text(
        problems, "receiver_name", receiver_name, required=_("Enter the name of the person who received the child.")
    )
    _choice(
        problems, "receiver_relationship", receiver_relationship, vocab.Relationship.values,
        _("Choose how the receiver is related to the child."),
    )  # fmt: skip
    if receiver_id_checked is None:
        problems["receiver_id_checked"] = [_("Say whether the receiver's identity papers were checked.")]
    organisation = None
    if receiving_organisation_id not in (None, ""):
        organisation = Agency.objects.filter(pk=receiving_organisation_id, is_active=True).first()
        if organisation is None:
            problems["receiving_organisation"] = [_("Choose an agency from the directory.")]
    elif destination == vocab.EscortDestination.CHILD_PROTECTION:
        problems["receiving_organisation"] = [_("Choose the child-protection service that received the child.")]
    if return_home and destination != vocab.EscortDestination.GUARDIAN:
        problems["return_home"] = [_("Only an escort to a parent or guardian is the child's return home.")]
    notes = _text(problems, "notes", notes)
    follow_up_agency = None
    if return_home:
        follow_up_agency, _officer = _owner(problems, case, follow_up_agency_id, None, field="follow_up_agency")
    if problems:
        raise ValidationError(problems)
    escort = ChildEscort.objects.create(
        case=case,
        escorted_on=escorted_on,
        destination=destination,
        officer=actor.user,
        agency=actor.agency,
        receiver_name=receiver_name,
        receiver_relationship=receiver_relationship,
        receiver_id_checked=bool(receiver_id_checked),
        receiving_organisation=organisation,
        notes=notes,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="child_escort",
        object_id=escort.pk,
        details={"case": str(case.pk), "destination": destination, "id_checked": bool(receiver_id_checked)},
        event=_event(
            case, vocab.TimelineKind.CHILD_ESCORTED, actor, escort=escort.pk, destination=destination,
            relationship=receiver_relationship,
        ),
    )  # fmt: skip
    if return_home:
        _return(actor, case, escorted_on, vocab.ReturnPlace.GUARDIAN, follow_up_agency, None, escort=escort)
    return escort


# ---- return and follow-up -----------------------------------------------------------------------------


@transaction.atomic
def family_contact_record(*, actor, case, contacted_on, method, outcome, notes=""):
    _require(actor, case)
    problems = {}
    _check_date(problems, "contacted_on", contacted_on, case, missing=_("Enter the date of the contact."))
    _choice(problems, "method", method, vocab.ContactMethod.values, _("Choose how the family was contacted."))
    _choice(problems, "outcome", outcome, vocab.ContactOutcome.values, _("Choose what came of the contact."))
    notes = _text(problems, "notes", notes)
    if problems:
        raise ValidationError(problems)
    contact = FamilyContact.objects.create(
        case=case,
        contacted_on=contacted_on,
        method=method,
        outcome=outcome,
        notes=notes,
        officer=actor.user,
        agency=actor.agency,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="family_contact",
        object_id=contact.pk,
        details={"case": str(case.pk), "method": method, "outcome": outcome},
        event=_event(case, vocab.TimelineKind.FAMILY_CONTACTED, actor, contact=contact.pk, outcome=outcome),
    )
    return contact


def _visit_rule(returned_on, sequence):
    """The rule of visit ``sequence`` in force on the day of the return, or None when the schedule has no
    such visit (the follow-up is then complete)."""
    if not in_force(FollowUpVisitRule, returned_on).filter(sequence=sequence).exists():
        return None
    try:
        return rule_in_force(FollowUpVisitRule, returned_on, sequence=sequence)
    except RuleError as exc:
        raise errors.StateError(str(exc)) from exc


def _schedule(actor, community_return, sequence, officer=None):
    rule = _visit_rule(community_return.returned_on, sequence)
    if rule is None:
        return None
    visit = FollowUpVisit.objects.create(
        case=community_return.case,
        community_return=community_return,
        sequence=sequence,
        due_on=add_months(community_return.returned_on, rule.months_after_return),
        rule=rule,
        agency=community_return.follow_up_agency,
        officer=officer,
    )
    CaseEvent.add(
        community_return.case, vocab.TimelineKind.FOLLOW_UP_SCHEDULED, actor,
        visit=visit.pk, sequence=sequence, due_on=visit.due_on.isoformat(),
    )  # fmt: skip
    return visit


def _return(actor, case, returned_on, place, agency, officer, escort=None):
    if FollowUpVisit.objects.filter(case=case, status=vocab.VisitStatus.SCHEDULED).exists():
        raise errors.StateError(
            _("Follow-up visits of an earlier return are still scheduled: record or cancel them first.")
        )
    community_return = CommunityReturn.objects.create(
        case=case,
        returned_on=returned_on,
        place=place,
        escort=escort,
        follow_up_agency=agency,
        follow_up_officer=officer,
        recorded_by=actor.user,
        agency=actor.agency,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="community_return",
        object_id=community_return.pk,
        details={"case": str(case.pk), "place": place, "follow_up_agency": agency.pk},
        event=_event(
            case, vocab.TimelineKind.RETURN_RECORDED, actor, community_return=community_return.pk, place=place
        ),
    )
    _schedule(actor, community_return, 1, officer)
    return community_return


@transaction.atomic
def return_record(*, actor, case, returned_on, place, follow_up_agency_id, follow_up_officer_id=None):
    """The person's return to the community; the first follow-up visit is scheduled from the rule table."""
    _require(actor, case)
    problems = {}
    _check_date(problems, "returned_on", returned_on, case, missing=_("Enter the date of the return."))
    _choice(problems, "place", place, vocab.ReturnPlace.values, _("Choose where the person returned."))
    agency, officer = _owner(
        problems, case, follow_up_agency_id, follow_up_officer_id,
        field="follow_up_agency", officer_field="follow_up_officer",
    )  # fmt: skip
    if problems:
        raise ValidationError(problems)
    return _return(actor, case, returned_on, place, agency, officer)


@transaction.atomic
def follow_up_record(*, actor, visit, status, visited_on=None, findings="", organisation="", expected_version=None):
    """Record a scheduled visit: done (date and findings), the person not met, or cancelled (which ends
    the follow-up). Done or not met, the next visit of the schedule is scheduled."""
    case = visit.case
    _require(actor, case)
    if visit.status != vocab.VisitStatus.SCHEDULED:
        raise errors.StateError(_("This visit has already been recorded."))
    problems = {}
    closing = (vocab.VisitStatus.DONE, vocab.VisitStatus.MISSED, vocab.VisitStatus.CANCELLED)
    _choice(problems, "status", status, closing, _("Choose what happened to the visit."))
    findings = _text(
        problems, "findings", findings, required=_("Write what the visit found, or why it did not happen.")
    )
    organisation = (organisation or "").strip()[:200]
    if status in (vocab.VisitStatus.DONE, vocab.VisitStatus.MISSED):
        _check_date(problems, "visited_on", visited_on, case, missing=_("Enter the date of the visit."))
        if visited_on and visited_on < visit.community_return.returned_on:
            problems["visited_on"] = [_("The visit cannot be before the return.")]
    if problems:
        raise ValidationError(problems)
    versioned_update(
        visit, expected_version=expected_version, conditions={"status": vocab.VisitStatus.SCHEDULED},
        status=status, visited_on=visited_on if status != vocab.VisitStatus.CANCELLED else None,
        findings=findings, visited_by_organisation=organisation, officer=visit.officer or actor.user,
    )  # fmt: skip
    record(
        actor,
        AuditAction.CHANGE,
        object_type="follow_up_visit",
        object_id=visit.pk,
        details={"case": str(case.pk), "status": status, "sequence": visit.sequence},
        event=_event(
            case, vocab.TimelineKind.FOLLOW_UP_RECORDED, actor, visit=visit.pk, sequence=visit.sequence, status=status
        ),
    )
    following = None
    if status != vocab.VisitStatus.CANCELLED:
        following = _schedule(
            actor, visit.community_return, visit.sequence + 1, visit.community_return.follow_up_officer
        )
    return visit, following


@transaction.atomic
def reintegration_assess(*, actor, case, assessed_on, scores, level, recommendation, notes=""):
    """A reintegration assessment: a score by domain, the overall level and a recommendation. The health
    score is a medical record (``policy.readable_reintegration_domains``): given by the staff who may read
    medical notes, refused from others (it stays empty when they assess)."""
    _require(actor, case)
    problems = {}
    _check_date(problems, "assessed_on", assessed_on, case, missing=_("Enter the date of the assessment."))
    readable = policy.readable_reintegration_domains(actor)
    for domain in vocab.REINTEGRATION_DOMAINS:
        if domain in readable:
            _choice(problems, domain, scores.get(domain), vocab.DomainScore.values, _("Choose a score from 1 to 4."))
        elif scores.get(domain) is not None:
            problems[domain] = [_("The health score is given by health and social-support staff only.")]
    _choice(problems, "level", level, vocab.ReintegrationLevel.values, _("Choose the overall level."))
    _choice(problems, "recommendation", recommendation, vocab.Recommendation.values, _("Choose a recommendation."))
    notes = _text(problems, "notes", notes)
    if problems:
        raise ValidationError(problems)
    assessment = ReintegrationAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        assessor=actor.user,
        agency=actor.agency,
        level=level,
        recommendation=recommendation,
        notes=notes,
        **{domain: scores[domain] if domain in readable else None for domain in vocab.REINTEGRATION_DOMAINS},
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="reintegration_assessment",
        object_id=assessment.pk,
        details={"case": str(case.pk), "level": level, "recommendation": recommendation},
        event=_event(
            case, vocab.TimelineKind.REINTEGRATION_ASSESSED, actor, assessment=assessment.pk, level=level,
            recommendation=recommendation,
        ),
    )  # fmt: skip
    return assessment


@transaction.atomic
def retrafficking_flag(*, actor, case, new_case_number, flagged_on, notes=""):
    """Flag that the person of ``case`` was trafficked again: link the new case (one the officer may open).
    Both cases' timelines show the link."""
    _require(actor, case)
    problems = {}
    number = (new_case_number or "").strip()
    new_case = policy.visible_cases(actor).filter(number=number).first() if number else None
    if new_case is None:
        problems["new_case_number"] = [_("Enter the number of a case you may open.")]
    elif new_case.pk == case.pk:
        problems["new_case_number"] = [_("Enter the number of the new case, not this one.")]
    elif RetraffickingLink.objects.filter(case=case, other_case=new_case).exists():
        problems["new_case_number"] = [_("These cases are already linked.")]
    _check_date(problems, "flagged_on", flagged_on, case, missing=_("Enter the date."))
    notes = _text(problems, "notes", notes)
    if problems:
        raise ValidationError(problems)
    common = {"flagged_on": flagged_on, "flagged_by": actor.user, "agency": actor.agency, "notes": notes}
    link = RetraffickingLink.objects.create(case=case, other_case=new_case, direction="later", **common)
    mirror = RetraffickingLink.objects.create(case=new_case, other_case=case, direction="earlier", **common)
    record(
        actor,
        AuditAction.CREATE,
        object_type="retrafficking_link",
        object_id=link.pk,
        details={"case": str(case.pk), "new_case": str(new_case.pk)},
        event=_event(case, vocab.TimelineKind.RETRAFFICKING_FLAGGED, actor, link=link.pk, new_case=str(new_case.pk)),
    )
    CaseEvent.add(new_case, vocab.TimelineKind.RETRAFFICKING_FLAGGED, actor, link=mirror.pk, earlier_case=str(case.pk))
    return link


def records_viewed(*, actor, case, what, channel="web"):
    """Reading needs, plans, escorts or follow-up is a read of case data: recorded."""
    record(actor, AuditAction.VIEW, object_type="case", object_id=case.pk, details={"via": channel, "what": what})
