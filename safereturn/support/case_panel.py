"""The support panel of the case page ("Chế độ được hưởng"): what the person (and an accompanying child) is
entitled to today, the ledger with its totals, and what the actor may do."""

from django.utils import timezone, translation

from safereturn.access import policy

from . import entitlements, selectors, vocab
from .models import SupportDecision, SupportRecord

SECTIONS = {"support_records": SupportRecord, "support_decisions": SupportDecision}


def _citations(answer, vietnamese):
    """Each cited document once (a regime and its item often cite the same article), "to confirm" if any
    row citing it is unverified."""
    cited = {}
    for c in answer.citations:
        text = c.text_vi if vietnamese else c.text_en
        cited[text] = cited.get(text, True) and c.verified
    return list(cited.items())


def entitlement_rows(answers):
    vietnamese = (translation.get_language() or "vi").startswith("vi")
    rows = []
    for e in answers:
        rows.append(
            {
                "e": e,
                "amount": selectors.money(e.amount_per_unit) if e.amount_per_unit else "—",
                "unit": vocab.Unit(e.unit).label,
                "until": e.until,
                "remaining": "—"
                if e.remaining is None
                else entitlements.count_units(e.remaining, e.cap_unit or e.unit),
                "total": selectors.money(e.total_cap_amount) if e.total_cap_amount else "",
                "citations": _citations(e, vietnamese),
            }
        )
    return rows


def panel_context(actor, case, *, present, revealed):
    today = timezone.localdate()
    rules = entitlements.snapshot()
    groups = [(vocab.Beneficiary.PERSON, entitlements.for_case(case, on=today, rules=rules, present=present))]
    if case.accompanying_children:
        groups.append(
            (
                vocab.Beneficiary.ACCOMPANYING_CHILD,
                entitlements.for_case(
                    case, on=today, beneficiary=vocab.Beneficiary.ACCOMPANYING_CHILD, rules=rules, present=present
                ),
            )
        )
    records = selectors.case_records(case) if present.get("support_records") else []
    return {
        "today": today,
        "groups": [
            {"label": vocab.Beneficiary(b).label, "rows": entitlement_rows([e for e in answers if e.entitled])}
            for b, answers in groups
        ],
        "records": records,
        "totals": {k: selectors.money(v) if k != "count" else v for k, v in selectors.totals(records).items()},
        "can_record": policy.can_record_support(actor, case),
        "can_decide": policy.can_decide_support(actor, case),
    }
