"""Truy cập khẩn cấp: emergency ("break-glass") access to a case outside the officer's scope.

Within the bounds of the rule in force (a case the agency could plausibly need, a justification of
substance, the day's allowance not used up) access opens at once, read-only and for minutes; beyond
them it is a request a supervisor approves. Every access tells the officer's supervisors and the
province's auditors at once, and waits for a supervisor's review afterwards.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.models import BreakGlassGrant
from safereturn.access.vocab import EmergencyCategory, EmergencyRoute, EmergencyStatus, RequestReason, ReviewOutcome
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors
from safereturn.directory.models import Agency, Role
from safereturn.notifications.selectors import auditors_for, recipients_for
from safereturn.notifications.services import notify
from safereturn.rules.selectors import RuleError

from .. import vocab
from ..emergency import grant_for_actor
from ..models import Case, CaseEvent
from ..notification_kinds import (
    BREAK_GLASS,
    EMERGENCY_APPROVED,
    EMERGENCY_REFUSED,
    EMERGENCY_REQUESTED,
    EMERGENCY_REVIEWED_NOT_JUSTIFIED,
)

MAX_NOTE = 1000


def _rule():
    try:
        return policy.emergency_rule()
    except RuleError as exc:
        raise errors.StateError(str(exc)) from exc


def _supervisors(actor):
    """The supervisors who are told, decide and review: the officer's agency's, else up the tree (never
    the officer alone). Returns the agency (None if nobody) and the ``Recipients``."""
    found = recipients_for(actor.agency, (Role.SUPERVISOR,))
    if not set(found) - {actor.user.pk} and found.agency is not None and found.agency.parent is not None:
        found = recipients_for(found.agency.parent, (Role.SUPERVISOR,))
    return (found.agency if set(found) - {actor.user.pk} else None), found


def _open(grant, rule, now):
    grant.status = EmergencyStatus.GRANTED
    grant.granted_at = now
    grant.expires_at = now + timedelta(minutes=rule.access_minutes)
    grant.review_due = timezone.localdate(now) + timedelta(days=rule.review_days)


def _tell_of_use(grant, supervisors, *, exclude):
    """At once: the officer's supervisors (``supervisors``; None after an approval, which they gave),
    then the supervisors of the agencies handling the case (each up the agency tree) and the auditors
    of the officer's and the case's provinces. A group that finds nobody is an unreached notice."""
    message = dict(
        kind=BREAK_GLASS.code,
        exclude=exclude,
        params={"officer": grant.user.get_username(), "number": grant.case.number},
        link=reverse("cases:emergency_access_detail", args=[grant.pk]),
        object_type="case",
        object_id=grant.case_id,
        sought_in=grant.agency,
    )
    if supervisors is not None:
        notify(recipients=supervisors, **message)
    handling = Agency.objects.filter(case_participations__case=grant.case, case_participations__is_active=True)
    overseers = set(auditors_for([grant.agency.province_id, grant.case.province_id]))
    for agency in handling.distinct():
        overseers |= set(recipients_for(agency, (Role.SUPERVISOR,)))
    notify(recipients=overseers - set(supervisors or ()), **message)


def _check_request(category, justification, rule):
    problems = {}
    if category not in EmergencyCategory.values:
        problems["category"] = [_("Choose the kind of emergency.")]
    problem = policy.justification_problem(justification, rule)
    if problem:
        problems["justification"] = [problem]
    if problems:
        raise ValidationError(problems)


def _approval_needed(actor, case, rule, now):
    """Why this access needs a supervisor's approval ("" when it opens at once)."""
    if not policy.within_reach(actor.agency, case):
        return RequestReason.OUTSIDE_TERRITORY
    if policy.used_today(actor.user, now) >= rule.daily_limit:
        return RequestReason.DAILY_LIMIT
    return ""


@transaction.atomic
def emergency_access_ask(*, actor, case_id, category, justification):
    """Ask for emergency access to a case: opened at once within the bounds, otherwise a request.
    Returns the ``BreakGlassGrant`` (its ``status`` says which)."""
    if not policy.can_ask_emergency_access(actor):
        raise errors.Denied
    rule = _rule()
    _check_request(category, justification, rule)
    case = Case.objects.select_related("person").filter(pk=case_id).first()
    if case is None:
        raise errors.NotFound
    pending = BreakGlassGrant.objects.filter(user=actor.user, case=case)
    if pending.filter(status=EmergencyStatus.REQUESTED).exists() or any(g.is_live for g in pending):
        raise errors.StateError(_("You already have emergency access to this case, or a request waiting."))
    now = timezone.now()
    reason = _approval_needed(actor, case, rule, now)
    supervising_agency, supervisors = _supervisors(actor)
    grant = BreakGlassGrant(
        user=actor.user,
        agency=actor.agency,
        case=case,
        category=category,
        justification=justification.strip(),
        supervising_agency=supervising_agency,
        requested_at=now,
        request_reason=reason,
        status=EmergencyStatus.REQUESTED,
    )
    if not reason:
        grant.route = EmergencyRoute.WITHIN_BOUNDS
        _open(grant, rule, now)
    grant.save()
    policy.forget(case)
    step = "opened" if not reason else "requested"
    record(
        actor,
        AuditAction.BREAK_GLASS,
        object_type="case",
        object_id=case.pk,
        purpose=grant.justification,
        details={"grant": grant.pk, "step": step, "category": category, "reason": reason},
        event=CaseEvent.build(case, vocab.EventKind.BREAK_GLASS, actor, grant=grant.pk, step=step)
        if not reason
        else None,
    )
    if reason:
        notify(
            kind=EMERGENCY_REQUESTED.code,
            recipients=supervisors,
            exclude=[actor.user.pk],
            sought_in=actor.agency,
            params={"officer": actor.user.get_username(), "number": case.number},
            link=reverse("cases:emergency_access_detail", args=[grant.pk]),
            object_type="case",
            object_id=case.pk,
        )
    else:
        _tell_of_use(grant, supervisors, exclude=[actor.user.pk])
    return grant


def _handled_grant(actor, grant_id, allowed):
    grant = (
        BreakGlassGrant.objects.select_for_update(of=("self",))
        .select_related("case", "agency", "user")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        raise errors.NotFound
    if not allowed(actor, grant):
        grant_for_actor(actor, grant.pk)  # NotFound for those who may not know of it
        raise errors.Denied
    return grant


def _note(note, *, required):
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": [_("Write at most %(count)d characters.") % {"count": MAX_NOTE}]})
    if required and not note:
        raise ValidationError({"note": [_("Say why, in a few words: the officer and the auditor read it.")]})
    return note


@transaction.atomic
def emergency_access_decide(*, actor, grant_id, approve, note=""):
    """A supervisor approves (access opens now, for the rule's minutes) or refuses a request."""
    grant = _handled_grant(actor, grant_id, policy.can_decide_emergency_access)
    if grant.status != EmergencyStatus.REQUESTED:
        raise errors.StateError(_("This request has already been decided."))
    note = _note(note, required=not approve)
    now = timezone.now()
    grant.decided_by, grant.decided_at, grant.decision_note = actor.user, now, note
    if approve:
        grant.route = EmergencyRoute.APPROVED
        _open(grant, _rule(), now)
    else:
        grant.status = EmergencyStatus.REFUSED
    grant.save()
    policy.forget(grant.case)
    step = "approved" if approve else "refused"
    record(
        actor,
        AuditAction.BREAK_GLASS,
        object_type="case",
        object_id=grant.case_id,
        purpose=note,
        details={"grant": grant.pk, "step": step, "officer": grant.user_id},
        event=CaseEvent.build(grant.case, vocab.EventKind.BREAK_GLASS, actor, grant=grant.pk, step=step)
        if approve
        else None,
    )
    notify(
        kind=(EMERGENCY_APPROVED if approve else EMERGENCY_REFUSED).code,
        recipients=[grant.user_id],
        params={"number": grant.case.number},
        link=reverse("cases:emergency_access_detail", args=[grant.pk]),
        object_type="case",
        object_id=grant.case_id,
    )
    if approve:
        _tell_of_use(grant, None, exclude=[actor.user.pk, grant.user_id])
    return grant


@transaction.atomic
def emergency_access_review(*, actor, grant_id, outcome, note=""):
    """A supervisor's review of an access used: justified, or not (the auditors are told)."""
    grant = _handled_grant(actor, grant_id, policy.can_review_emergency_access)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": [_("Choose whether the access was justified.")]})
    if grant.status != EmergencyStatus.GRANTED:
        raise errors.StateError(_("Only an access that was opened is reviewed."))
    if grant.reviewed_at is not None:
        raise errors.StateError(_("This access has already been reviewed."))
    note = _note(note, required=outcome == ReviewOutcome.NOT_JUSTIFIED)
    grant.reviewed_by, grant.reviewed_at = actor.user, timezone.now()
    grant.review_outcome, grant.review_note = outcome, note
    if grant.is_live and outcome == ReviewOutcome.NOT_JUSTIFIED:
        grant.expires_at = grant.reviewed_at  # an access found unjustified ends now
    grant.save()
    policy.forget(grant.case)
    record(
        actor,
        AuditAction.BREAK_GLASS,
        object_type="case",
        object_id=grant.case_id,
        purpose=note,
        details={"grant": grant.pk, "step": "reviewed", "outcome": outcome, "officer": grant.user_id},
    )
    if outcome == ReviewOutcome.NOT_JUSTIFIED:
        notify(
            kind=EMERGENCY_REVIEWED_NOT_JUSTIFIED.code,
            recipients=auditors_for([grant.agency.province_id, grant.case.province_id]),
            exclude=[actor.user.pk],
            params={"officer": grant.user.get_username(), "number": grant.case.number},
            link=reverse("oversight:emergency_access"),
            object_type="case",
            object_id=grant.case_id,
        )
    return grant
