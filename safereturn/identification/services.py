"""Verification, evidence, identification decisions and case status transitions.

Each business action is one transaction that writes the timeline and the audit trail. Status
transitions update the case only if it still has the status and version the caller saw, so two
concurrent transitions cannot both succeed. Bad input raises ``ValidationError`` with field
messages and changes nothing; refusals raise ``PolicyDenied`` or ``IllegalTransition``.

Timeline events have their own kinds: ``verification_task_assigned``, ``verification_task_changed`` (a task's
status, including "overdue" from the deadline sweep), ``verification_due_date_changed``, ``evidence_recorded``,
``decision_recorded`` (next to the ``status_changed`` of the case it moves) and ``return_certificate_recorded``;
access follows ``participant_added/ended``. Event data holds ids and codes, never identity data.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereturn.access import policy
from safereturn.access.models import Notification
from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record
from safereturn.cases.models import Case, CaseDocument, CaseEvent, CaseNote, CaseParticipant
from safereturn.cases.participation import copy_case_fields
from safereturn.cases.services import ConflictError, PolicyDenied, write_audit, write_event
from safereturn.cases.vocab import CaseStatus, EventKind, ParticipantRole
from safereturn.directory.models import Agency, Membership, Role
from safereturn.rules.models import AgencyCompetenceRule, CompetenceAction
from safereturn.rules.selectors import RuleError, deadline_for, in_force, is_competent

from . import permissions, vocab
from .models import Evidence, IdentificationDecision, IssuedDocumentNumber, VerificationTask
from .signals import case_status_changed

__all__ = ["ConflictError", "IllegalTransition", "PolicyDenied"]

REMIND_DAYS_BEFORE = 1
SYSTEM_ACTOR = "system:deadline-sweep"


class IllegalTransition(Exception):
    """The case is not in a status this transition starts from."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Denied(PolicyDenied):
    """A refusal with a message the officer can act on."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


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


def rules_date(case):
    """Cases keep the rules in force on the day they were received."""
    return timezone.localdate(case.received_at)


def allowed_transitions(case):
    return [name for name in MANUAL_TRANSITIONS if case.status in TRANSITIONS[name].sources]


def _illegal(case, name):
    transition = TRANSITIONS[name]
    allowed = ", ".join(str(S(s).label) for s in sorted(transition.sources))
    return IllegalTransition(
        _("This case is “%(status)s”, so you cannot %(action)s. That is possible only from: %(allowed)s.")
        % {"status": case.get_status_display(), "action": transition.label, "allowed": allowed}
    )


def _transition(actor, case, name, expected_version, **event_data):
    transition = TRANSITIONS[name]
    current = case.status
    if current not in transition.sources:
        raise _illegal(case, name)
    if expected_version is None:
        expected_version = case.version
    updated = Case.objects.filter(pk=case.pk, status=current, version=expected_version).update(
        status=transition.target, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError
    copy_case_fields(case_ids=[case.pk])  # the agencies' lists filter on the status
    details = {"from": current, "to": transition.target, "transition": name}
    write_event(case, EventKind.STATUS_CHANGED, actor, **details, **event_data)
    write_audit(actor, AuditAction.STATUS_CHANGE, case, details=details)
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


@transaction.atomic
def case_transition(*, actor, case, transition, expected_version, reason=""):
    """Start verification, close or reopen a case (decisions go through ``identification_decide``)."""
    if transition not in MANUAL_TRANSITIONS:
        raise ValidationError({"transition": [_("Choose start verification, close or reopen.")]})
    allowed = policy.can_reopen_case if transition == "reopen" else policy.can_change_case_status
    if not allowed(actor, case):
        raise PolicyDenied
    if transition == "reopen" and not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the case is reopened.")]})
    if case.status not in TRANSITIONS[transition].sources:
        raise _illegal(case, transition)
    event_data = {}
    if transition == "reopen":
        note = CaseNote.objects.create(
            case=case, category="general", body=reason.strip(), author=actor.user, agency=actor.agency
        )
        event_data["note"] = note.pk
    case = _transition(actor, case, transition, expected_version, **event_data)
    if transition == "reopen":
        IdentificationDecision.objects.filter(
            case=case, kind__in=vocab.OUTCOME_KINDS, superseded_at__isnull=True
        ).update(superseded_at=timezone.now())
    return case


# ---- verification tasks ----------------------------------------------------------------------


def _active_agency(pk):
    if pk in (None, ""):
        return None
    try:
        return Agency.objects.select_related("agency_type").get(pk=pk, is_active=True)
    except (Agency.DoesNotExist, ValueError, TypeError):
        return None


def _grant_assignee_access(actor, case, agency):
    policy.forget(case)
    participant, created = CaseParticipant.objects.get_or_create(
        case=case, agency=agency, role=ParticipantRole.ASSIGNEE
    )
    if not created:
        if participant.is_active:
            return
        CaseParticipant.objects.filter(pk=participant.pk).update(is_active=True, since=timezone.now(), until=None)
    write_event(case, EventKind.PARTICIPANT_ADDED, actor, agency=agency.pk, role=ParticipantRole.ASSIGNEE)


def _end_assignee_access(actor, case, agency_id):
    """The assigned agency keeps access only while it has an open task on the case."""
    policy.forget(case)
    still_open = VerificationTask.objects.filter(
        case=case, assignee_agency_id=agency_id, status__in=vocab.OPEN_TASK_STATUSES
    ).exists()
    if still_open:
        return
    ended = CaseParticipant.objects.filter(
        case=case, agency_id=agency_id, role=ParticipantRole.ASSIGNEE, is_active=True
    ).update(is_active=False, until=timezone.now())
    if ended:
        write_event(case, EventKind.PARTICIPANT_ENDED, actor, agency=agency_id, role=ParticipantRole.ASSIGNEE)


def _task_event(case, actor, task, kind=EventKind.VERIFICATION_TASK_CHANGED, **data):
    return write_event(case, kind, actor, subject="verification_task", task=task.pk, **data)


def _assignee_recipients(task):
    if task.assignee_officer_id:
        return {task.assignee_officer_id}
    members = Membership.objects.filter(agency_id=task.assignee_agency_id, is_active=True, user__is_active=True)
    workers = set(members.filter(role__in=[Role.VERIFIER, Role.CASE_WORKER]).values_list("user_id", flat=True))
    return workers or set(members.filter(role=Role.SUPERVISOR).values_list("user_id", flat=True))


def _supervisors(*agency_ids):
    return set(
        Membership.objects.filter(
            agency_id__in=agency_ids, role=Role.SUPERVISOR, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _notify(recipients, kind, message, case):
    Notification.objects.bulk_create(
        [Notification(recipient_id=uid, kind=kind, message=message[:500], case=case) for uid in sorted(recipients)]
    )


def _task_label(task):
    return {"kind": vocab.TaskKind(task.kind).label, "number": task.case.number, "due": f"{task.due_date:%d/%m/%Y}"}


@transaction.atomic
def verification_task_create(
    *,
    actor,
    case,
    kind,
    assignee_agency_id,
    partner_agency_id=None,
    assignee_officer_id=None,
    start_date=None,
    due_date=None,
):
    """Assign a check to an agency. The due date comes from the deadline rule in force when the case was
    received, counted from ``start_date`` (today by default); an explicit due date may not be in the past."""
    if not policy.can_assign_verification(actor, case):
        raise PolicyDenied
    today = timezone.localdate()
    start = start_date or today
    errors = {}
    if case.status not in (S.BEING_IDENTIFIED, S.UNDER_VERIFICATION):
        errors[NON_FIELD_ERRORS] = [_("Verification tasks can be added only while the case is being identified.")]
    if kind not in vocab.TaskKind.values:
        errors["kind"] = [_("Choose what is to be verified.")]
    assignee = _active_agency(assignee_agency_id)
    if assignee is None:
        errors["assignee_agency"] = [_("Choose an agency from the directory.")]
    elif not is_competent(assignee.agency_type.code, CompetenceAction.VERIFY, rules_date(case)):
        errors["assignee_agency"] = [_("This type of agency may not verify under the rules that apply to this case.")]
    partner = _active_agency(partner_agency_id)
    if partner_agency_id not in (None, "") and partner is None:
        errors["partner_agency"] = [_("Choose an agency from the directory.")]
    if assignee_officer_id not in (None, "") and (
        assignee is None
        or not Membership.objects.filter(
            agency=assignee, user_id=assignee_officer_id, is_active=True, role__in=policy.VERIFICATION_ROLES
        ).exists()
    ):
        errors["assignee_officer"] = [_("Choose an officer of the assigned agency.")]
    if start > today:
        errors["start_date"] = [_("The start date cannot be in the future.")]
    elif start < rules_date(case):
        errors["start_date"] = [_("The start date cannot be before the case was received.")]
    if due_date is not None and due_date < today:
        errors["due_date"] = [_("The due date cannot be in the past.")]
    rule = None
    if not errors:
        try:
            computed, rule = deadline_for(kind, start=start, rules_date=rules_date(case))
        except RuleError as exc:
            if due_date is None:
                errors["due_date"] = [str(exc)]
        else:
            due_date = due_date or computed
    if errors:
        raise ValidationError(errors)
    task = VerificationTask.objects.create(
        case=case,
        kind=kind,
        assignee_agency=assignee,
        assignee_officer_id=assignee_officer_id or None,
        partner_agency=partner,
        requested_by_agency=actor.agency,
        created_by=actor.user,
        start_date=start,
        due_date=due_date,
        deadline_rule=rule,
    )
    _grant_assignee_access(actor, case, assignee)
    _task_event(
        case,
        actor,
        task,
        EventKind.VERIFICATION_TASK_ASSIGNED,
        task_kind=kind,
        task_status=task.status,
        agency=assignee.pk,
        due_date=due_date.isoformat(),
    )
    write_audit(
        actor,
        AuditAction.CREATE,
        object_type="verification_task",
        object_id=task.pk,
        details={
            "case": str(case.pk),
            "kind": kind,
            "assignee_agency": assignee.pk,
            "due_date": due_date.isoformat(),
            "rule": rule.pk if rule else None,
        },
    )
    _notify(
        _assignee_recipients(task) - {actor.user.pk},
        "verification_assigned",
        _("A verification task (%(kind)s) on case %(number)s was assigned to your agency, due %(due)s.")
        % _task_label(task),
        case,
    )
    return task


def _task_change(actor, task, *, sources, target, expected_version, **fields):
    version = task.version if expected_version is None else expected_version
    updated = VerificationTask.objects.filter(pk=task.pk, status__in=sources, version=version).update(
        status=target, version=F("version") + 1, **fields
    )
    if not updated:
        task.refresh_from_db()
        if task.status not in sources:
            raise IllegalTransition(
                _("This task is “%(status)s”: it cannot be changed that way.") % {"status": task.get_status_display()}
            )
        raise ConflictError
    previous = task.status
    task.refresh_from_db()
    _task_event(task.case, actor, task, task_status=target)
    write_audit(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(task.case_id), "from": previous, "to": target},
    )
    return task


@transaction.atomic
def verification_task_start(*, actor, task, expected_version=None):
    if not policy.can_work_task(actor, task):
        raise PolicyDenied
    return _task_change(
        actor,
        task,
        sources=(vocab.TaskStatus.OPEN,),
        target=vocab.TaskStatus.IN_PROGRESS,
        expected_version=expected_version,
    )


@transaction.atomic
def verification_task_complete(*, actor, task, findings, expected_version=None):
    if not policy.can_work_task(actor, task):
        raise PolicyDenied
    if not (findings or "").strip():
        raise ValidationError({"findings": [_("Record what the verification found.")]})
    task = _task_change(
        actor,
        task,
        sources=vocab.OPEN_TASK_STATUSES,
        target=vocab.TaskStatus.DONE,
        expected_version=expected_version,
        findings=findings.strip(),
        closed_at=timezone.now(),
    )
    _end_assignee_access(actor, task.case, task.assignee_agency_id)
    return task


@transaction.atomic
def verification_task_cancel(*, actor, task, expected_version=None):
    if not policy.can_assign_verification(actor, task.case):
        raise PolicyDenied
    task = _task_change(
        actor,
        task,
        sources=vocab.OPEN_TASK_STATUSES,
        target=vocab.TaskStatus.CANCELLED,
        expected_version=expected_version,
        closed_at=timezone.now(),
    )
    _end_assignee_access(actor, task.case, task.assignee_agency_id)
    return task


@transaction.atomic
def verification_task_change_due_date(*, actor, task, due_date, reason, expected_version=None):
    """Move the due date of a task still to do, with the reason (kept as an encrypted case note).

    The new date may not be in the past. An overdue task goes back to what it was before the deadline sweep
    marked it (open when not known), and its reminder and escalation start afresh for the new date."""
    if not permissions.can_change_task_due_date(actor, task):
        raise PolicyDenied
    today = timezone.localdate()
    errors = {}
    if due_date is None:
        errors["due_date"] = [_("Enter the new due date.")]
    elif due_date < today:
        errors["due_date"] = [_("The new due date cannot be in the past.")]
    elif due_date == task.due_date:
        errors["due_date"] = [_("The new due date is the same as the current one.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the due date changes.")]
    if errors:
        raise ValidationError(errors)
    version = task.version if expected_version is None else expected_version
    current = VerificationTask.objects.filter(pk=task.pk).values("status", "status_before_overdue", "due_date").get()
    if current["status"] not in vocab.OPEN_TASK_STATUSES:
        task.refresh_from_db()
        raise IllegalTransition(
            _("This task is “%(status)s”: it cannot be changed that way.") % {"status": task.get_status_display()}
        )
    status = current["status"]
    if status == vocab.TaskStatus.OVERDUE:
        before = current["status_before_overdue"]
        status = before if before in (vocab.TaskStatus.OPEN, vocab.TaskStatus.IN_PROGRESS) else vocab.TaskStatus.OPEN
    # The version changes with every change of status or due date, the sweep's included.
    updated = VerificationTask.objects.filter(
        pk=task.pk, version=version, status=current["status"], due_date=current["due_date"]
    ).update(
        due_date=due_date,
        status=status,
        status_before_overdue="",
        reminded_at=None,
        escalated_at=None,
        version=F("version") + 1,
    )
    if not updated:
        raise ConflictError
    task.refresh_from_db()
    case = task.case
    note = CaseNote.objects.create(
        case=case, category="general", body=reason.strip(), author=actor.user, agency=actor.agency
    )
    change = {
        "previous_due_date": current["due_date"].isoformat(),
        "due_date": due_date.isoformat(),
        "previous_task_status": current["status"],
        "task_status": status,
        "note": note.pk,
    }
    _task_event(case, actor, task, EventKind.VERIFICATION_DUE_DATE_CHANGED, **change)
    write_audit(
        actor,
        AuditAction.CHANGE,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(case.pk), **change},
    )
    _notify(
        _assignee_recipients(task) - {actor.user.pk},
        "verification_due_date_changed",
        _("The due date of the verification task (%(kind)s) on case %(number)s was moved from %(previous)s to %(due)s.")
        % {**_task_label(task), "previous": f"{current['due_date']:%d/%m/%Y}"},
        case,
    )
    return task


# ---- deadlines and reminders -------------------------------------------------------------------


def _system_audit(action, task, details):
    audit_record(
        action=action,
        actor_username=SYSTEM_ACTOR,
        agency_id=task.assignee_agency_id,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(task.case_id), **details},
    )


def deadline_sweep(*, now=None):
    """Remind assignees of tasks due soon, mark overdue tasks, and escalate each overdue task once.

    Idempotent: every step is a conditional update, so running it again (or twice at once) notifies nobody twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "overdue": 0, "escalated": 0}
    working = (vocab.TaskStatus.OPEN, vocab.TaskStatus.IN_PROGRESS)
    due_soon = VerificationTask.objects.filter(
        status__in=working,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        reminded_at__isnull=True,
    ).select_related("case")
    for task in due_soon:
        with transaction.atomic():
            if VerificationTask.objects.filter(pk=task.pk, reminded_at__isnull=True).update(reminded_at=now):
                _notify(
                    _assignee_recipients(task),
                    "verification_due",
                    _("The verification task (%(kind)s) on case %(number)s is due %(due)s.") % _task_label(task),
                    task.case,
                )
                counts["reminded"] += 1
    for task in VerificationTask.objects.filter(status__in=working, due_date__lt=today).select_related("case"):
        with transaction.atomic():
            # Remember what the task was, so that moving its due date can put it back.
            if VerificationTask.objects.filter(pk=task.pk, status__in=working).update(
                status=vocab.TaskStatus.OVERDUE, status_before_overdue=F("status"), version=F("version") + 1
            ):
                CaseEvent.objects.create(
                    case=task.case,
                    kind=EventKind.VERIFICATION_TASK_CHANGED,
                    data={"subject": "verification_task", "task": task.pk, "task_status": vocab.TaskStatus.OVERDUE},
                )
                _system_audit(AuditAction.STATUS_CHANGE, task, {"from": task.status, "to": vocab.TaskStatus.OVERDUE})
                _notify(
                    _assignee_recipients(task),
                    "verification_overdue",
                    _("The verification task (%(kind)s) on case %(number)s is overdue: it was due %(due)s.")
                    % _task_label(task),
                    task.case,
                )
                counts["overdue"] += 1
    overdue = VerificationTask.objects.filter(status=vocab.TaskStatus.OVERDUE, escalated_at__isnull=True)
    for task in overdue.select_related("case", "assignee_agency"):
        with transaction.atomic():
            if VerificationTask.objects.filter(pk=task.pk, escalated_at__isnull=True).update(escalated_at=now):
                _notify(
                    _supervisors(task.assignee_agency_id, task.requested_by_agency_id),
                    "verification_escalated",
                    _(
                        "Escalation: the verification task (%(kind)s) on case %(number)s assigned to %(agency)s "
                        "is overdue since %(due)s."
                    )
                    % {**_task_label(task), "agency": task.assignee_agency.name},
                    task.case,
                )
                _system_audit(AuditAction.CHANGE, task, {"escalated": True})
                counts["escalated"] += 1
    return counts


# ---- evidence ----------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, actor, case, source, obtained_on, description, source_agency_id=None, document_ids=()):
    if not policy.can_record_evidence(actor, case):
        raise PolicyDenied
    errors = {}
    if source not in vocab.EvidenceSource.values:
        errors["source"] = [_("Choose where the evidence comes from.")]
    if obtained_on is None:
        errors["obtained_on"] = [_("Enter the date of the evidence.")]
    elif obtained_on > timezone.localdate():
        errors["obtained_on"] = [_("The date of the evidence cannot be in the future.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe the evidence.")]
    source_agency = _active_agency(source_agency_id)
    if source_agency_id not in (None, "") and source_agency is None:
        errors["source_agency"] = [_("Choose an agency from the directory.")]
    document_ids = {int(d) for d in document_ids or () if str(d).isdigit()}
    documents = list(CaseDocument.objects.filter(case=case, pk__in=document_ids))
    if len(documents) != len(document_ids):
        errors["documents"] = [_("Attach only documents of this case.")]
    if errors:
        raise ValidationError(errors)
    evidence = Evidence.objects.create(
        case=case,
        source=source,
        obtained_on=obtained_on,
        source_agency=source_agency,
        description=description.strip(),
        recorded_by=actor.user,
        recorded_by_agency=actor.agency,
    )
    evidence.documents.set(documents)
    write_event(case, EventKind.EVIDENCE_RECORDED, actor, subject="evidence", evidence=evidence.pk, source=source)
    write_audit(
        actor,
        AuditAction.CREATE,
        object_type="evidence",
        object_id=evidence.pk,
        details={"case": str(case.pk), "source": source, "documents": sorted(document_ids)},
    )
    return evidence


# ---- decisions and document numbers -----------------------------------------------------------


def next_document_number(agency, year, kind):
    """The next number of a kind of document for an agency and year, gap-free under a row lock."""
    IssuedDocumentNumber.objects.get_or_create(agency=agency, year=year, kind=kind)
    sequence = IssuedDocumentNumber.objects.select_for_update().get(agency=agency, year=year, kind=kind)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def _symbol(agency, kind):
    prefix = vocab.DOCUMENT_SYMBOLS[kind]
    return f"{prefix}-{agency.short_name}" if agency.short_name else prefix


def _decision_errors(case, decided_on, reason, signer_name):
    errors = {}
    if decided_on is None:
        errors["decided_on"] = [_("Enter the date of the decision.")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("The date cannot be in the future.")]
    elif decided_on < rules_date(case):
        errors["decided_on"] = [_("The date cannot be before the case was received.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the decision.")]
    if not (signer_name or "").strip():
        errors["signer_name"] = [_("Enter who signs the document.")]
    return errors


def _create_decision(actor, case, kind, decided_on, reason, signer_name, signer_title, place, onward_help, rule):
    number = next_document_number(actor.agency, decided_on.year, kind)
    return IdentificationDecision.objects.create(
        case=case,
        kind=kind,
        deciding_agency=actor.agency,
        decided_by=actor.user,
        signer_name=signer_name.strip(),
        signer_title=(signer_title or "").strip(),
        decided_on=decided_on,
        place=(place or "").strip(),
        reason=reason.strip(),
        onward_help=(onward_help or "").strip(),
        number=number,
        year=decided_on.year,
        symbol=_symbol(actor.agency, kind),
        competence_rule=rule,
    )


@transaction.atomic
def identification_decide(
    *,
    actor,
    case,
    kind,
    decided_on,
    reason,
    evidence_ids,
    expected_version,
    signer_name="",
    signer_title="",
    place="",
    onward_help="",
):
    """Xác định: victim, not a victim or false claim — records the decision and moves the case."""
    if kind not in vocab.OUTCOME_KINDS:
        raise ValidationError({"kind": [_("Choose the decision.")]})
    if not policy.can_decide_identification(actor, case):
        raise Denied(
            _(
                "Your agency or role may not identify victims for this case under the rules in force when it was "
                "received."
            )
        )
    rule = None
    if kind == vocab.DecisionKind.VICTIM:
        rule = (
            in_force(AgencyCompetenceRule, rules_date(case))
            .filter(agency_type_code=actor.agency_type, action=CompetenceAction.ISSUE_VICTIM_CERTIFICATE)
            .first()
        )
        if rule is None:
            raise Denied(_("Your agency may not issue the victim confirmation under the rules that apply."))
    errors = _decision_errors(case, decided_on, reason, signer_name or actor.user.display_name())
    evidence_ids = {int(e) for e in evidence_ids or () if str(e).isdigit()}
    evidence = list(Evidence.objects.filter(case=case, pk__in=evidence_ids))
    if not evidence_ids:
        errors["basis"] = [_("Choose the evidence the decision rests on.")]
    elif len(evidence) != len(evidence_ids):
        errors["basis"] = [_("Choose only evidence recorded on this case.")]
    if errors:
        raise ValidationError(errors)
    if case.status not in TRANSITIONS[DECISION_TRANSITIONS[kind]].sources:
        raise _illegal(case, DECISION_TRANSITIONS[kind])
    decision = _create_decision(
        actor,
        case,
        kind,
        decided_on,
        reason,
        signer_name or actor.user.display_name(),
        signer_title,
        place,
        onward_help,
        rule,
    )
    decision.basis.set(evidence)
    write_event(
        case,
        EventKind.DECISION_RECORDED,
        actor,
        subject="identification_decision",
        decision=decision.pk,
        decision_kind=kind,
        number=decision.document_number,
    )
    _transition(actor, case, DECISION_TRANSITIONS[kind], expected_version, decision=decision.pk)
    write_audit(
        actor,
        AuditAction.CREATE,
        object_type="identification_decision",
        object_id=decision.pk,
        details={
            "case": str(case.pk),
            "kind": kind,
            "number": decision.document_number,
            "basis": sorted(evidence_ids),
        },
    )
    return decision


@transaction.atomic
def return_certificate_issue(*, actor, case, decided_on, reason, signer_name="", signer_title="", place=""):
    """Giấy chứng nhận về nước: a numbered document for a person who came back from abroad; no status change."""
    if not policy.can_issue_return_certificate(actor, case):
        raise Denied(_("Your agency or role may not issue certificates of return under the rules that apply."))
    rule = (
        in_force(AgencyCompetenceRule, rules_date(case))
        .filter(agency_type_code=actor.agency_type, action=CompetenceAction.ISSUE_RETURN_CERTIFICATE)
        .first()
    )
    errors = _decision_errors(case, decided_on, reason, signer_name or actor.user.display_name())
    if case.route != "cross_border":
        errors[NON_FIELD_ERRORS] = [_("A certificate of return is only for a person who came back from abroad.")]
    elif IdentificationDecision.objects.filter(
        case=case, kind=vocab.DecisionKind.RETURN_CERTIFICATE, superseded_at__isnull=True
    ).exists():
        errors[NON_FIELD_ERRORS] = [_("This case already has a certificate of return.")]
    if errors:
        raise ValidationError(errors)
    decision = _create_decision(
        actor,
        case,
        vocab.DecisionKind.RETURN_CERTIFICATE,
        decided_on,
        reason,
        signer_name or actor.user.display_name(),
        signer_title,
        place,
        "",
        rule,
    )
    write_event(
        case,
        EventKind.RETURN_CERTIFICATE_RECORDED,
        actor,
        subject="return_certificate",
        decision=decision.pk,
        number=decision.document_number,
    )
    write_audit(
        actor,
        AuditAction.CREATE,
        object_type="identification_decision",
        object_id=decision.pk,
        details={"case": str(case.pk), "kind": decision.kind, "number": decision.document_number},
    )
    return decision


def decision_document_context(decision):
    """Everything the decision document (Word/PDF) needs. Contains decrypted identity data: the caller
    renders it for an officer who may reveal identity, and records the export in the audit trail."""
    case, person, agency = decision.case, decision.case.person, decision.deciding_agency
    return {
        "kind": decision.kind,
        "kind_label": str(vocab.DecisionKind(decision.kind).label),
        "agency_name": agency.name,
        "agency_short_name": agency.short_name,
        "parent_agency_name": agency.parent.name if agency.parent_id else "",
        "agency_province": agency.province.name if agency.province_id else "",
        "number": decision.number,
        "symbol": decision.symbol,
        "document_number": decision.document_number,
        "year": decision.year,
        "place": decision.place,
        "date": decision.decided_on,
        "case_number": case.number,
        "case_received_at": case.received_at,
        "person_name": person.full_name,
        "person_birth_date": person.date_of_birth,
        "person_birth_year": person.birth_year,
        "person_sex": person.get_sex_display(),
        "person_nationality": person.nationality,
        "person_address": person.address,
        "decision_text": decision.reason,
        "onward_help": decision.onward_help,
        "basis": [
            {
                "source": str(vocab.EvidenceSource(e.source).label),
                "date": e.obtained_on,
                "agency": e.source_agency.name if e.source_agency_id else "",
            }
            for e in decision.basis.select_related("source_agency").order_by("obtained_on", "pk")
        ],
        "legal_basis": decision.competence_rule.citation if decision.competence_rule_id else "",
        "signer_name": decision.signer_name,
        "signer_title": decision.signer_title,
        "officer": decision.decided_by.display_name(),
    }


def records_viewed(*, actor, case, what, channel="web"):
    """Reading tasks, evidence or decisions is a read of case data."""
    object_type = "case" if case is not None else "work_queue"
    write_audit(actor, AuditAction.VIEW, case, object_type=object_type, details={"via": channel, "what": what})


def record_print(*, actor, decision, fmt):
    """A printed document carries identity data: record who printed which document, in which format."""
    write_audit(
        actor,
        AuditAction.PRINT,
        decision.case,
        details={"decision": decision.pk, "document": decision.document_number, "format": fmt},
    )
