"""Verification tasks (xác minh): assigned to a competent agency with a due date from the rule
tables; the assigned agency has access to the case only while it has a task open on it."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases import sharing
from safereturn.cases.models import CaseEvent, CaseNote, CaseParticipant
from safereturn.cases.vocab import CaseStatus, EventKind, ParticipantRole
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, Membership, Role
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify
from safereturn.rules.models import CompetenceAction
from safereturn.rules.selectors import RuleError, deadline_for, is_competent

from .. import permissions, vocab
from ..models import VerificationTask
from .dates import rules_date

K = vocab.TimelineKind


def active_agency(pk):
    if pk in (None, ""):
        return None
    try:
        return Agency.objects.select_related("agency_type").get(pk=pk, is_active=True)
    except (Agency.DoesNotExist, ValueError, TypeError):
        return None


def _end_task_access(actor, case, agency_id):
    """An agency assigned to, or named as partner on, a task keeps access only while it has an open
    task on the case in that capacity."""
    policy.forget(case)
    open_tasks = VerificationTask.objects.filter(case=case, status__in=vocab.OPEN_TASK_STATUSES)
    capacities = ((ParticipantRole.ASSIGNEE, "assignee_agency_id"), (ParticipantRole.PARTNER, "partner_agency_id"))
    for role, field in capacities:
        if agency_id is None or open_tasks.filter(**{field: agency_id}).exists():
            continue
        ended = CaseParticipant.objects.filter(case=case, agency_id=agency_id, role=role, is_active=True).update(
            is_active=False, until=timezone.now()
        )
        if ended:
            CaseEvent.add(case, EventKind.PARTICIPANT_ENDED, actor, agency=agency_id, role=role)


def _end_assignee_access(actor, case, task):
    _end_task_access(actor, case, task.assignee_agency_id)
    if task.partner_agency_id and task.partner_agency_id != task.assignee_agency_id:
        _end_task_access(actor, case, task.partner_agency_id)


def task_event(case, actor, task, kind=K.VERIFICATION_TASK_CHANGED, **data):
    """An unsaved timeline event about ``task``."""
    return CaseEvent.build(case, kind, actor, subject="verification_task", task=task.pk, **data)


def assignee_recipients(task):
    """Who hears of a task: the officer it names; else the assigned agency's verifiers and case
    workers; else its supervisors (or, if it has none, whoever the agency tree gives)."""
    if task.assignee_officer_id:
        return {task.assignee_officer_id}
    workers = recipients_for(task.assignee_agency, (Role.VERIFIER, Role.CASE_WORKER))
    if not workers.fallback:
        return set(workers)
    return set(recipients_for(task.assignee_agency, (Role.SUPERVISOR,)))


def supervisors(*agencies):
    """The supervisors of these agencies, each found up the agency tree if it has none."""
    return {user_id for agency in agencies for user_id in recipients_for(agency, (Role.SUPERVISOR,))}


def notify_about_task(task, kind, recipients, *, exclude=(), sought_in=None, **extra):
    """Tell ``recipients`` about ``task``: its kind, its case's number and due date, and ``extra``."""
    notify(
        kind=kind,
        recipients=recipients,
        exclude=exclude,
        sought_in=sought_in or task.assignee_agency,
        params={"kind": task.kind, "number": task.case.number, "due": task.due_date.isoformat(), **extra},
        link=reverse("identification:task", args=[task.case_id, task.pk]),
        object_type="verification_task",
        object_id=task.pk,
    )


def _task_problems(actor, case, kind, assignee, partner_agency_id, partner, assignee_officer_id, start, due_date):
    """What is wrong with a new task, by field (empty when nothing is)."""
    today = timezone.localdate()
    problems = {}
    if case.status not in (CaseStatus.BEING_IDENTIFIED, CaseStatus.UNDER_VERIFICATION):
        problems[NON_FIELD_ERRORS] = [_("Verification tasks can be added only while the case is being identified.")]
    if kind not in vocab.TaskKind.values:
        problems["kind"] = [_("Choose what is to be verified.")]
    problems.update(_agency_problems(case, assignee, partner_agency_id, partner))
    if assignee_officer_id not in (None, "") and not _is_assignable_officer(assignee, assignee_officer_id):
        problems["assignee_officer"] = [_("Choose an officer of the assigned agency.")]
    if start > today:
        problems["start_date"] = [_("The start date cannot be in the future.")]
    elif start < rules_date(case):
        problems["start_date"] = [_("The start date cannot be before the case was received.")]
    if due_date is not None and due_date < today:
        problems["due_date"] = [_("The due date cannot be in the past.")]
    return problems


def _agency_problems(case, assignee, partner_agency_id, partner):
    """What is wrong with the agencies named: each must be in the directory and competent to verify."""
    problems = {}
    not_competent = _("This type of agency may not verify under the rules that apply to this case.")
    if assignee is None:
        problems["assignee_agency"] = [_("Choose an agency from the directory.")]
    elif not is_competent(assignee.agency_type.code, CompetenceAction.VERIFY, rules_date(case)):
        problems["assignee_agency"] = [not_competent]
    if partner_agency_id not in (None, "") and partner is None:
        problems["partner_agency"] = [_("Choose an agency from the directory.")]
    elif partner is not None and assignee is not None and partner.pk == assignee.pk:
        problems["partner_agency"] = [_("The partner agency must be another agency than the one assigned.")]
    elif partner is not None and not is_competent(partner.agency_type.code, CompetenceAction.VERIFY, rules_date(case)):
        problems["partner_agency"] = [not_competent]
    return problems


def _sharing_bases(case, agencies, legal_exception_id, problems):
    """``{field: basis}``: on what the case is shared with each agency named (the law's duty, a consent in
    force, or the legal exception the officer chose); adds to ``problems`` where there is none."""
    exception = None
    try:
        exception = sharing.exception_in_force(legal_exception_id)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    bases = {}
    for field, agency in agencies.items():
        if agency is not None and field not in problems:
            bases[field] = sharing.basis_for(case, agency, exception=exception)
            if bases[field] is None:
                problems[field] = [sharing.refusal(agency)]
    return bases


def _is_assignable_officer(agency, user_id):
    return (
        agency is not None
        and Membership.objects.filter(
            agency=agency, user_id=user_id, is_active=True, role__in=policy.VERIFICATION_ROLES
        ).exists()
    )


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
    legal_exception_id=None,
):
    """Assign a check to an agency (and name a partner agency that works it with it). Each is shared
    the case on the law's duty, a consent in force, or the legal exception the officer records
    (``legal_exception_id``, a ``rules.SharingException`` in force); otherwise the task is refused and
    nothing is shared. The due date comes from the deadline rule in force when the case was received,
    counted from ``start_date`` (today by default); an explicit due date may not be in the past."""
    if not policy.can_assign_verification(actor, case):
        raise errors.Denied
    start = start_date or timezone.localdate()
    assignee, partner = active_agency(assignee_agency_id), active_agency(partner_agency_id)
    problems = _task_problems(
        actor, case, kind, assignee, partner_agency_id, partner, assignee_officer_id, start, due_date
    )
    bases = _sharing_bases(case, {"assignee_agency": assignee, "partner_agency": partner}, legal_exception_id, problems)
    rule = None
    if not problems:
        try:
            computed, rule = deadline_for(kind, start=start, rules_date=rules_date(case))
        except RuleError as exc:
            if due_date is None:
                problems["due_date"] = [str(exc)]
        else:
            due_date = due_date or computed
    if problems:
        raise ValidationError(problems)
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
    # The assigned and the partner agency take part in the case while the task is open, on their basis.
    sharing.share(actor, case, assignee, ParticipantRole.ASSIGNEE, bases["assignee_agency"])
    if partner is not None:
        sharing.share(actor, case, partner, ParticipantRole.PARTNER, bases["partner_agency"])
    record(
        actor,
        AuditAction.CREATE,
        object_type="verification_task",
        object_id=task.pk,
        details={
            "case": str(case.pk),
            "kind": kind,
            "assignee_agency": assignee.pk,
            "partner_agency": partner.pk if partner else None,
            "due_date": due_date.isoformat(),
            "rule": rule.pk if rule else None,
            "sharing": {field: basis.details() for field, basis in bases.items()},
        },
        event=task_event(
            case,
            actor,
            task,
            K.VERIFICATION_TASK_ASSIGNED,
            task_kind=kind,
            task_status=task.status,
            agency=assignee.pk,
            due_date=due_date.isoformat(),
        ),
    )
    notify_about_task(task, "verification_assigned", assignee_recipients(task), exclude=[actor.user.pk])
    if partner is not None:
        partners = recipients_for(partner, (Role.VERIFIER, Role.CASE_WORKER, Role.SUPERVISOR))
        notify_about_task(task, "verification_partner", partners, exclude=[actor.user.pk])
    return task


def _task_status_refusal(task):
    return errors.StateError(
        _("This task is “%(status)s”: it cannot be changed that way.") % {"status": task.get_status_display()}
    )


def _task_change(actor, task, *, sources, target, expected_version, **fields):
    previous = task.status
    try:
        versioned_update(
            task, expected_version=expected_version, conditions={"status__in": sources}, status=target, **fields
        )
    except errors.Conflict:
        task.refresh_from_db()
        if task.status not in sources:
            raise _task_status_refusal(task) from None
        raise
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(task.case_id), "from": previous, "to": target},
        event=task_event(task.case, actor, task, task_status=target),
    )
    return task


@transaction.atomic
def verification_task_start(*, actor, task, expected_version=None):
    if not policy.can_work_task(actor, task):
        raise errors.Denied
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
        raise errors.Denied
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
    _end_assignee_access(actor, task.case, task)
    return task


@transaction.atomic
def verification_task_cancel(*, actor, task, expected_version=None):
    if not policy.can_assign_verification(actor, task.case):
        raise errors.Denied
    task = _task_change(
        actor,
        task,
        sources=vocab.OPEN_TASK_STATUSES,
        target=vocab.TaskStatus.CANCELLED,
        expected_version=expected_version,
        closed_at=timezone.now(),
    )
    _end_assignee_access(actor, task.case, task)
    return task


def _due_date_problems(task, due_date, reason):
    today = timezone.localdate()
    problems = {}
    if due_date is None:
        problems["due_date"] = [_("Enter the new due date.")]
    elif due_date < today:
        problems["due_date"] = [_("The new due date cannot be in the past.")]
    elif due_date == task.due_date:
        problems["due_date"] = [_("The new due date is the same as the current one.")]
    if not (reason or "").strip():
        problems["reason"] = [_("Say why the due date changes.")]
    return problems


@transaction.atomic
def verification_task_change_due_date(*, actor, task, due_date, reason, expected_version=None):
    """Move the due date of a task still to do, with the reason (kept as an encrypted case note).

    The new date may not be in the past. An overdue task goes back to what it was before the deadline sweep
    marked it (open when not known), and its reminder and escalation start afresh for the new date."""
    if not permissions.can_change_task_due_date(actor, task):
        raise errors.Denied
    problems = _due_date_problems(task, due_date, reason)
    if problems:
        raise ValidationError(problems)
    current = VerificationTask.objects.filter(pk=task.pk).values("status", "status_before_overdue", "due_date").get()
    if current["status"] not in vocab.OPEN_TASK_STATUSES:
        task.refresh_from_db()
        raise _task_status_refusal(task)
    status = current["status"]
    if status == vocab.TaskStatus.OVERDUE:
        before = current["status_before_overdue"]
        status = before if before in (vocab.TaskStatus.OPEN, vocab.TaskStatus.IN_PROGRESS) else vocab.TaskStatus.OPEN
    # The version changes with every change of status or due date, the sweep's included.
    versioned_update(
        task,
        expected_version=expected_version,
        conditions={"status": current["status"], "due_date": current["due_date"]},
        due_date=due_date,
        status=status,
        status_before_overdue="",
        reminded_at=None,
        escalated_at=None,
    )
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
    record(
        actor,
        AuditAction.CHANGE,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(case.pk), **change},
        event=task_event(case, actor, task, K.VERIFICATION_DUE_DATE_CHANGED, **change),
    )
    notify_about_task(
        task,
        "verification_due_date_changed",
        assignee_recipients(task),
        exclude=[actor.user.pk],
        previous=current["due_date"].isoformat(),
    )
    return task
