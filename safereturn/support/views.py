"""Support pages: a case's ledger of services and payments, recording one, a supervisor's decision, the
approval of cash support, the printable payment record, and an agency's own spending by regime and month."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.cases import documents, reveal
from safereturn.cases import services as case_services
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view, not_case_data
from safereturn.core.page_actions import page_action

from . import entitlements, forms, printing, selectors, services, vocab


def _ledger(case):
    return redirect(reverse("support:ledger", args=[case.pk]))


def _item_choices(case):
    answers = entitlements.for_case(case)
    return [(e.item_code, e.name if e.entitled else _("%(name)s (not entitled)") % {"name": e.name}) for e in answers]


@case_data_view
@with_actor
def ledger(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_view_support(actor, case):
        raise PermissionDenied
    services.support_viewed(actor=actor, case=case, what="support_ledger")
    records = selectors.case_records(case)
    for entry in records:
        entry.can_approve = entry.status == vocab.RecordStatus.AWAITING_APPROVAL and policy.can_approve_support(
            actor, entry
        )
        entry.amount_text = selectors.money(entry.amount) if entry.amount else "—"
        entry.rate_text = selectors.money(entry.unit_rate) if entry.unit_rate else "—"
        entry.quantity_text = entitlements.count_units(entry.quantity, entry.item.unit)
        entry.printable = entry.amount is not None and entry.counts
    totals = {k: selectors.money(v) if k != "count" else v for k, v in selectors.totals(records).items()}
    return render(
        request,
        "support/ledger.html",
        {
            "case": case,
            "records": records,
            "decisions": _decisions_shown(case),
            "totals": totals,
            "can_record": policy.can_record_support(actor, case),
            "can_decide": policy.can_decide_support(actor, case),
        },
    )


def _decisions_shown(case):
    """The case's decisions with the item's name and the extension in its unit ("30 days"), not codes."""
    decisions = selectors.case_decisions(case)
    items = {i.code: i for i in _case_items(case)}
    for d in decisions:
        item = items.get(d.item_code)
        d.item_name = item.name if item else d.item_code
        d.extra_text = entitlements.count_units(d.extra_units, item.cap_unit or item.unit) if item else d.extra_units
    return decisions


def _case_items(case):
    """The items of the rules that govern the case (by its date received)."""
    received = timezone.localdate(case.received_at)
    return [
        i
        for i in entitlements.snapshot().items
        if i.effective_from <= received and (i.effective_to is None or i.effective_to >= received)
    ]


@case_data_view
@with_actor
def record_add(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_record_support(actor, case):
        raise PermissionDenied
    decisions = [
        (d.pk, f"{d.number or '#' + str(d.pk)} · {d.item_name} · {d.decided_on:%d/%m/%Y}")
        for d in _decisions_shown(case)
        if d.kind == vocab.DecisionKind.ALLOW_OVER
    ]
    form = forms.RecordForm(
        request.POST or None,
        request.FILES or None,
        items=_item_choices(case),
        decisions=decisions,
        child=bool(case.accompanying_children),
        initial={"provider_agency": actor.agency.pk},  # most services are the recording agency's own
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = page_action(lambda: _add(actor, case, data), form=form)
        if created:
            messages.success(request, _("The service or payment was recorded."))
            return _ledger(case)
    return render(request, "support/record_form.html", {"case": case, "form": form})


def _add(actor, case, data):
    """The receipt is stored with the case's documents (same checks and limits), in the same transaction
    as the record: a refused record leaves no document behind."""
    receipt = None
    try:
        with transaction.atomic():
            if data.get("receipt"):
                receipt = case_services.document_add(
                    actor=actor, case=case, kind="other", uploaded_file=data["receipt"]
                )
            return _record(actor, case, data, receipt)
    except BaseException:
        if receipt is not None:
            documents.delete_quietly(receipt.storage_name)
        raise


def _record(actor, case, data, receipt):
    return services.record_add(
        actor=actor,
        case=case,
        data={
            "item_code": data["item_code"],
            "beneficiary": data.get("beneficiary") or vocab.Beneficiary.PERSON,
            "provider_kind": data["provider_kind"],
            "provider_agency_id": data["provider_agency"].pk if data.get("provider_agency") else None,
            "provider_name": data.get("provider_name", ""),
            "date_from": data["date_from"],
            "date_to": data.get("date_to"),
            "quantity": data["quantity"],
            "unit_rate": data.get("unit_rate"),
            "funding_source": data.get("funding_source", ""),
            "outcome": data.get("outcome", ""),
            "receipt_id": receipt.pk if receipt else None,
            "decision_id": data.get("decision"),
        },
    )


@case_data_view
@with_actor
def decision_add(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_decide_support(actor, case):
        raise PermissionDenied
    items = [(e.item_code, e.name) for e in entitlements.for_case(case)]
    form = forms.DecisionForm(request.POST or None, items=items, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = page_action(
            lambda: services.decision_record(
                actor=actor,
                case=case,
                kind=data["kind"],
                item_code=data["item_code"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                number=data["number"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                extra_units=data.get("extra_units") or 0,
            ),
            form=form,
        )
        if created:
            messages.success(request, _("The decision was recorded."))
            return _ledger(case)
    return render(request, "support/decision_form.html", {"case": case, "form": form})


@case_data_view
@require_POST
@with_actor
def record_approval(request, actor, case_id, record_id):
    case = policy.case_for_actor(actor, case_id)
    entry = selectors.record_for_case(case, record_id)
    if entry is None:
        raise Http404
    if not policy.can_approve_support(actor, entry):
        raise errors.Denied
    form = forms.ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return _ledger(case)
    done = page_action(
        lambda: services.record_decide(
            actor=actor, entry=entry, approve=form.cleaned_data["approve"], version=form.cleaned_data["version"]
        )
    )
    if done:
        messages.success(request, _("The payment was approved.") if entry.status == "approved" else _("Rejected."))
    else:
        messages.error(request, done.error)
    return _ledger(case)


@case_data_view
@with_actor
def record_print(request, actor, case_id, record_id, fmt):
    case = policy.case_for_actor(actor, case_id)
    entry = selectors.record_for_case(case, record_id)
    if entry is None or fmt not in printing.FORMATS or entry.amount is None:
        raise Http404
    if not policy.can_view_support(actor, case):
        raise PermissionDenied
    if not entry.counts:
        # Not paid: no payment record. Who could not print it anyway is refused as before.
        if not policy.can_reveal_identity(actor, case):
            raise PermissionDenied
        services.record_print_refused(actor=actor, entry=entry, fmt=fmt)
        messages.error(request, printing.PRINT_NEEDS_APPROVAL)
        return _ledger(case)
    if not reveal.shown_on_page(request, actor, case):
        case_services.identity_refused(actor=actor, case=case, what=f"payment_record_print:{entry.pk}")
        if not policy.can_reveal_identity(actor, case):
            raise PermissionDenied
        messages.error(request, printing.PRINT_NEEDS_REVEAL)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#identity")
    return printing.payment_record_response(actor=actor, entry=entry, fmt=fmt)


@not_case_data
@login_required
def spending(request):
    """The agency's own support records, summed by regime and month: no case, no person, only figures."""
    actor = policy.actor_for_request(request)
    if not policy.can_view_agency_spending(actor):
        raise errors.Denied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        datetime.date(year, 1, 1)
    except (TypeError, ValueError, OverflowError):
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    rows = selectors.agency_spending(actor.agency, year)
    regimes = {r.code: r.name for r in entitlements.snapshot().regimes}
    for row in rows:
        row["regime"] = regimes.get(row["regime_code"], row["regime_code"])
        row["total_text"] = selectors.money(row["total"])
    total = sum(r["total"] for r in rows)
    return render(
        request,
        "support/spending.html",
        {"rows": rows, "year": year, "total": selectors.money(total), "agency": actor.agency},
    )
