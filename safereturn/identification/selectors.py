"""Reads for verification and identification, always through the access policy."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from safereturn.access import policy
from safereturn.cases import sharing
from safereturn.cases.models import CaseEvent, CaseParticipant
from safereturn.cases.vocab import ParticipantRole
from safereturn.core.work_queues import group_by_due_date
from safereturn.directory.models import Agency
from safereturn.rules.selectors import competent_agency_types

from . import vocab
from .models import Evidence, IdentificationDecision, VerificationTask


def case_tasks(case):
    return VerificationTask.objects.filter(case=case).select_related(
        "assignee_agency", "partner_agency", "requested_by_agency", "assignee_officer", "deadline_rule"
    )


def case_evidence(case):
    return Evidence.objects.filter(case=case).select_related("source_agency").prefetch_related("documents")


def case_decisions(case):
    return IdentificationDecision.objects.filter(case=case).select_related("deciding_agency", "decided_by")


def case_panel_lists(case, present=None):
    """The case page's verification panel: tasks, evidence and decisions with only the related rows it
    shows. ``present``: which lists have rows (the page probed them); a list known empty is not read."""
    present = present or {}
    return {
        "tasks": VerificationTask.objects.filter(case_id=case.pk).select_related("assignee_agency")
        if present.get("tasks", True)
        else [],
        "evidence": Evidence.objects.filter(case_id=case.pk)
        .select_related("source_agency")
        .annotate(document_count=Count("documents"))
        if present.get("evidence", True)
        else [],
        "decisions": IdentificationDecision.objects.filter(case_id=case.pk).select_related("deciding_agency")
        if present.get("decisions", True)
        else [],
    }


def next_agencies(case):
    """Who acts next on a case's verification, for an officer who can do nothing in the panel:
    ``("assigned", names)`` when tasks are still open (their agencies), else ``("lead", names)``: the
    province's lead agency, or the responsible agency when there is none. Names only."""
    assigned = (
        VerificationTask.objects.filter(case_id=case.pk, status__in=vocab.OPEN_TASK_STATUSES)
        .order_by("assignee_agency__name")
        .values_list("assignee_agency__name", flat=True)
        .distinct()
    )
    if names := list(assigned):
        return "assigned", names
    lead = (
        CaseParticipant.objects.filter(case_id=case.pk, role=ParticipantRole.LEAD, is_active=True)
        .order_by("agency__name")
        .values_list("agency__name", flat=True)
    )
    names = list(lead) or list(Agency.objects.filter(pk=case.responsible_agency_id).values_list("name", flat=True))
    return "lead", names


def task_for_actor(actor, case, task_id):
    """A task of a case the caller already resolved through the policy, or 404."""
    task = policy.object_for_actor(case_tasks(case), task_id)
    task.case = case  # the very object the policy answered for (and remembers answers on)
    return task


@dataclass(frozen=True)
class DueDateChange:
    at: datetime.datetime
    agency: str
    previous: datetime.date
    due: datetime.date


def due_date_changes(task):
    """When the task's due date was moved, by which agency, from and to which date (newest first)."""
    events = CaseEvent.objects.filter(
        case_id=task.case_id, kind=vocab.TimelineKind.VERIFICATION_DUE_DATE_CHANGED, data__task=task.pk
    ).select_related("agency")
    return [
        DueDateChange(
            at=e.occurred_at,
            agency=e.agency.name if e.agency_id else "",
            previous=datetime.date.fromisoformat(e.data["previous_due_date"]),
            due=datetime.date.fromisoformat(e.data["due_date"]),
        )
        for e in events[:20]
    ]


@dataclass(frozen=True)
class QueueItem:
    task: VerificationTask

    @property
    def due_date(self):
        return self.task.due_date

    def __str__(self):
        # Templates call str() before escaping: a safe link to the task.
        return self.__html__()

    def __html__(self):
        url = reverse("identification:task", args=[self.task.case_id, self.task.pk])
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            url,
            self.task.case.number,
            self.task.get_kind_display(),
            self.task.due_date.strftime("%d/%m/%Y"),
        )


def competent_agencies(case, action, on_date):
    """The active agencies that may take ``action`` on the case under the rule tables in force on
    ``on_date`` (competence by agency type), in the case's province, the person's home province or
    nationwide: what an agency picker offers."""
    provinces = {case.province_id, case.person.home_province_id} - {None}
    return (
        Agency.objects.filter(is_active=True, agency_type__code__in=competent_agency_types(action, on_date))
        .filter(Q(province_id__in=provinces) | Q(jurisdiction_level="national"))
        .select_related("province", "commune")
        .order_by("province_id", "name")
    )


def open_tasks(actor, *, scope="officer"):
    """Open tasks assigned to the actor's agency, or naming it as partner, on cases the actor may see;
    ``officer`` narrows the assigned ones to those assigned to the actor or to nobody in particular."""
    if actor is None or actor.role not in policy.CASE_ROLES:
        return VerificationTask.objects.none()
    assigned = Q(assignee_agency_id=actor.agency.pk)
    if scope == "officer":
        assigned &= Q(assignee_officer__isnull=True) | Q(assignee_officer_id=actor.user.pk)
    tasks = VerificationTask.objects.filter(
        assigned | Q(partner_agency_id=actor.agency.pk),
        case__in=policy.visible_cases(actor),
        status__in=vocab.OPEN_TASK_STATUSES,
    )
    return tasks.select_related("case").order_by("due_date", "pk")


def queue_items(actor, scope="officer"):
    """The verification tasks of the actor's work queue (``core.work_queues`` provider)."""
    return [QueueItem(task) for task in open_tasks(actor, scope=scope)[:300]]


def work_queues(actor, *, scope="officer", today=None):
    """What is overdue, due today and due in the next seven days, of verification tasks only."""
    return group_by_due_date(queue_items(actor, scope), today=today)


def task_sharing(task):
    """On what basis the agencies of a task see its case: ``[(agency, role, basis code, in words)]``,
    the assigned agency first (``cases.sharing``)."""
    agencies = [a for a in (task.assignee_agency_id, task.partner_agency_id) if a]
    rows = (
        CaseParticipant.objects.filter(
            case_id=task.case_id,
            agency_id__in=agencies,
            role__in=(ParticipantRole.ASSIGNEE, ParticipantRole.PARTNER),
        )
        .select_related("agency", "consent", "sharing_rule", "sharing_exception")
        .order_by("role")
    )
    return [
        {
            "agency": row.agency_id,
            "agency_name": row.agency.name,
            "role": row.role,
            "active": row.is_active,
            "basis": row.basis,
            "description": sharing.describe(row),
        }
        for row in rows
    ]
