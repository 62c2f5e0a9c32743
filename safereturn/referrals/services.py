"""Referrals: each step one transaction that checks who acts and from which state (``vocab.TRANSITIONS``),
takes the record's version (two officers at once: one wins, the other is told), writes the case's
timeline and the audit trail, and tells the other side after it commits (no names).

Sending goes through the one sharing gate (``cases.sharing``): the person's consent in force naming the
recipient's type of agency, the law's duty, or a legal exception the sender recorded. A refusal of the
gate changes nothing and is itself recorded.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.cases import sharing
from safereturn.cases.models import CaseEvent
from safereturn.cases.vocab import encode_codes
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, Role
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify
from safereturn.rules.selectors import RuleError, add_days, rule_in_force

from . import notification_kinds as kinds
from . import vocab
from .models import Referral, ReferralResponseRule

REMINDER_ACTOR = "referral-reminders"
NOTE_MAX = 2000


def _link(referral):
    return reverse("referrals:detail", args=[referral.pk])


def _problems_of_draft(case, actor, *, kind, recipient, sections, wish, wish_followed, wish_not_followed):
    problems = {}
    if kind not in vocab.ReferralKind.values:
        problems["kind"] = [_("Choose what the person is referred to.")]
    if recipient is None:
        problems["recipient_agency"] = [_("Choose the agency the person is referred to.")]
    elif recipient.pk == actor.agency.pk:
        problems["recipient_agency"] = [_("Refer the person to another agency than your own.")]
    if not sections or any(code not in vocab.Section.values for code in sections):
        problems["sections"] = [_("Choose at least one section the recipient needs to see.")]
    if wish not in vocab.Wish.values:
        problems["wish"] = [_("Say what the person wishes.")]
    if not wish_followed and wish_not_followed not in vocab.WishNotFollowed.values:
        problems["wish_not_followed"] = [_("Say why the referral does not follow the person's wish.")]
    return problems


@transaction.atomic
def referral_draft(
    *,
    actor,
    case,
    kind,
    recipient_agency_id,
    sections,
    wish,
    wish_followed=True,
    wish_not_followed="",
    legal_exception=None,
):
    """A draft referral of the case's person (nothing is shared yet). ``legal_exception``: the id of a
    ``rules.SharingException`` in force the sender records, when no consent covers the recipient."""
    if not policy.can_refer(actor, case):
        raise errors.Denied
    recipient = None
    if str(recipient_agency_id or "").isdigit():
        recipient = Agency.objects.filter(pk=int(recipient_agency_id), is_active=True).first()
    sections = sorted(set(sections or []))
    problems = _problems_of_draft(
        case,
        actor,
        kind=kind,
        recipient=recipient,
        sections=sections,
        wish=wish,
        wish_followed=wish_followed,
        wish_not_followed=wish_not_followed,
    )
    try:
        exception = sharing.exception_in_force(legal_exception)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems)
    referral = Referral.objects.create(
        case=case,
        kind=kind,
        sending_agency=actor.agency,
        recipient_agency=recipient,
        sections=encode_codes(sections),
        wish=wish,
        wish_followed=bool(wish_followed),
        wish_not_followed="" if wish_followed else wish_not_followed,
        sharing_exception=exception,
        created_by=actor.user,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="referral",
        object_id=referral.pk,
        details={"case": str(case.pk), "recipient": recipient.pk, "kind": kind, "sections": sections},
    )
    return referral


def _answer_due(sent_on):
    """The rule in force on the day of sending, and the due date it gives."""
    try:
        rule = rule_in_force(ReferralResponseRule, sent_on)
    except RuleError as exc:
        raise errors.StateError(str(exc)) from exc
    return rule, add_days(sent_on, rule.answer_days, rule.counting)


def _check_actor(actor, referral, case, who):
    allowed = (
        policy.can_act_as_sender(actor, referral, case)
        if who == "sender"
        else policy.can_answer_referral(actor, referral)
    )
    if not allowed:
        raise errors.Denied


def _decline_problems(reason, note):
    problems = {}
    if reason not in vocab.DeclineReason.values:
        problems["decline_reason"] = [_("Say why your agency declines the referral.")]
    elif reason == vocab.DeclineReason.OTHER and not note.strip():
        problems["decline_note"] = [_("Describe the other reason.")]
    if len(note) > NOTE_MAX:
        problems["decline_note"] = [_("Write at most %(count)s characters.") % {"count": NOTE_MAX}]
    return problems


def referral_act(*, actor, referral, action, expected_version=None, decline_reason="", decline_note=""):
    """One step of the referral (``vocab.Action``). Refusals: ``Denied`` (not yours to take),
    ``StateError`` (not from this state), ``Conflict`` (someone acted first), ``ValidationError`` (a
    decline without a reason, a sending no consent or exception covers: also recorded)."""
    try:
        return _act(
            actor=actor,
            referral=referral,
            action=action,
            expected_version=expected_version,
            decline_reason=decline_reason,
            decline_note=decline_note or "",
        )
    except ValidationError as exc:
        if action == vocab.Action.SEND and "recipient_agency" in getattr(exc, "error_dict", {}):
            # The gate refused to share: nothing changed, and the attempt is on the record.
            record(
                actor,
                AuditAction.DENIED,
                object_type="referral",
                object_id=referral.pk,
                details={"case": str(referral.case_id), "refused": True, "why": "no_sharing_basis"},
            )
        raise


@transaction.atomic
def _act(*, actor, referral, action, expected_version, decline_reason, decline_note):
    case = referral.case
    if expected_version is not None and expected_version != referral.version:
        # Loaded afresh and already changed since the officer's page or client read it: someone acted first.
        raise errors.Conflict
    step = vocab.TRANSITIONS.get((action, referral.status))
    if step is None:
        if action not in vocab.Action.values:
            raise ValidationError({"action": [_("Choose a step: send, accept, decline, complete or revoke.")]})
        _check_actor(
            actor, referral, case, "sender" if action in (vocab.Action.SEND, vocab.Action.REVOKE) else "recipient"
        )
        raise errors.StateError(
            _("This referral is %(status)s: it cannot be done now.")
            % {"status": vocab.ReferralStatus(referral.status).label.lower()}
        )
    target, who = step
    _check_actor(actor, referral, case, who)
    now = timezone.now()
    changes = {"status": target}
    details = {"case": str(case.pk), "from": referral.status, "to": target}
    if action == vocab.Action.SEND:
        basis = sharing.require_basis(
            case, referral.recipient_agency, exception=referral.sharing_exception, field="recipient_agency"
        )
        rule, due = _answer_due(timezone.localdate(now))
        changes.update(
            sent_at=now, rule=rule, due_date=due, basis=basis.kind, consent=basis.consent,
            sharing_exception=basis.exception,
        )  # fmt: skip
        details.update(basis.details(), due=due.isoformat(), rule=rule.pk)
    elif action == vocab.Action.DECLINE:
        problems = _decline_problems(decline_reason, decline_note)
        if problems:
            raise ValidationError(problems)
        changes.update(answered_at=now, ended_at=now, decline_reason=decline_reason, decline_note=decline_note.strip())
        details["reason"] = decline_reason
    elif action == vocab.Action.ACCEPT:
        changes["answered_at"] = now
    else:  # complete, revoke: the recipient's access ends now
        changes["ended_at"] = now
    versioned_update(referral, expected_version=expected_version, conditions={"status": referral.status}, **changes)
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="referral",
        object_id=referral.pk,
        details=details,
        event=CaseEvent.build(
            case,
            vocab.TIMELINE_OF[target],
            actor,
            referral=referral.pk,
            recipient=referral.recipient_agency_id,
            **({"reason": decline_reason} if action == vocab.Action.DECLINE else {}),
        ),
    )
    policy.forget(case)
    _tell(actor, referral, target)
    return referral


def _tell(actor, referral, target):
    number = referral.case.number
    if target == vocab.ReferralStatus.SENT:
        kind, to, agency = kinds.RECEIVED, referral.recipient_agency, referral.sending_agency
        roles = policy.REFERRAL_ANSWERING_ROLES
        params = {"agency": agency.name, "number": number, "due": referral.due_date.isoformat()}
    elif target == vocab.ReferralStatus.REVOKED:
        kind, to, roles = kinds.REVOKED, referral.recipient_agency, policy.REFERRAL_ANSWERING_ROLES
        params = {"agency": referral.sending_agency.name, "number": number}
    else:
        kind = {
            vocab.ReferralStatus.ACCEPTED: kinds.ACCEPTED,
            vocab.ReferralStatus.DECLINED: kinds.DECLINED,
            vocab.ReferralStatus.COMPLETED: kinds.COMPLETED,
        }[target]
        to, roles = referral.sending_agency, (Role.CASE_WORKER, Role.SUPERVISOR, Role.INTAKE_OFFICER)
        params = {"agency": referral.recipient_agency.name, "number": number}
    notify(
        kind=kind,
        recipients=recipients_for(to, roles),
        params=params,
        # The revoked recipient may no longer open the referral: no link.
        link="" if target == vocab.ReferralStatus.REVOKED else _link(referral),
        object_type="referral",
        object_id=referral.pk,
        exclude=[actor.user.pk],
    )


def referral_viewed(*, actor, referral, sections, channel="web"):
    """Reading a referral (and the sections it opens) is a read of case data: recorded."""
    record(
        actor,
        AuditAction.VIEW,
        object_type="referral",
        object_id=referral.pk,
        details={"case": str(referral.case_id), "via": channel, "sections": list(sections)},
    )


# ---- reminders and escalation ------------------------------------------------------------------------


def _claim(referral, stage, now):
    """Claim one stage of a referral still waiting: a conditional update, so it happens once even when two
    sweeps run at once."""
    return Referral.objects.filter(
        pk=referral.pk, status=vocab.ReferralStatus.SENT, **{f"{stage}__isnull": True}
    ).update(**{stage: now})


def referrals_remind(*, now=None):
    """Hourly (``tasks``): a sent referral not yet answered is reminded once to the recipient's answering
    officers from ``remind_days_before`` days before its due date; ``escalate_days_after`` days after the
    due date, its supervisors and the sender are told once. Idempotent. Returns the counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "escalated": 0}
    waiting = (
        Referral.objects.filter(status=vocab.ReferralStatus.SENT, due_date__isnull=False, escalated_at__isnull=True)
        .select_related("case", "rule", "recipient_agency", "sending_agency")
        .order_by("due_date", "pk")
    )
    for referral in waiting:
        rule = referral.rule or _answer_due(timezone.localdate(referral.sent_at or now))[0]
        remind_from = referral.due_date - datetime.timedelta(days=rule.remind_days_before)
        escalate_after = add_days(referral.due_date, rule.escalate_days_after, rule.counting)
        with transaction.atomic():
            if referral.reminded_at is None and today >= remind_from and _claim(referral, "reminded_at", now):
                answering = policy.REFERRAL_ANSWERING_ROLES
                _pressed(referral, "reminded_at", kinds.REMINDER, referral.recipient_agency, answering)
                counts["reminded"] += 1
                continue
            if today > escalate_after and _claim(referral, "escalated_at", now):
                _pressed(referral, "escalated_at", kinds.ESCALATED, referral.recipient_agency, (Role.SUPERVISOR,))
                _pressed(referral, None, kinds.ESCALATED, referral.sending_agency, (Role.SUPERVISOR, Role.CASE_WORKER))
                counts["escalated"] += 1
    return counts


def _pressed(referral, stage, kind, agency, roles):
    """Tell ``agency``'s officers of ``roles`` (the case number, the recipient, the due date); audited as
    the system's, on the referral."""
    notify(
        kind=kind,
        recipients=recipients_for(agency, roles),
        params={
            "agency": (referral.sending_agency if kind is kinds.REMINDER else referral.recipient_agency).name,
            "number": referral.case.number,
            "due": referral.due_date.isoformat(),
        },
        link=_link(referral),
        object_type="referral",
        object_id=referral.pk,
        sought_in=agency,
    )
    if stage is not None:
        record(
            SystemActor(REMINDER_ACTOR, agency_id=agency.pk),
            AuditAction.CHANGE,
            object_type="referral",
            object_id=referral.pk,
            details={"case": str(referral.case_id), stage: True, "due": referral.due_date.isoformat()},
        )


def referrals_listed(*, actor, count, channel="web"):
    """Reading the agency's referral lists (case numbers and agencies) is a read of case data: recorded."""
    record(actor, AuditAction.VIEW, object_type="referral_list", details={"via": channel, "count": count})
