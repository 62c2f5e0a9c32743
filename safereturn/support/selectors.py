"""Reads of support, already scoped: a case's ledger (of a case the policy opened) and an agency's own
spending by regime and month."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.cases.extensions import OpenItem
from safereturn.directory.models import Role

from . import vocab
from .models import SpendingMonth, SupportDecision, SupportRecord


def money(amount):
    """12.345.000 đ (Vietnamese grouping)."""
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " đ"


def case_records(case):
    return list(
        SupportRecord.objects.filter(case=case)
        .select_related("item", "provider_agency", "recording_agency", "receipt", "decision")
        .order_by("-date_from", "-id")
    )


def case_decisions(case):
    return list(SupportDecision.objects.filter(case=case).select_related("agency").order_by("-decided_on", "-id"))


def totals(records):
    """Paid (counting records with an amount), awaiting approval, and the number of services."""
    paid = sum(r.amount or 0 for r in records if r.status in vocab.COUNTING_STATUSES)
    waiting = sum(r.amount or 0 for r in records if r.status == vocab.RecordStatus.AWAITING_APPROVAL)
    return {"paid": paid, "waiting": waiting, "count": len(records)}


def record_for_case(case, record_id):
    return (
        SupportRecord.objects.filter(case=case, pk=record_id)
        .select_related("item", "provider_agency", "recording_agency", "recorded_by", "approved_by", "case")
        .first()
    )


def agency_spending(agency, year):
    """The agency's own records of ``year`` (counting ones), summed by regime and month: read from the months
    the services keep (``SpendingMonth``, decision 0040), not from the records."""
    rows = SpendingMonth.objects.filter(
        agency=agency, month__gte=datetime.date(year, 1, 1), month__lte=datetime.date(year, 12, 1)
    ).order_by("month", "regime_code")
    return [
        {"regime_code": r.regime_code, "month": r.month, "total": r.total, "records": r.records}
        for r in rows.only("regime_code", "month", "total", "records")
        if r.records
    ]


@dataclass(frozen=True)
class ApprovalItem:
    """Cash support waiting for a supervisor's approval, in the work queue (``core.work_queues``)."""

    entry: SupportRecord

    @property
    def due_date(self):
        return timezone.localdate(self.entry.created_at)

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            reverse("support:ledger", args=[self.entry.case_id]),
            self.entry.case.number,
            _("Cash support to approve"),
            money(self.entry.amount),
        )


def approval_items(actor, scope="officer"):
    """For a supervisor: the agency's cash support awaiting approval that someone else recorded."""
    if actor is None or actor.role != Role.SUPERVISOR or not policy.works_with_cases(actor):
        return []
    waiting = (
        SupportRecord.objects.filter(
            recording_agency_id=actor.agency.pk,
            status=vocab.RecordStatus.AWAITING_APPROVAL,
            case__in=policy.visible_cases(actor),
        )
        .exclude(recorded_by_id=actor.user.pk)
        .select_related("case")
        .order_by("created_at", "pk")
    )
    return [ApprovalItem(entry) for entry in waiting[:300]]


# ---- closing ------------------------------------------------------------------------------------------


def closure_blockers(case):
    """Cash support still waiting for approval stops the case being closed (unless a supervisor decides):
    ``cases.extensions.closure_blockers``. It is approved or rejected first."""
    return [
        OpenItem(
            _("Cash support of %(amount)s recorded on %(date)s is waiting for approval")
            % {"amount": money(record.amount or 0), "date": timezone.localtime(record.created_at).strftime("%d/%m/%Y")},
            reverse("support:ledger", args=[case.pk]),
            "support",
        )
        for record in SupportRecord.objects.filter(case_id=case.pk, status=vocab.RecordStatus.AWAITING_APPROVAL)
    ]
