"""The shelter panel of the case page (shelters/jinja2/shelters/_panel.html): the current stay, days
used of the cap, the cap's last day and its citation, earlier stays, and what the officer may do."""

from safereturn.access import policy

from . import selectors, vocab
from .models import Stay

# The panel's list, which the case page probes for rows (``cases.extensions.CasePanel``).
SECTIONS = {"shelter_stays": Stay}


def panel_context(actor, case, *, present, revealed):
    stays = selectors.case_stays(case) if present.get("shelter_stays") else []
    current = selectors.current_stay(stays)
    facility = actor.agency
    if not policy.is_facility(facility) and not stays:
        # Not a facility, and nobody stayed anywhere: nothing to offer and nothing to show (no more queries).
        nothing = dict.fromkeys(("can_admit", "can_change", "can_extend", "can_allow_over_capacity"), False)
        return {"stays": [], "current": None, "cap": None, "reasons": {}, "revealed": revealed, **nothing}
    return {
        "stays": stays,
        "current": current,
        "cap": selectors.cap_summary(case, stays) if stays else None,
        "can_admit": current is None and policy.can_admit(actor, case, facility.pk) and _has_places(facility),
        "can_change": current is not None and policy.can_change_stay(actor, case, current),
        "can_extend": current is not None and policy.can_extend_stay(actor, case, current),
        "can_allow_over_capacity": policy.can_allow_over_capacity(actor, case, facility.pk) and _has_places(facility),
        "reasons": dict(vocab.DischargeReason.choices),
        "revealed": revealed,
    }


def _has_places(facility):
    return facility.shelter_places.exists()
