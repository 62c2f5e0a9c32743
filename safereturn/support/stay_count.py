"""Essential needs and shelter stays as one count (decision 38).

The shelters app counts the stay cap (``shelters.services.cap_count``); support adds to that count, through
``cases.extensions.stay_cap_credits``, the days of an item counted with the stays that were given outside any
stay (food paid to a person living in the community) and the extensions its supervisors decided. The engine
answers those items from the same count, and a payment is checked against it: a day inside a stay may be
paid up to that stay's last allowed day (the stay already counts it), a day outside every stay uses a day of
what is left.
"""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.cases.extensions import CapCredit
from safereturn.shelters import services as shelter_services
from safereturn.shelters.models import Stay

from . import entitlements as engine
from . import vocab
from .models import SupportDecision, SupportRecord


def counted_codes(case, rules=None):
    """Codes of the items counted with the stays, among the rules governing the case."""
    received = timezone.localdate(case.received_at)
    return {
        i.code
        for i in (rules or engine.snapshot()).items
        if i.counted_with_stays
        and i.effective_from <= received
        and (i.effective_to is None or i.effective_to >= received)
    }


def _stay_of(day, stays):
    """The stay that counts ``day`` (a finished stay counts its nights: not the day the person left)."""
    for stay in stays:
        if stay.admitted_on <= day and (stay.discharged_on is None or day < stay.discharged_on):
            return stay
    return None


def _days(start, end):
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def outside_days(start, end, stays):
    return sum(1 for day in _days(start, end) if _stay_of(day, stays) is None)


def stay_cap_credit(case, stays, today):
    """``cases.extensions.stay_cap_credits`` entry: days of counted items given outside the stays up to
    ``today``, and the extensions decided for them."""
    codes = counted_codes(case)
    if not codes:
        return CapCredit()
    used = 0
    records = SupportRecord.objects.filter(
        case_id=case.pk,
        item_code__in=codes,
        beneficiary=vocab.Beneficiary.PERSON,
        status__in=vocab.COUNTING_STATUSES,
        date_from__lte=today,
    ).values_list("date_from", "date_to", "quantity")
    for date_from, date_to, quantity in records:
        used += min(quantity, outside_days(date_from, min(date_to, today), stays))
    extra = SupportDecision.objects.filter(
        case_id=case.pk, item_code__in=codes, kind=vocab.DecisionKind.EXTEND_CAP
    ).aggregate(total=Sum("extra_units"))["total"]
    return CapCredit(days_used=used, extra_days=extra or 0)


def refusals(case, data):
    """Problems of a payment of a counted item against the one count, by field; and the number of days it
    adds outside the stays (the current stay's last day moves earlier by as many)."""
    date_from, date_to = data["date_from"], data.get("date_to") or data["date_from"]
    stays = list(Stay.objects.filter(case=case).prefetch_related("extensions"))
    late = [day for day in _days(date_from, date_to) if (s := _stay_of(day, stays)) and day > s.allowed_until]
    if late:
        stay = _stay_of(late[0], stays)
        return {
            "date_to": [
                _(
                    "Support during this stay ended on %(date)s (the cap counted with the shelter stays): a payment "
                    "after it needs an extension decision or a supervisor's decision allowing it."
                )
                % {"date": stay.allowed_until.strftime("%d/%m/%Y")}
            ]
        }, 0
    needed = min(data["quantity"], outside_days(date_from, date_to, stays))
    count = shelter_services.cap_count(case, stays=stays)
    if needed and count is not None and needed > count.days_left:
        return {
            "quantity": [
                _(
                    "Only %(left)s days are left of the cap counted with the shelter stays (%(used)s of %(total)s "
                    "used): a payment above it needs a supervisor's decision."
                )
                % {"left": count.days_left, "used": count.days_used, "total": count.total_days}
            ]
        }, 0
    return {}, needed
