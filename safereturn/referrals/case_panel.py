"""The referrals panel of the case page (jinja2/referrals/_panel.html): the case's referrals and the way
to make one, for those who take part in the case."""

from safereturn.access import policy

from . import selectors
from .models import Referral

SECTIONS = {"referrals": Referral}


def panel_context(actor, case, *, present, revealed):
    rows = list(selectors.case_referrals(case)) if present.get("referrals") else []
    return {"referrals": rows, "can_refer": policy.can_refer(actor, case)}
