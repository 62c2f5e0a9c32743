"""The entitlement engine: what a person is entitled to on a date, how much, until when, and why.

``entitlements(facts, on=..., rules=...)`` is a pure function over a ``Snapshot`` of the rule rows (plain
values, no model instances, no query): give it the same facts and rows and it gives the same answer.
``snapshot()`` reads the three rule tables; ``facts_for_case`` reads a case the access policy already
opened (``policy.case_for_actor``) and its ledger; ``for_case`` does both.

Which rows apply: regimes and items by the date the case was received (a case received before 1 July 2025
keeps the old rules: the rows say so by their dates, the code compares no year); rates by the date asked
about, the province's own resolution before the national default.
"""

import calendar
import datetime
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from safereturn.cases.extensions import CapCredit
from safereturn.cases.vocab import CaseStatus, HandoverPlace
from safereturn.shelters import services as shelter_services

from . import vocab
from .models import EntitlementItem, SupportDecision, SupportRate, SupportRecord, SupportRegime


@dataclass(frozen=True)
class Citation:
    role: str  # "regime", "item", "cap" (the stay cap rule) or "rate"
    text_vi: str
    text_en: str
    verified: bool


class _Named:
    @property
    def name(self):
        return self.name_vi if (translation.get_language() or "vi").startswith("vi") else self.name_en


@dataclass(frozen=True)
class RegimeRow(_Named):
    code: str
    side: str
    name_vi: str
    name_en: str
    statuses: tuple
    effective_from: datetime.date
    effective_to: datetime.date | None
    citation: Citation


@dataclass(frozen=True)
class ItemRow(_Named):
    pk: int
    code: str
    regime_code: str
    side: str
    name_vi: str
    name_en: str
    unit: str
    setting: str
    duration_cap: int | None
    cap_unit: str
    cap_extendable: bool
    warn_before: int | None
    one_off_limit: int | None
    children_only: bool
    cash: bool
    effective_from: datetime.date
    effective_to: datetime.date | None
    citation: Citation
    counted_with_stays: bool = False


@dataclass(frozen=True)
class RateRow:
    item_code: str
    side: str
    province_id: int | None
    amount: int
    minimum: bool
    effective_from: datetime.date
    effective_to: datetime.date | None
    citation: Citation


@dataclass(frozen=True)
class Snapshot:
    regimes: tuple
    items: tuple
    rates: tuple


@dataclass(frozen=True)
class Facts:
    """What the engine needs to know about a person. ``status``: a ``vocab.Status`` value, or "" when the
    person has no support status (not a victim, false claim, case closed). ``given``: units already given
    by item code (days, months, school years or times); ``extensions``: extra units decided by item code;
    ``stay_count``: the one count of the stay cap (``shelters.services.CapCount``: days used in stays and
    outside them, the cap with every extension, the current stay's last day) that items counted with the
    stays answer from (decision 38), or None."""

    status: str
    received_on: datetime.date
    province_id: int | None = None
    child: bool = False
    foreign: bool = False
    given: dict = field(default_factory=dict)
    extensions: dict = field(default_factory=dict)
    stay_count: object = None


@dataclass(frozen=True)
class Entitlement(_Named):
    item_code: str
    regime_code: str
    side: str
    name_vi: str
    name_en: str
    unit: str
    setting: str
    cash: bool
    entitled: bool
    amount_per_unit: int | None
    minimum: bool
    rate_province_id: int | None
    cap_units: int | None
    cap_unit: str
    total_cap_amount: int | None
    starts_on: datetime.date
    until: datetime.date | None
    given: int
    remaining: int | None
    near_cap: bool
    why_vi: str
    why_en: str
    citations: tuple
    verified: bool

    @property
    def why(self):
        return self.why_vi if (translation.get_language() or "vi").startswith("vi") else self.why_en

    @property
    def cap_reached(self):
        return self.remaining is not None and self.remaining <= 0

    def as_dict(self):
        data = asdict(self)
        for key in ("starts_on", "until"):
            data[key] = data[key].isoformat() if data[key] else None
        data["citations"] = [asdict(c) for c in self.citations]
        return data


# ---- the pure part ------------------------------------------------------------------------------


def _in_force(row, on):
    return row.effective_from <= on and (row.effective_to is None or row.effective_to >= on)


def add_months(start, months):
    month = start.month - 1 + months
    year = start.year + month // 12
    month = month % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def _cap_end(start, units, cap_unit):
    """The last day of a cap of ``units`` days or months counted from ``start`` (its first day)."""
    if cap_unit == vocab.Unit.DAY:
        return start + datetime.timedelta(days=units - 1)
    if cap_unit == vocab.Unit.MONTH:
        return add_months(start, units) - datetime.timedelta(days=1)
    return None


def _rate(rules, item, on, province_id):
    national = None
    for rate in rules.rates:
        if rate.item_code != item.code or rate.side != item.side or not _in_force(rate, on):
            continue
        if province_id is not None and rate.province_id == province_id:
            return rate
        if rate.province_id is None:
            national = rate
    return national


_STATUSES = frozenset(vocab.Status.values)


def _status_label(status):
    return str(vocab.Status(status).label) if status in _STATUSES else _("no support status")


def _money(amount):
    return f"{amount:,}".replace(",", ".") + " đ"


def _why(language, n, on, status_label):
    """Why, in the active language (``language`` says which citation text to use)."""
    item, regime, rate = n["item"], n["regime"], n["rate"]

    def text(citation):
        return citation.text_vi if language == "vi" else citation.text_en

    parts = []
    status = {"status": status_label, "citation": text(regime.citation)}
    if n["entitled"]:
        parts.append(_("Entitled as %(status)s (%(citation)s).") % status)
    else:
        parts.append(_refusal(item, regime, n["status"], n["child"]) % status)
    cap_text = _count_text(n["count"], text) if n["count"] is not None else _cap_text(item, n["extension"])
    if cap_text:
        parts.append(cap_text % {"citation": text(item.citation)})
    until = n["until"]
    if until is not None and until < on:
        parts.append(_("The cap ended on %(date)s.") % {"date": until.strftime("%d/%m/%Y")})
    elif n["near_cap"]:
        parts.append(
            _("The cap is near: a decision is needed to go on after %(date)s.")
            % {"date": until.strftime("%d/%m/%Y") if until else "—"}
        )
    if rate is not None:
        parts.append(
            _("Amount %(floor)s%(amount)s per %(unit)s: %(which)s, %(citation)s.")
            % {
                "floor": _("at least ") if rate.minimum else "",
                "amount": _money(rate.amount),
                "unit": str(vocab.Unit(item.unit).label),
                "which": _("provincial resolution") if rate.province_id is not None else _("national default"),
                "citation": text(rate.citation),
            }
        )
    elif n["entitled"] and item.unit != vocab.Unit.SERVICE:
        parts.append(_("No amount in force for this date: ask the administrator to complete the rate table."))
    if not all(c.verified for c in n["citations"]):
        parts.append(_("Some figures are still to confirm."))
    return " ".join(parts)


def _count_text(count, text):
    """The cap counted with the shelter stays (decision 38), keeping ``%(citation)s`` for ``_why`` to fill."""
    words = _("At most %(units)s, counted together with the shelter stays (%(citation)s): %(used)s used.") % {
        "units": count_units(count.total_days, vocab.Unit.DAY),
        "citation": text(_cap_citation(count.rule)),
        "used": count_units(count.days_used, vocab.Unit.DAY),
    }
    if count.extension_days:
        words += " " + _("Extended by %(units)s by a recorded decision.") % {
            "units": count_units(count.extension_days, vocab.Unit.DAY)
        }
    return words.replace("%", "%%")


def _cap_text(item, extension):
    """The cap in words, keeping ``%(citation)s`` for ``_why`` to fill."""
    if item.one_off_limit is not None:
        return ngettext(
            "At most %(count)s time (%(citation)s).", "At most %(count)s times (%(citation)s).", item.one_off_limit
        ) % {"count": item.one_off_limit, "citation": "%(citation)s"}
    if item.duration_cap is None:
        return ""
    cap_unit = item.cap_unit or item.unit
    text = _("At most %(units)s (%(citation)s).") % {
        "units": count_units(item.duration_cap, cap_unit),
        "citation": "%(citation)s",
    }
    if extension:
        text += " " + _("Extended by %(units)s by a recorded decision.") % {"units": count_units(extension, cap_unit)}
    return text


def count_units(count, unit):
    """ "120 days", "3 months", "2 school years" in the active language."""
    if unit == vocab.Unit.DAY:
        return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
    if unit == vocab.Unit.MONTH:
        return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
    if unit == vocab.Unit.SCHOOL_YEAR:
        return ngettext("%(count)s school year", "%(count)s school years", count) % {"count": count}
    return ngettext("%(count)s time", "%(count)s times", count) % {"count": count}


def _refusal(item, regime, status, child):
    if not status:
        return _("No support regime: the person has no support status (%(status)s).")
    if status not in regime.statuses:
        return _("Not for %(status)s (%(citation)s).")
    if item.children_only and not child:
        return _("Only for victims under 18 and accompanying children (%(citation)s).")
    return ""


def _cap_citation(rule):
    return Citation("cap", rule.citation_in("vi"), rule.citation_in("en"), rule.verified)


def _numbers(item, regime, facts, rules, on):
    """Everything but the words: entitled, rate, cap, until, given, remaining."""
    child = facts.child or facts.status == vocab.Status.ACCOMPANYING_CHILD
    entitled = not _refusal(item, regime, facts.status, child)
    rate = _rate(rules, item, on, facts.province_id)
    given = int(facts.given.get(item.code, 0))
    extension = int(facts.extensions.get(item.code, 0)) if item.cap_extendable else 0
    start = facts.received_on
    until = cap_units = total = remaining = None
    count = facts.stay_count if item.counted_with_stays else None
    if count is not None:
        # One count with the shelter stays: the stay cap rule's length with every extension, the days used
        # in stays and outside them, the current stay's last day (decision 38).
        cap_units, given, remaining = count.total_days, count.days_used, count.days_left
        extension = count.extension_days
        start = count.first_day or start
        until = count.until
        total = cap_units * rate.amount if rate else None
    elif item.duration_cap is not None:
        cap_units = item.duration_cap + extension
        until = _cap_end(start, cap_units, item.cap_unit or item.unit)
        if item.unit == vocab.Unit.DAY and until is not None:
            window = (until - start).days + 1
            remaining = max(0, window - given) if until >= on else 0
            total = window * rate.amount if rate else None
        else:
            remaining = max(0, cap_units - given) if until is None or until >= on else 0
            total = cap_units * rate.amount if rate else None
    elif item.one_off_limit is not None:
        cap_units = item.one_off_limit
        remaining = max(0, item.one_off_limit - given)
        total = item.one_off_limit * rate.amount if rate else None
    if not entitled:
        remaining = 0
    if count is not None:
        near_cap = bool(entitled and count.near)
    else:
        near_cap = bool(
            entitled and item.warn_before is not None and remaining is not None and 0 < remaining <= item.warn_before
        )
    cap = _cap_citation(count.rule) if count is not None else None
    citations = tuple(c for c in (regime.citation, item.citation, cap, rate.citation if rate else None) if c)
    return {
        "item": item,
        "regime": regime,
        "rate": rate,
        "status": facts.status,
        "child": child,
        "entitled": entitled,
        "extension": extension,
        "given": given,
        "start": start,
        "until": until,
        "cap_units": cap_units,
        "total": total,
        "remaining": remaining,
        "near_cap": near_cap,
        "citations": citations,
        "count": count,
    }


def _entitlement(n, why_vi, why_en):
    item, rate = n["item"], n["rate"]
    return Entitlement(
        item_code=item.code,
        regime_code=item.regime_code,
        side=item.side,
        name_vi=item.name_vi,
        name_en=item.name_en,
        unit=item.unit,
        setting=item.setting,
        cash=item.cash,
        entitled=n["entitled"],
        amount_per_unit=rate.amount if rate else None,
        minimum=rate.minimum if rate else False,
        rate_province_id=rate.province_id if rate else None,
        cap_units=n["cap_units"],
        cap_unit=(item.cap_unit or item.unit) if n["cap_units"] is not None else "",
        total_cap_amount=n["total"] if n["entitled"] else None,
        starts_on=n["start"],
        until=n["until"],
        given=n["given"],
        remaining=n["remaining"],
        near_cap=n["near_cap"],
        why_vi=why_vi,
        why_en=why_en,
        citations=n["citations"],
        verified=all(c.verified for c in n["citations"]),
    )


def entitlements(facts, *, on, rules):
    """Every item of the rules governing the case (by the date it was received), entitled or not, with the
    amount in force on ``on``, the cap, the date it ends, what remains, and why. Pure: no query."""
    regimes = {(r.code, r.side): r for r in rules.regimes if _in_force(r, facts.received_on)}
    numbers = []
    for item in rules.items:
        if not _in_force(item, facts.received_on):
            continue
        regime = regimes.get((item.regime_code, item.side))
        if regime is not None:
            numbers.append(_numbers(item, regime, facts, rules, on))
    # The words in both languages, each language activated once for the whole answer.
    words = {}
    for language in ("vi", "en"):
        with translation.override(language):
            label = _status_label(facts.status)
            words[language] = [_why(language, n, on, label) for n in numbers]
    answers = [_entitlement(n, vi, en) for n, vi, en in zip(numbers, words["vi"], words["en"], strict=True)]
    answers.sort(key=lambda e: (not e.entitled, e.regime_code, e.item_code))
    return answers


def entitlement_for(answers, item_code):
    return next((e for e in answers if e.item_code == item_code), None)


# ---- reading the rows and the case --------------------------------------------------------------


def _citation(role, row):
    return Citation(role, row.citation_in("vi"), row.citation_in("en"), row.verified)


_snapshot_cache = {"loaded_at": None, "value": None}


def forget_snapshot(**_kwargs):
    """Called when a support rule row is saved or deleted (this process forgets at once, others within
    SAFERETURN_RULE_CACHE_SECONDS), and by the test set-up between tests."""
    _snapshot_cache["loaded_at"] = None


def snapshot():
    """The three rule tables as plain values (a few dozen rows). Every case page asks: kept in memory for a
    short while, as the competence rules are (``rules.selectors``)."""
    loaded_at = _snapshot_cache["loaded_at"]
    if loaded_at is None or time.monotonic() - loaded_at > settings.SAFERETURN_RULE_CACHE_SECONDS:
        _snapshot_cache["value"] = snapshot_of(
            SupportRegime.objects.all(), EntitlementItem.objects.all(), SupportRate.objects.all()
        )
        _snapshot_cache["loaded_at"] = time.monotonic()
    return _snapshot_cache["value"]


def snapshot_of(regime_rows, item_rows, rate_rows):
    """A snapshot of rule rows (model instances, saved or not)."""
    regimes = tuple(
        RegimeRow(
            r.code,
            r.side,
            r.name_vi,
            r.name_en,
            r.status_list,
            r.effective_from,
            r.effective_to,
            _citation("regime", r),
        )
        for r in regime_rows
    )
    items = tuple(
        ItemRow(
            i.pk,
            i.code,
            i.regime_code,
            i.side,
            i.name_vi,
            i.name_en,
            i.unit,
            i.setting,
            i.duration_cap,
            i.cap_unit,
            i.cap_extendable,
            i.warn_before,
            i.one_off_limit,
            i.children_only,
            i.cash,
            i.effective_from,
            i.effective_to,
            _citation("item", i),
            getattr(i, "counted_with_stays", False),
        )
        for i in item_rows
    )
    rates = tuple(
        RateRow(
            r.item_code,
            r.side,
            r.province_id,
            r.amount,
            r.minimum,
            r.effective_from,
            r.effective_to,
            _citation("rate", r),
        )
        for r in rate_rows
    )
    return Snapshot(regimes, items, rates)


def status_for_case(case, beneficiary=vocab.Beneficiary.PERSON):
    """The person's support status from the case (Law 53/2024 Art. 37): identified → victim (foreign
    victim for a foreign national); being identified → abroad when handed over through a mission abroad,
    else in Viet Nam; not a victim, a false claim or a closed case → none."""
    if case.status in (CaseStatus.NOT_VICTIM, CaseStatus.FALSE_CLAIM, CaseStatus.CLOSED):
        return ""
    if beneficiary == vocab.Beneficiary.ACCOMPANYING_CHILD:
        return vocab.Status.ACCOMPANYING_CHILD
    if case.status == CaseStatus.IDENTIFIED:
        return vocab.Status.FOREIGN_VICTIM if _foreign(case) else vocab.Status.VICTIM
    if case.handover_place == HandoverPlace.MISSION_ABROAD:
        return vocab.Status.IDENTIFIED_ABROAD
    return vocab.Status.IDENTIFIED_IN_VN


def _foreign(case):
    nationality = (case.person.nationality or "VN").upper()
    # A stateless resident counts with Vietnamese citizens (Law 53/2024 Art. 37).
    return nationality not in ("VN", "XX")


def _stay_count(case, beneficiary, present, on):
    """The shelters' count of the stay cap for the person (an accompanying child's essential needs are
    counted from the ledger alone). A case page that found no stay, record or decision reads only the rule."""
    if beneficiary != vocab.Beneficiary.PERSON:
        return None
    stays = credit = None
    if present is not None and not present.get("shelter_stays"):
        stays = []
        if not present.get("support_records") and not present.get("support_decisions"):
            credit = CapCredit()
    return shelter_services.cap_count(case, stays=stays, today=on, credit=credit)


def facts_for_case(case, beneficiary=vocab.Beneficiary.PERSON, present=None, on=None):
    """The facts of ``case`` (already opened through the access policy) and its ledger. ``present``: the
    case page's probe of which lists have rows (``cases.extensions.CasePanel``): a list known empty is
    not read."""
    given = extensions = {}
    if present is None or present.get("support_records"):
        records = SupportRecord.objects.filter(
            case=case, beneficiary=beneficiary, status__in=vocab.COUNTING_STATUSES
        ).values_list("item_code")
        given = dict(records.annotate(total=Sum("quantity")).values_list("item_code", "total"))
    if present is None or present.get("support_decisions"):
        decisions = SupportDecision.objects.filter(case=case, kind=vocab.DecisionKind.EXTEND_CAP).values_list(
            "item_code"
        )
        extensions = dict(decisions.annotate(total=Sum("extra_units")).values_list("item_code", "total"))
    status = status_for_case(case, beneficiary)
    return Facts(
        stay_count=_stay_count(case, beneficiary, present, on),
        status=status,
        received_on=timezone.localdate(case.received_at),
        province_id=case.province_id,
        child=beneficiary == vocab.Beneficiary.ACCOMPANYING_CHILD or case.age_group == "child",
        foreign=status == vocab.Status.FOREIGN_VICTIM,
        given=given,
        extensions=extensions,
    )


def for_case(case, *, on=None, beneficiary=vocab.Beneficiary.PERSON, rules=None, present=None):
    """The entitlements of a case opened through the access policy, on ``on`` (today by default)."""
    on = on or timezone.localdate()
    return entitlements(facts_for_case(case, beneficiary, present, on=on), on=on, rules=rules or snapshot())
