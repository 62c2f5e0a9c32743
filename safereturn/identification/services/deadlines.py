"""The hourly deadline sweep: reminders before a task is due, overdue marks, one escalation."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.core import errors
from safereturn.core.versioning import versioned_update

from .. import vocab
from ..models import VerificationTask
from .tasks import assignee_recipients, notify_about_task, supervisors, task_event

REMIND_DAYS_BEFORE = 1
SYSTEM_ACTOR = "system:deadline-sweep"
WORKING = (vocab.TaskStatus.OPEN, vocab.TaskStatus.IN_PROGRESS)


def _sweeper(task):
    return SystemActor(SYSTEM_ACTOR, agency_id=task.assignee_agency_id)


def _remind(task, now):
    if not VerificationTask.objects.filter(pk=task.pk, reminded_at__isnull=True).update(reminded_at=now):
        return False
    notify_about_task(task, "verification_due", assignee_recipients(task))
    return True


def _mark_overdue(task):
    # Remember what the task was, so that moving its due date can put it back. A task changed since it
    # was read is left for the next sweep.
    try:
        versioned_update(
            task,
            expected_version=None,
            conditions={"status__in": WORKING},
            refresh=False,
            status=vocab.TaskStatus.OVERDUE,
            status_before_overdue=F("status"),
        )
    except errors.Conflict:
        return False
    record(
        _sweeper(task),
        AuditAction.STATUS_CHANGE,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(task.case_id), "from": task.status, "to": vocab.TaskStatus.OVERDUE},
        event=task_event(task.case, None, task, task_status=vocab.TaskStatus.OVERDUE),
    )
    notify_about_task(task, "verification_overdue", assignee_recipients(task))
    return True


def _escalate(task, now):
    if not VerificationTask.objects.filter(pk=task.pk, escalated_at__isnull=True).update(escalated_at=now):
        return False
    notify_about_task(
        task,
        "verification_escalated",
        supervisors(task.assignee_agency, task.requested_by_agency),
        agency=task.assignee_agency.name,
        sought_in=task.assignee_agency,
    )
    record(
        _sweeper(task),
        AuditAction.CHANGE,
        object_type="verification_task",
        object_id=task.pk,
        details={"case": str(task.case_id), "escalated": True},
    )
    return True


def deadline_sweep(*, now=None):
    """Remind assignees of tasks due soon, mark overdue tasks, and escalate each overdue task once.

    Idempotent: every step is a conditional update, so running it again (or twice at once) notifies nobody twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "overdue": 0, "escalated": 0}
    due_soon = VerificationTask.objects.filter(
        status__in=WORKING,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        reminded_at__isnull=True,
    ).select_related("case", "assignee_agency")
    for task in due_soon:
        with transaction.atomic():
            counts["reminded"] += _remind(task, now)
    overdue_now = VerificationTask.objects.filter(status__in=WORKING, due_date__lt=today)
    for task in overdue_now.select_related("case", "assignee_agency"):
        with transaction.atomic():
            counts["overdue"] += _mark_overdue(task)
    overdue = VerificationTask.objects.filter(status=vocab.TaskStatus.OVERDUE, escalated_at__isnull=True)
    for task in overdue.select_related("case", "assignee_agency", "requested_by_agency"):
        with transaction.atomic():
            counts["escalated"] += _escalate(task, now)
    return counts
