"""Changes to a case's support: recording a service or payment (checked against the entitlement engine),
approving cash support, and the supervisors' decisions that extend a cap or allow a payment above it.

Each change is one transaction with its audit and timeline events (ids, codes and amounts only: never a
name or a reason, which may describe the person). Bad input raises ``ValidationError`` (by field) and
saves nothing; the policy's refusal raises ``errors.Denied``.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases.models import CaseDocument, CaseEvent
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency
from safereturn.documents.rendering import amount_in_words_vnd
from safereturn.shelters import services as shelter_services

from . import entitlements as engine
from . import spending, stay_count, vocab
from .models import MAX_AMOUNT_VND, MAX_QUANTITY, SpendingMonth, SupportDecision, SupportRecord


def _money(amount):
    return f"{amount:,}".replace(",", ".") + " đ"


def _day(date):
    return date.strftime("%d/%m/%Y")


def support_viewed(*, actor, case, what, channel="web"):
    """Reading entitlements or the ledger is a read of case data."""
    record(actor, AuditAction.VIEW, object_type="case", object_id=case.pk, details={"via": channel, "what": what})


@transaction.atomic
def decision_record(
    *, actor, case, kind, item_code, decided_on, reason, number, signer_name, signer_title, extra_units=0
):
    """A supervisor's decision: extend an item's cap by ``extra_units``, or allow a payment above it, recorded
    as the signed decision reads: its number and symbol, the date signed, the signer's name and title."""
    if not policy.can_decide_support(actor, case):
        raise errors.Denied
    problems = _decision_problems(case, kind, item_code, decided_on, reason, extra_units)
    problems |= _reference_problems(number, signer_name, signer_title)
    if problems:
        raise ValidationError(problems)
    decision = SupportDecision.objects.create(
        case=case,
        kind=kind,
        item_code=item_code,
        extra_units=extra_units if kind == vocab.DecisionKind.EXTEND_CAP else 0,
        number=" ".join(number.split()),
        decided_on=decided_on,
        signer_name=" ".join(signer_name.split()),
        signer_title=" ".join(signer_title.split()),
        reason=reason.strip(),
        decided_by=actor.user,
        agency=actor.agency,
    )
    if kind == vocab.DecisionKind.EXTEND_CAP and item_code in stay_count.counted_codes(case):
        # One count with the shelter stays: the current stay's last day moves with the extension.
        shelter_services.cap_recount(case=case)
    record(
        actor,
        AuditAction.CREATE,
        object_type="support_decision",
        object_id=decision.pk,
        details={
            "case": str(case.pk),
            "kind": kind,
            "item": item_code,
            "extra_units": decision.extra_units,
            "number": decision.number,
        },
        event=CaseEvent.build(
            case,
            vocab.TimelineKind.SUPPORT_DECISION,
            actor,
            decision=decision.pk,
            decision_kind=kind,
            item=item_code,
            extra_units=decision.extra_units,
            number=decision.number,
        ),
    )
    return decision


# "15/QĐ-TTCTXH": a number, a slash, a symbol (letters, digits, dashes, dots) — as official decisions read.
DECISION_NUMBER = re.compile(r"^\d{1,6}/[^\s/][^\s]{0,40}$")


def _reference_problems(number, signer_name, signer_title):
    problems = {}
    number = " ".join((number or "").split())
    if not number:
        problems["number"] = [_("Enter the number and symbol of the decision, as written on it (e.g. 15/QĐ-UBND).")]
    elif not DECISION_NUMBER.match(number):
        problems["number"] = [
            _("Write the number and symbol as on the decision: a number, a slash, the symbol (e.g. 15/QĐ-UBND).")
        ]
    if not (signer_name or "").strip():
        problems["signer_name"] = [_("Enter the full name of the official who signed the decision.")]
    elif len(signer_name.strip()) > 120:
        problems["signer_name"] = [_("The name is too long (120 characters at most).")]
    if not (signer_title or "").strip():
        problems["signer_title"] = [_("Enter the title of the official who signed (e.g. Giám đốc).")]
    elif len(signer_title.strip()) > 120:
        problems["signer_title"] = [_("The title is too long (120 characters at most).")]
    return problems


def _decision_problems(case, kind, item_code, decided_on, reason, extra_units):
    problems = {}
    if kind not in vocab.DecisionKind.values:
        problems["kind"] = [_("Choose what the decision does.")]
    if _item_row(engine.snapshot(), case, item_code) is None:
        problems["item_code"] = [_("Choose an item of the rules that govern this case.")]
    if decided_on is None:
        problems["decided_on"] = [_("Enter the date of the decision.")]
    elif decided_on > timezone.localdate():
        problems["decided_on"] = [_("The date of the decision cannot be in the future.")]
    elif decided_on < timezone.localdate(case.received_at):
        problems["decided_on"] = [_("The decision cannot be dated before the case was received.")]
    if not (reason or "").strip():
        problems["reason"] = [_("Give the reason for the decision.")]
    if kind == vocab.DecisionKind.EXTEND_CAP:
        if not extra_units or not 1 <= extra_units <= MAX_QUANTITY:
            problems["extra_units"] = [
                _("Enter by how much the cap is extended (1 to %(max)s).") % {"max": MAX_QUANTITY}
            ]
        elif "item_code" not in problems and not _extendable(case, item_code):
            problems["item_code"] = [_("The rules do not allow extending this item's cap.")]
    return problems


def _extendable(case, item_code):
    rules = engine.snapshot()
    received = timezone.localdate(case.received_at)
    return any(
        i.code == item_code
        and i.cap_extendable
        and i.effective_from <= received
        and (i.effective_to or received) >= received
        for i in rules.items
    )


def _item_row(rules, case, item_code):
    received = timezone.localdate(case.received_at)
    return next(
        (
            i
            for i in rules.items
            if i.code == item_code
            and i.effective_from <= received
            and (i.effective_to is None or i.effective_to >= received)
        ),
        None,
    )


def _check_input(case, data, item):
    """Problems with the input itself, by field (nothing about the entitlement yet)."""
    problems = {}
    if item is None:
        problems["item_code"] = [_("Choose an item of the rules that govern this case.")]
    if data.get("beneficiary", vocab.Beneficiary.PERSON) not in vocab.Beneficiary.values:
        problems["beneficiary"] = [_("Choose who received it.")]
    elif data.get("beneficiary") == vocab.Beneficiary.ACCOMPANYING_CHILD and not case.accompanying_children:
        problems["beneficiary"] = [_("This case records no accompanying child.")]
    return problems | _check_dates(case, data) | _check_amounts(data, item) | _check_provider(data)


def _check_dates(case, data):
    today = timezone.localdate()
    received = timezone.localdate(case.received_at)
    date_from, date_to = data.get("date_from"), data.get("date_to") or data.get("date_from")
    if date_from is None:
        return {"date_from": [_("Enter the date (or the first day) of the service.")]}
    problems = {}
    if date_from < received:
        problems["date_from"] = [
            _("The date cannot be before the case was received (%(date)s).") % {"date": _day(received)}
        ]
    if date_to < date_from:
        problems["date_to"] = [_("The last day cannot be before the first day.")]
    elif date_to > today:
        problems["date_to"] = [_("The date cannot be in the future.")]
    return problems


def _check_quantity(data, item):
    quantity = data.get("quantity")
    date_from, date_to = data.get("date_from"), data.get("date_to") or data.get("date_from")
    if quantity is None or not 1 <= quantity <= MAX_QUANTITY:
        return {"quantity": [_("Enter a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY}]}
    if item is None or item.unit != vocab.Unit.DAY or not date_from or date_to < date_from:
        return {}
    days = (date_to - date_from).days + 1
    if quantity > days:
        return {
            "quantity": [
                _("%(quantity)s days do not fit in the period from %(start)s to %(end)s (%(days)s days).")
                % {"quantity": quantity, "start": _day(date_from), "end": _day(date_to), "days": days}
            ]
        }
    return {}


def _check_amounts(data, item):
    problems = _check_quantity(data, item)
    quantity, unit_rate = data.get("quantity"), data.get("unit_rate")
    funding = data.get("funding_source")
    if funding and funding not in vocab.FundingSource.values:
        problems["funding_source"] = [_("Choose the funding source.")]
    if unit_rate is None:
        if item is not None and item.cash:
            problems["unit_rate"] = [_("Enter the amount paid.")]
        return problems
    if not 1 <= unit_rate <= MAX_AMOUNT_VND:
        problems["unit_rate"] = [_("Enter a unit rate from 1 to %(max)s VND.") % {"max": _money(MAX_AMOUNT_VND)}]
    elif "quantity" not in problems and quantity * unit_rate > MAX_AMOUNT_VND:
        problems["unit_rate"] = [
            _("The amount (%(amount)s) is beyond any support record: check the quantity and the rate.")
            % {"amount": _money(quantity * unit_rate)}
        ]
    if not funding:
        problems["funding_source"] = [_("Choose the funding source.")]
    return problems


def _check_provider(data):
    provider_kind = data.get("provider_kind")
    if provider_kind not in vocab.ProviderKind.values:
        return {"provider_kind": [_("Choose who provided it.")]}
    if provider_kind == vocab.ProviderKind.AGENCY:
        if not Agency.objects.filter(pk=data.get("provider_agency_id") or 0, is_active=True).exists():
            return {"provider_agency": [_("Choose an agency from the directory.")]}
    elif not (data.get("provider_name") or "").strip():
        return {"provider_name": [_("Enter the provider's name (hospital, school, centre...).")]}
    return {}


def _refusals(case, data, item, answer, decision, counted=False):
    """Problems with the entitlement: not entitled, above the amount, after the cap, days given twice.
    A supervisor's decision allowing a payment above the entitlement lifts them."""
    if decision is not None:
        return {}
    date_from, date_to = data["date_from"], data.get("date_to") or data["date_from"]
    quantity, unit_rate = data["quantity"], data.get("unit_rate")
    if answer is None or not answer.entitled:
        why = answer.why if answer is not None else ""
        return {"item_code": [_("The person is not entitled to this item. %(why)s") % {"why": why}]}
    problems = {}
    if counted:
        problems |= stay_count.refusals(case, data)[0]
    elif answer.until is not None and date_to > answer.until:
        problems["date_to"] = [
            _(
                "The entitlement ended on %(date)s: a payment after its cap needs a supervisor's decision "
                "(extension, or a payment above the entitlement)."
            )
            % {"date": _day(answer.until)}
        ]
    elif answer.remaining is not None and quantity > answer.remaining:
        problems["quantity"] = [
            _(
                "Only %(remaining)s left of this entitlement (%(given)s already given): a payment above the cap "
                "needs a supervisor's decision."
            )
            % {"remaining": answer.remaining, "given": answer.given}
        ]
    above = unit_rate is not None and answer.amount_per_unit is not None and unit_rate > answer.amount_per_unit
    if above and not answer.minimum:
        problems["unit_rate"] = [
            _("The rate in force is %(rate)s per unit: a payment above the entitlement needs a supervisor's decision.")
            % {"rate": _money(answer.amount_per_unit)}
        ]
    if item.unit == vocab.Unit.DAY:
        overlapping = SupportRecord.objects.filter(
            case=case,
            item_code=item.code,
            beneficiary=data.get("beneficiary", vocab.Beneficiary.PERSON),
            status__in=(*vocab.COUNTING_STATUSES, vocab.RecordStatus.AWAITING_APPROVAL),
            date_from__lte=date_to,
            date_to__gte=date_from,
        )
        if overlapping.exists():
            problems["date_from"] = [_("Some of these days were already recorded for this item.")]
    return problems


def _decision(actor, case, decision_id, item_code):
    if decision_id in (None, ""):
        return None, {}
    decision = SupportDecision.objects.filter(
        pk=decision_id, case=case, kind=vocab.DecisionKind.ALLOW_OVER, item_code=item_code
    ).first()
    if decision is None:
        return None, {"decision": [_("Choose a supervisor's decision on this case that allows this item.")]}
    if decision.decided_by_id == actor.user.pk:
        return None, {"decision": [_("The officer who records the payment cannot be the one who allowed it.")]}
    if decision.records.exists():
        return None, {"decision": [_("This decision was already used for another payment.")]}
    return decision, {}


def _receipt(case, receipt_id):
    if receipt_id in (None, ""):
        return None, {}
    document = CaseDocument.objects.filter(case=case, pk=receipt_id).first()
    if document is None:
        return None, {"receipt": [_("Attach a document of this case.")]}
    return document, {}


@transaction.atomic
def record_add(*, actor, case, data):
    """Record a service or payment. ``data``: item_code, beneficiary, provider_kind, provider_agency_id,
    provider_name, date_from, date_to, quantity, unit_rate (VND, or None for a service without money),
    funding_source, outcome, receipt_id (a document of the case), decision_id (a supervisor's decision
    allowing a payment above the entitlement). Cash support waits for a supervisor's approval."""
    if not policy.can_record_support(actor, case):
        raise errors.Denied
    data = dict(data)
    data.setdefault("beneficiary", vocab.Beneficiary.PERSON)
    rules = engine.snapshot()
    item = _item_row(rules, case, data.get("item_code"))
    problems = _check_input(case, data, item)
    decision, decision_problems = _decision(actor, case, data.get("decision_id"), data.get("item_code"))
    receipt, receipt_problems = _receipt(case, data.get("receipt_id"))
    problems |= decision_problems | receipt_problems
    if problems:
        raise ValidationError(problems)
    date_from = data["date_from"]
    date_to = data.get("date_to") or date_from
    facts = engine.facts_for_case(case, data["beneficiary"], on=date_from)
    answers = engine.entitlements(facts, on=date_from, rules=rules)
    answer = engine.entitlement_for(answers, item.code)
    # Counted with the shelter stays (decision 38): checked against the one count, not a window of its own.
    counted = item.counted_with_stays and facts.stay_count is not None
    problems = _refusals(case, data, item, answer, decision, counted)
    if problems:
        raise ValidationError(problems)
    unit_rate = data.get("unit_rate")
    amount = data["quantity"] * unit_rate if unit_rate is not None else None
    entry = SupportRecord.objects.create(
        case=case,
        item_id=item.pk,
        item_code=item.code,
        regime_code=item.regime_code,
        beneficiary=data["beneficiary"],
        provider_kind=data["provider_kind"],
        provider_agency_id=data.get("provider_agency_id")
        if data["provider_kind"] == vocab.ProviderKind.AGENCY
        else None,
        provider_name=(data.get("provider_name") or "").strip(),
        date_from=date_from,
        date_to=date_to,
        quantity=data["quantity"],
        unit_rate=unit_rate,
        amount=amount,
        amount_in_words=amount_in_words_vnd(amount) if amount else "",
        funding_source=data.get("funding_source") or "",
        outcome=(data.get("outcome") or "").strip(),
        receipt=receipt,
        decision=decision,
        status=vocab.RecordStatus.AWAITING_APPROVAL if item.cash and amount else vocab.RecordStatus.RECORDED,
        recorded_by=actor.user,
        recording_agency=actor.agency,
    )
    if counted and entry.counts:
        shelter_services.cap_recount(case=case)
    if entry.status in vocab.COUNTING_STATUSES:
        spending.add_record(SpendingMonth, entry)
    record(
        actor,
        AuditAction.CREATE,
        object_type="support_record",
        object_id=entry.pk,
        details={
            "case": str(case.pk),
            "item": item.code,
            "amount": amount,
            "status": entry.status,
            "decision": decision.pk if decision else None,
        },
        event=CaseEvent.build(
            case,
            vocab.TimelineKind.SUPPORT_RECORDED,
            actor,
            record=entry.pk,
            item=item.code,
            amount=amount,
            status=entry.status,
        ),
    )
    return entry


@transaction.atomic
def record_decide(*, actor, entry, approve, version):
    """A supervisor of the recording agency approves (it counts as paid) or rejects cash support."""
    if not policy.can_approve_support(actor, entry):
        raise errors.Denied
    if entry.status != vocab.RecordStatus.AWAITING_APPROVAL:
        raise errors.StateError(_("This payment is not waiting for approval."))
    status = vocab.RecordStatus.APPROVED if approve else vocab.RecordStatus.REJECTED
    versioned_update(
        entry,
        expected_version=version,
        conditions={"status": vocab.RecordStatus.AWAITING_APPROVAL},
        status=status,
        approved_by_id=actor.user.pk,
        approved_at=timezone.now(),
    )
    if approve:
        spending.add_record(SpendingMonth, entry)
    kind = vocab.TimelineKind.SUPPORT_APPROVED if approve else vocab.TimelineKind.SUPPORT_REJECTED
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="support_record",
        object_id=entry.pk,
        details={"case": str(entry.case_id), "status": status, "amount": entry.amount},
        event=CaseEvent.build(entry.case, kind, actor, record=entry.pk, item=entry.item_code, amount=entry.amount),
    )
    return entry


def record_printed(*, actor, entry, fmt):
    record(
        actor,
        AuditAction.PRINT,
        object_type="support_record",
        object_id=entry.pk,
        details={"case": str(entry.case_id), "format": fmt},
        event=CaseEvent.build(
            entry.case, vocab.TimelineKind.PAYMENT_RECORD_PRINTED, actor, record=entry.pk, format=fmt
        ),
    )


def record_print_refused(*, actor, entry, fmt):
    """Printing a payment that is not approved was refused: recorded as a refusal, nothing printed."""
    record(
        actor,
        AuditAction.DENIED,
        object_type="support_record",
        object_id=entry.pk,
        details={"case": str(entry.case_id), "format": fmt, "status": entry.status, "why": "not_approved"},
    )
