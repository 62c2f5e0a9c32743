"""The case's status, moved only by guarded transitions (start verification, decide, close, reopen)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases.extensions import open_items_blocking_close
from safereturn.cases.models import Case, CaseEvent, CaseNote
from safereturn.cases.participation import copy_case_fields
from safereturn.cases.vocab import CaseStatus, EventKind
from safereturn.core import errors
from safereturn.core.versioning import versioned_update

from .. import vocab
from ..models import CaseClosure, IdentificationDecision, VerificationTask
from ..signals import case_status_changed
from .dates import rules_date  # noqa: F401 - part of this module's interface
from .tasks import verification_task_cancel


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    label: object


S = CaseStatus
OUTCOME_STATUSES = frozenset({S.IDENTIFIED, S.NOT_VICTIM, S.FALSE_CLAIM})
TRANSITIONS = {
    "start_verification": Transition(
        frozenset({S.BEING_IDENTIFIED}), S.UNDER_VERIFICATION, gettext_lazy("start verification")
    ),
    "identify_victim": Transition(
        frozenset({S.UNDER_VERIFICATION}), S.IDENTIFIED, gettext_lazy("identify as a victim")
    ),
    "identify_not_victim": Transition(
        frozenset({S.UNDER_VERIFICATION}), S.NOT_VICTIM, gettext_lazy("decide not a victim")
    ),
    "identify_false_claim": Transition(
        frozenset({S.UNDER_VERIFICATION}), S.FALSE_CLAIM, gettext_lazy("decide a false claim")
    ),
    "close": Transition(OUTCOME_STATUSES, S.CLOSED, gettext_lazy("close the case")),
    "reopen": Transition(OUTCOME_STATUSES | {S.CLOSED}, S.UNDER_VERIFICATION, gettext_lazy("reopen the case")),
}
# Transitions an officer asks for directly; the outcome transitions come with a decision.
MANUAL_TRANSITIONS = ("start_verification", "close", "reopen")
DECISION_TRANSITIONS = {
    vocab.DecisionKind.VICTIM: "identify_victim",
    vocab.DecisionKind.NOT_VICTIM: "identify_not_victim",
    vocab.DecisionKind.FALSE_CLAIM: "identify_false_claim",
}


def allowed_transitions(case):
    return [name for name in MANUAL_TRANSITIONS if case.status in TRANSITIONS[name].sources]


def illegal(case, name):
    """The refusal of a transition the case's status does not allow, saying from where it is possible."""
    transition = TRANSITIONS[name]
    allowed = ", ".join(str(S(s).label) for s in sorted(transition.sources))
    return errors.StateError(
        _("This case is “%(status)s”, so you cannot %(action)s. That is possible only from: %(allowed)s.")
        % {"status": case.get_status_display(), "action": transition.label, "allowed": allowed}
    )


def transition_case(actor, case, name, expected_version, **event_data):
    """Move the case along transition ``name`` (inside the caller's transaction)."""
    transition = TRANSITIONS[name]
    current = case.status
    if current not in transition.sources:
        raise illegal(case, name)
    versioned_update(
        case, expected_version=expected_version, conditions={"status": current}, refresh=False,
        status=transition.target,
    )  # fmt: skip
    copy_case_fields(case_ids=[case.pk])  # the agencies' lists filter on the status
    details = {"from": current, "to": transition.target, "transition": name}
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="case",
        object_id=case.pk,
        details=details,
        event=CaseEvent.build(case, EventKind.STATUS_CHANGED, actor, **details, **event_data),
    )
    on_date, case_id = timezone.localdate(), case.pk
    transaction.on_commit(
        lambda: case_status_changed.send(
            sender=Case,
            case_id=case_id,
            old_status=current,
            new_status=transition.target,
            transition=name,
            on_date=on_date,
        )
    )
    case.refresh_from_db()
    return case


def open_tasks_of(case):
    """The verification tasks still to do on the case (closing it waits for them or cancels them)."""
    return VerificationTask.objects.filter(case=case, status__in=vocab.OPEN_TASK_STATUSES).order_by("due_date", "pk")


@transaction.atomic
def case_transition(
    *,
    actor,
    case,
    transition,
    expected_version,
    reason="",
    cancel_open_tasks=False,
    closure_reason="",
    override_reason="",
):
    """Start verification, close or reopen a case (decisions go through ``identification_decide``).

    Closing and reopening need a reason, kept as an encrypted case note that the timeline event points
    to; closing also needs a reason from the vocabulary (``vocab.ClosureReason``). A case with
    verification tasks still to do is not closed, unless the officer chooses to cancel them (with the
    same reason) and may do so. A case with other items still open (``cases.extensions.closure_blockers``:
    planned services, follow-up visits...) is not closed unless a supervisor decides to, with a reason
    (``override_reason``), recorded on the closure."""
    if transition not in MANUAL_TRANSITIONS:
        raise ValidationError({"transition": [_("Choose start verification, close or reopen.")]})
    allowed = policy.can_reopen_case if transition == "reopen" else policy.can_change_case_status
    if not allowed(actor, case):
        raise errors.Denied
    if transition == "reopen" and not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the case is reopened.")]})
    if case.status not in TRANSITIONS[transition].sources:
        raise illegal(case, transition)
    event_data = {}
    open_items = []
    if transition == "close":
        open_items = _close_blockers(actor, case, reason, closure_reason, override_reason)
        event_data["cancelled_tasks"] = _close_checks(actor, case, reason, cancel_open_tasks)
    if transition in ("reopen", "close"):
        note = CaseNote.objects.create(
            case=case, category="general", body=reason.strip(), author=actor.user, agency=actor.agency
        )
        event_data["note"] = note.pk
    if transition == "close":
        closure = CaseClosure.objects.create(
            case=case,
            reason=closure_reason,
            note=note,
            closed_by=actor.user,
            agency=actor.agency,
            open_items=[item.label for item in open_items],
            override_reason=(override_reason or "").strip() if open_items else "",
        )
        event_data.update(closure=closure.pk, closure_reason=closure_reason, overridden=len(open_items))
    case = transition_case(actor, case, transition, expected_version, **event_data)
    if transition == "reopen":
        IdentificationDecision.objects.filter(
            case=case, kind__in=vocab.OUTCOME_KINDS, superseded_at__isnull=True
        ).update(superseded_at=timezone.now())
        CaseClosure.objects.filter(case=case, reopened_at__isnull=True).update(reopened_at=timezone.now())
    return case


def _close_blockers(actor, case, reason, closure_reason, override_reason):
    """Refuse a close without a reason from the vocabulary, or with support items still open (the
    registered ``closure_blockers``) unless a supervisor who may decides to close anyway, with a reason.
    Returns the open items the supervisor closes over (empty when nothing was open)."""
    problems = {}
    if closure_reason not in vocab.ClosureReason.values:
        problems["closure_reason"] = [_("Choose why the case is closed.")]
    if not (reason or "").strip():
        problems["reason"] = [_("Say why the case is closed.")]
    if problems:
        raise ValidationError(problems)
    items = open_items_blocking_close(case)
    if not items:
        return []
    if not (override_reason or "").strip():
        labels = "; ".join(str(item.label) for item in items)
        if policy.can_close_despite_open_items(actor, case):
            message = ngettext(
                "%(count)s item is still open on this case (%(items)s). Finish it first, or, as supervisor, "
                "decide to close the case anyway and say why.",
                "%(count)s items are still open on this case (%(items)s). Finish them first, or, as supervisor, "
                "decide to close the case anyway and say why.",
                len(items),
            )
        else:
            message = ngettext(
                "%(count)s item is still open on this case (%(items)s). Finish it first, or ask a supervisor "
                "to decide to close the case anyway.",
                "%(count)s items are still open on this case (%(items)s). Finish them first, or ask a supervisor "
                "to decide to close the case anyway.",
                len(items),
            )
        raise errors.StateError(message % {"count": len(items), "items": labels})
    if not policy.can_close_despite_open_items(actor, case):
        raise ValidationError(
            {"override_reason": [_("Only a supervisor may decide to close a case with items still open.")]}
        )
    return items


def _close_checks(actor, case, reason, cancel_open_tasks):
    """Refuse a close without a reason or with tasks still to do; cancel those when the officer chose
    to (and may). Returns the ids of the tasks cancelled."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the case is closed.")]})
    tasks = list(open_tasks_of(case))
    if not tasks:
        return []
    if not cancel_open_tasks:
        raise errors.StateError(
            ngettext(
                "%(count)s verification task is still open on this case. Wait until it is done, or choose to "
                "cancel it with your reason.",
                "%(count)s verification tasks are still open on this case. Wait until they are done, or choose "
                "to cancel them with your reason.",
                len(tasks),
            )
            % {"count": len(tasks)}
        )
    if not policy.can_assign_verification(actor, case):
        raise ValidationError(
            {"cancel_open_tasks": [_("Your role may not cancel verification tasks: ask the officer who assigns them.")]}
        )
    for task in tasks:
        verification_task_cancel(actor=actor, task=task)
    return [task.pk for task in tasks]
