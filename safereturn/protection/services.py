"""Changes to risk assessments, protection measures and danger alerts: each in one transaction, with
its audit event and timeline event; notices go through ``notifications.services.notify`` (e-mails
after commit). Bad input raises ``ValidationError`` and changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.cases import services as case_services
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, FocalPoint, JurisdictionLevel, Membership, Role
from safereturn.notifications.selectors import lead_agency_for, recipients_for, users_with_roles
from safereturn.notifications.services import notify
from safereturn.rules.selectors import RuleError, in_force, rule_in_force

from . import vocab
from .models import (
    DangerAlert,
    MeasureReview,
    ProtectionMeasure,
    ProtectionMeasureType,
    ProtectionTiming,
    RiskAssessment,
)

K = vocab.TimelineKind
MAX_TEXT = 10000
SYSTEM_ACTOR = "system:danger-alert-escalation"


# ---- rules ---------------------------------------------------------------------------------------


def rules_date(case):
    """Cases keep the rules in force when they were received (the measures of Decree 62/2012 before
    1 July 2025, of Decree 162/2025 after)."""
    return timezone.localdate(case.received_at)


def timing_on(on_date):
    """The protection timing rule in force on ``on_date``; a missing rule is the administrator's to fix."""
    try:
        return rule_in_force(ProtectionTiming, on_date)
    except RuleError as exc:
        raise errors.StateError(str(exc)) from exc


def measure_types_for(case):
    """The protection measures the law provided on the case's date."""
    return in_force(ProtectionMeasureType, rules_date(case)).order_by("sort_order", "code")


def records_viewed(*, actor, case, what, channel="web"):
    """Reading protection records is a read of case data (``case`` None: a list across cases)."""
    object_type, object_id = ("case", case.pk) if case is not None else ("danger_alerts", "")
    record(
        actor, AuditAction.VIEW, object_type=object_type, object_id=object_id, details={"via": channel, "what": what}
    )


def _today():
    return timezone.localdate()


def _text(value, field, problems, *, required=False, required_message=None):
    value = (value or "").strip()
    if required and not value:
        problems[field] = [required_message or _("Fill in this field.")]
    elif len(value) > MAX_TEXT:
        problems[field] = [_("Write at most %(max)s characters.") % {"max": MAX_TEXT}]
    return value


def _date_problem(value, case, *, future_ok=False):
    if value is None:
        return _("Enter a date as dd/mm/yyyy.")
    if not future_ok and value > _today():
        return _("The date cannot be in the future.")
    if value < rules_date(case):
        return _("The date cannot be before the case was received (%(date)s).") % {
            "date": rules_date(case).strftime("%d/%m/%Y")
        }
    return None


def _active_agency(pk):
    if pk in (None, ""):
        return None
    try:
        return Agency.objects.get(pk=int(pk), is_active=True)
    except (Agency.DoesNotExist, ValueError, TypeError):
        return None


# ---- risk assessments ----------------------------------------------------------------------------


@transaction.atomic
def risk_assess(*, actor, case, level, codes=(), narrative="", assessed_on=None, review_date=None):
    """Record a risk assessment of the case; an earlier open assessment is closed by it (its review done).
    The review date defaults to the assessment date plus the rule's review interval."""
    if not policy.can_assess_risk(actor, case):
        raise errors.Denied
    problems = {}
    assessed_on = assessed_on or _today()
    if level not in vocab.RiskLevel.values:
        problems["level"] = [_("Choose a risk level.")]
    codes = [c for c in dict.fromkeys(codes or ()) if c]
    unknown = [c for c in codes if c not in vocab.RiskCode.values]
    if unknown:
        problems["codes"] = [_("Choose threats from the list.")]
    elif case.age_group != "child" and set(codes) & vocab.CHILD_RISK_CODES:
        problems["codes"] = [_("The child-specific risks apply only to a child.")]
    narrative = _text(narrative, "narrative", problems)
    if problem := _date_problem(assessed_on, case):
        problems["assessed_on"] = [problem]
    if review_date is None and not problems:
        review_date = assessed_on + datetime.timedelta(days=timing_on(assessed_on).risk_review_days)
    elif review_date is not None and review_date < max(assessed_on, _today()):
        problems["review_date"] = [_("The review date must be today or later, and not before the assessment.")]
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    RiskAssessment.objects.filter(case=case, closed_at__isnull=True).update(closed_at=now)
    assessment = RiskAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        level=level,
        codes=",".join(codes),
        narrative=narrative,
        review_date=review_date,
        assessor=actor.user,
        assessor_agency=actor.agency,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="risk_assessment",
        object_id=assessment.pk,
        details={"case": str(case.pk), "level": level, "codes": codes, "review_date": review_date.isoformat()},
        event=CaseEvent.build(case, K.RISK_ASSESSED, actor, assessment=assessment.pk, level=level),
    )
    return assessment


# ---- protection measures -------------------------------------------------------------------------


def _measure_problems(case, measure_type, protects, data):
    problems = {}
    if measure_type is None:
        problems["measure_type"] = [_("Choose a protection measure in force on the date of the case.")]
    elif protects not in measure_type.protects_list:
        problems["protects"] = [_("This measure does not protect the person chosen: choose whom it protects.")]
    if protects not in vocab.ProtectedParty.values:
        problems["protects"] = [_("Choose whom the measure protects.")]
    if data["requested_by_agency"] is None:
        problems["requested_by_agency"] = [_("Choose the agency that requested the measure from the directory.")]
    if data["deciding_agency"] is None:
        problems["deciding_agency"] = [_("Choose the agency that decided the measure from the directory.")]
    if not data["deciding_official"]:
        problems["deciding_official"] = [_("Enter the name and title of the official who decided.")]
    problems.update(_measure_date_problems(case, data))
    return problems


def _measure_date_problems(case, data):
    """Decided, start, review and end in order, none before the case was received."""
    problems = {}
    decided, start, review, end = data["decided_on"], data["start_date"], data["review_date"], data["end_date"]
    if problem := _date_problem(decided, case):
        problems["decided_on"] = [problem]
    if problem := _date_problem(start, case, future_ok=True):
        problems["start_date"] = [problem]
    elif decided and start < decided:
        problems["start_date"] = [_("A measure cannot start before it was decided.")]
    if start and review and review < start:
        problems["review_date"] = [_("The review date cannot be before the start.")]
    if start and end and end < start:
        problems["end_date"] = [_("The end cannot be before the start.")]
    if review and end and review > end:
        problems["review_date"] = [_("The review date cannot be after the end.")]
    return problems


@transaction.atomic
def measure_record(
    *,
    actor,
    case,
    measure_type_id,
    protects,
    requested_by_agency_id,
    deciding_agency_id,
    deciding_official,
    decided_on,
    start_date,
    review_date=None,
    end_date=None,
    protected_description="",
    protected_name="",
    details="",
):
    """Record a protection measure decided for the victim, a relative, an accompanying child or a helper.
    The measure must be one the law provided on the case's date; the dates are ordered (decided, start,
    review, end); the review date defaults to the start plus the rule's review interval."""
    if not policy.can_record_measure(actor, case):
        raise errors.Denied
    measure_type = None
    if measure_type_id not in (None, ""):
        try:
            measure_type = measure_types_for(case).filter(pk=int(measure_type_id)).first()
        except (ValueError, TypeError):
            measure_type = None
    problems = {}
    data = {
        "requested_by_agency": _active_agency(requested_by_agency_id),
        "deciding_agency": _active_agency(deciding_agency_id),
        "deciding_official": (deciding_official or "").strip()[:200],
        "decided_on": decided_on,
        "start_date": start_date,
        "review_date": review_date,
        "end_date": end_date,
    }
    description = (protected_description or "").strip()
    if len(description) > 200:
        problems["protected_description"] = [_("Write at most %(max)s characters.") % {"max": 200}]
    name = _text(protected_name, "protected_name", problems)
    details = _text(details, "details", problems)
    problems.update(_measure_problems(case, measure_type, protects, data))
    if problems:
        raise ValidationError(problems)
    if review_date is None:
        review_date = start_date + datetime.timedelta(days=timing_on(start_date).measure_review_days)
        if end_date is not None:
            review_date = min(review_date, end_date)
    measure = ProtectionMeasure.objects.create(
        case=case,
        measure_type=measure_type,
        protects=protects,
        protected_description=description,
        protected_name=name,
        details=details,
        requested_by_agency=data["requested_by_agency"],
        deciding_agency=data["deciding_agency"],
        deciding_official=data["deciding_official"],
        decided_on=decided_on,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        status=vocab.MeasureStatus.ACTIVE,
        recorded_by=actor.user,
        recorded_by_agency=actor.agency,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="protection_measure",
        object_id=measure.pk,
        details={
            "case": str(case.pk),
            "measure": measure_type.code,
            "rule": measure_type.pk,
            "protects": protects,
            "start": start_date.isoformat(),
            "review": review_date.isoformat(),
        },
        event=CaseEvent.build(case, K.MEASURE_RECORDED, actor, measure=measure.pk, code=measure_type.code),
    )
    return measure


def _open_measure(actor, measure):
    if not policy.can_record_measure(actor, measure.case):
        raise errors.Denied
    if not measure.is_open:
        raise errors.StateError(_("This measure has ended or was refused: it can no longer be changed."))


@transaction.atomic
def measure_review(
    *, actor, measure, expected_version, reviewed_on=None, outcome="continue", next_review_date=None, note=""
):
    """Review a measure: it continues as it is or changed (the note says how) until the next review (by
    default the rule's interval later), or it ends on the day of the review. The review is kept: who, when,
    the outcome and the note (encrypted: it may say where the person is)."""
    _open_measure(actor, measure)
    reviewed_on = reviewed_on or _today()
    problems = {}
    if outcome not in vocab.ReviewOutcome.values:
        problems["outcome"] = [_("Choose whether the measure continues, continues changed, or ends.")]
    note = _text(
        note,
        "note",
        problems,
        required=True,
        required_message=_("Say what the review found (and, for a change, what changes)."),
    )
    if problem := _date_problem(reviewed_on, measure.case):
        problems["reviewed_on"] = [problem]
    elif reviewed_on < measure.start_date:
        problems["reviewed_on"] = [_("A measure cannot be reviewed before it starts.")]
    if outcome == vocab.ReviewOutcome.END:
        next_review_date = None
    elif outcome in vocab.ReviewOutcome.values and not problems.keys() & {"reviewed_on", "outcome"}:
        next_review_date = next_review_date or reviewed_on + datetime.timedelta(
            days=timing_on(reviewed_on).measure_review_days
        )
        if next_review_date <= reviewed_on:
            problems["next_review_date"] = [_("The next review must be after this one.")]
        elif measure.end_date and next_review_date > measure.end_date:
            problems["next_review_date"] = [_("The next review cannot be after the end of the measure.")]
    if problems:
        raise ValidationError(problems)
    if outcome == vocab.ReviewOutcome.END:
        changes = {"status": vocab.MeasureStatus.ENDED, "end_date": reviewed_on, "last_reviewed_on": reviewed_on}
        kind = K.MEASURE_ENDED
    else:
        changes = {"review_date": next_review_date, "last_reviewed_on": reviewed_on}
        kind = K.MEASURE_REVIEWED
    versioned_update(measure, expected_version=expected_version, conditions={"status": measure.status}, **changes)
    review = MeasureReview.objects.create(
        measure=measure,
        reviewed_on=reviewed_on,
        outcome=outcome,
        note=note,
        next_review_date=next_review_date,
        reviewed_by=actor.user,
        reviewed_by_agency=actor.agency,
    )
    record(
        actor,
        AuditAction.CHANGE,
        object_type="protection_measure",
        object_id=measure.pk,
        details={
            "case": str(measure.case_id),
            "review": review.pk,
            "outcome": outcome,
            "reviewed_on": reviewed_on.isoformat(),
            "next_review": next_review_date.isoformat() if next_review_date else None,
        },
        event=CaseEvent.build(measure.case, kind, actor, measure=measure.pk, review=review.pk, outcome=outcome),
    )
    return measure


@transaction.atomic
def measure_refusal_record(*, actor, measure, expected_version, refused_on, reason="", uploaded_file=None):
    """The protected person refuses the measure: recorded with their signed commitment (a file added to
    the case's documents under the same limits and sealing as every case document)."""
    _open_measure(actor, measure)
    problems = {}
    reason = _text(reason, "refusal_reason", problems)
    if problem := _date_problem(refused_on, measure.case):
        problems["refused_on"] = [problem]
    if uploaded_file is None:
        problems["commitment"] = [_("Attach the signed commitment of the person who refuses the measure.")]
    if problems:
        raise ValidationError(problems)
    try:
        document = case_services.document_add(actor=actor, case=measure.case, kind="other", uploaded_file=uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"commitment": exc.message_dict.get("file", exc.messages)}) from exc
    versioned_update(
        measure,
        expected_version=expected_version,
        conditions={"status": measure.status},
        status=vocab.MeasureStatus.REFUSED,
        refused_on=refused_on,
        refusal_reason=reason,
        commitment=document,
    )
    record(
        actor,
        AuditAction.CHANGE,
        object_type="protection_measure",
        object_id=measure.pk,
        details={"case": str(measure.case_id), "refused_on": refused_on.isoformat(), "commitment": document.pk},
        event=CaseEvent.build(measure.case, K.MEASURE_REFUSED, actor, measure=measure.pk, document=document.pk),
    )
    return measure


# ---- danger alerts -------------------------------------------------------------------------------


def alert_agencies(province_id):
    """The active provincial police and border guard of the province (``vocab.ALERT_AGENCY_TYPES``)."""
    if province_id is None:
        return []
    return list(
        Agency.objects.filter(
            province_id=province_id,
            jurisdiction_level=JurisdictionLevel.PROVINCE,
            is_active=True,
            agency_type__code__in=vocab.ALERT_AGENCY_TYPES,
        ).order_by("pk")
    )


def focal_point_users(agency):
    """The officers who are the agency's active focal points: an active focal point whose e-mail is that of
    an officer with an active case role in the agency."""
    emails = {
        e.strip().lower()
        for e in FocalPoint.objects.filter(agency=agency, is_active=True).values_list("email", flat=True)
        if e and e.strip()
    }
    if not emails:
        return set()
    members = set(users_with_roles(agency, tuple(policy.CASE_ROLES)))
    users = Membership.objects.filter(agency=agency, is_active=True, user_id__in=members)
    return {m.user_id for m in users.select_related("user") if (m.user.email or "").strip().lower() in emails}


def alert_recipients(agency):
    """Who of an agency hears of an alert at once: its focal points; if none is an officer, its supervisors
    and verifiers (found up the agency tree, then in the province's lead agency). ``(user ids, how)``."""
    found = focal_point_users(agency)
    if found:
        return found, "focal_point"
    recipients = recipients_for(agency, (Role.SUPERVISOR, Role.VERIFIER))
    return set(recipients), recipients.step


def _alert_params(alert, case):
    return {
        "number": case.number,
        "agency": alert.raised_by_agency.name,
        "raised": timezone.localtime(alert.raised_at).isoformat(timespec="minutes"),
        "until": timezone.localtime(alert.acknowledge_by).isoformat(timespec="minutes"),
    }


def _alert_link(alert):
    return reverse("protection:alert", args=[alert.pk])


@transaction.atomic
def alert_raise(*, actor, case, description):
    """Raise a danger alert: it reaches the police and border-guard focal points of the case's province at
    once (in-app, and by e-mail after commit: a mandatory kind). A province with neither, or agencies with
    nobody, still reach someone (the lead agency, else an unreached notice the administrators are told of)."""
    if not policy.can_raise_alert(actor, case):
        raise errors.Denied
    problems = {}
    description = _text(
        description,
        "description",
        problems,
        required=True,
        required_message=_("Say what happened: who called or came, when, what they asked."),
    )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    timing = timing_on(timezone.localdate(now))
    alert = DangerAlert.objects.create(
        case=case,
        description=description,
        raised_by=actor.user,
        raised_by_agency=actor.agency,
        raised_at=now,
        timing=timing,
        acknowledge_by=now + datetime.timedelta(minutes=timing.acknowledge_minutes),
        escalate_at=now + datetime.timedelta(minutes=timing.escalate_after_minutes),
    )
    agencies = alert_agencies(case.province_id)
    alert.notified_agencies.set(agencies)
    params = _alert_params(alert, case)
    reached = {}
    for agency in agencies:
        users, how = alert_recipients(agency)
        reached[agency.pk] = {"how": how, "count": len(users)}
        notify(
            kind="danger_alert",
            recipients=users,
            params=params,
            link=_alert_link(alert),
            object_type="danger_alert",
            object_id=alert.pk,
            sought_in=agency,
        )
    if not agencies:
        # No police or border guard in the province: the province's lead agency (else the responsible
        # agency's supervisors, up the tree); nobody at all is an unreached notice, never silence.
        lead = lead_agency_for(case.province_id) or case.responsible_agency or actor.agency
        users = recipients_for(lead, (Role.SUPERVISOR,))
        reached["fallback"] = {"agency": users.agency_id, "count": len(users)}
        notify(
            kind="danger_alert",
            recipients=users,
            params=params,
            link=_alert_link(alert),
            object_type="danger_alert",
            object_id=alert.pk,
            sought_in=lead,
        )
    record(
        actor,
        AuditAction.CREATE,
        object_type="danger_alert",
        object_id=alert.pk,
        details={"case": str(case.pk), "agencies": [a.pk for a in agencies], "reached": reached},
        event=CaseEvent.build(case, K.ALERT_RAISED, actor, alert=alert.pk, agencies=[a.pk for a in agencies]),
    )
    return alert


@transaction.atomic
def alert_acknowledge(*, actor, alert, expected_version, action_taken):
    """An officer of an agency the alert reached acknowledges it and says what was done; the officer who
    raised it is told. An alert acknowledged never escalates."""
    if not policy.can_acknowledge_alert(actor, alert):
        raise errors.Denied
    if not alert.is_open:
        raise errors.StateError(_("This alert was already acknowledged."))
    problems = {}
    action_taken = _text(
        action_taken,
        "action_taken",
        problems,
        required=True,
        required_message=_("Say what was done or will be done (e.g. officers sent, the shelter called back)."),
    )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    versioned_update(
        alert,
        expected_version=expected_version,
        conditions={"status": vocab.AlertStatus.OPEN},
        status=vocab.AlertStatus.ACKNOWLEDGED,
        acknowledged_at=now,
        acknowledged_by=actor.user,
        acknowledged_by_agency=actor.agency,
        action_taken=action_taken,
    )
    case = alert.case
    notify(
        kind="danger_alert_acknowledged",
        recipients=[alert.raised_by_id],
        params={"number": case.number, "agency": actor.agency.name, "at": now.isoformat(timespec="minutes")},
        link=_alert_link(alert),
        object_type="danger_alert",
        object_id=alert.pk,
        sought_in=alert.raised_by_agency,
    )
    record(
        actor,
        AuditAction.CHANGE,
        object_type="danger_alert",
        object_id=alert.pk,
        details={"case": str(case.pk), "acknowledged": True},
        event=CaseEvent.build(case, K.ALERT_ACKNOWLEDGED, actor, alert=alert.pk),
    )
    return alert


def escalation_recipients(alert):
    """The next level up: the supervisors of each agency the alert reached (found up the tree) and of the
    province's lead agency. ``(user ids, agencies)``."""
    users, agencies = set(), set()
    for agency in alert.notified_agencies.all():
        found = recipients_for(agency, (Role.SUPERVISOR,))
        users |= set(found)
        if found.agency_id:
            agencies.add(found.agency_id)
    lead = lead_agency_for(alert.case.province_id)
    if lead is not None:
        found = users_with_roles(lead, (Role.SUPERVISOR,))
        if found:
            users |= set(found)
            agencies.add(lead.pk)
    return users, agencies


def _escalate(alert, now):
    # Claimed by a conditional update: an alert escalates once, and never once acknowledged.
    claimed = DangerAlert.objects.filter(pk=alert.pk, status=vocab.AlertStatus.OPEN, escalated_at__isnull=True).update(
        escalated_at=now
    )
    if not claimed:
        return False
    users, agencies = escalation_recipients(alert)
    alert.escalated_agencies.set(agencies)
    sought_in = lead_agency_for(alert.case.province_id) or alert.notified_agencies.first() or alert.raised_by_agency
    notify(
        kind="danger_alert_escalated",
        recipients=users,
        params={**_alert_params(alert, alert.case)},
        link=_alert_link(alert),
        object_type="danger_alert",
        object_id=alert.pk,
        sought_in=sought_in,
    )
    sweeper = SystemActor(SYSTEM_ACTOR, agency_id=alert.raised_by_agency_id)
    record(
        sweeper,
        AuditAction.CHANGE,
        object_type="danger_alert",
        object_id=alert.pk,
        details={"case": str(alert.case_id), "escalated": True, "agencies": sorted(agencies), "count": len(users)},
        event=CaseEvent.build(alert.case, K.ALERT_ESCALATED, sweeper, alert=alert.pk, agencies=sorted(agencies)),
    )
    return True


def escalation_sweep(*, now=None):
    """Escalate, once, every alert still unacknowledged past its escalation time. Idempotent: running it
    again (or twice at once) escalates nothing twice. Returns how many were escalated."""
    now = now or timezone.now()
    due = DangerAlert.objects.filter(status=vocab.AlertStatus.OPEN, escalated_at__isnull=True, escalate_at__lte=now)
    escalated = 0
    for alert in due.select_related("case", "raised_by_agency").order_by("escalate_at", "pk"):
        with transaction.atomic():
            escalated += _escalate(alert, now)
    return escalated
