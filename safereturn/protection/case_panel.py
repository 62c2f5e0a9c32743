"""The protection panel of the case page (protection/jinja2/protection/_panel.html), drawn from the case
the page already resolved and audited. Narratives and names are never on the panel: their own pages
show them to the roles that may read them, under the reveal rule."""

from safereturn.access import policy

from . import selectors
from .models import DangerAlert, ProtectionMeasure, RiskAssessment

SECTIONS = {
    "risk_assessments": RiskAssessment,
    "protection_measures": ProtectionMeasure,
    "danger_alerts": DangerAlert,
}


def panel_context(actor, case, *, present, revealed):
    if not policy.can_see_protection(actor, case):
        return {"hidden": True}
    lists = selectors.case_panel_lists(case, present)
    return {
        **lists,
        "hidden": False,
        "can_read": policy.can_read_risk_details(actor, case),
        "can_assess": policy.can_assess_risk(actor, case),
        "can_record_measure": policy.can_record_measure(actor, case),
        "can_raise_alert": policy.can_raise_alert(actor, case),
        "open_alerts": sum(1 for a in lists["alerts"] if a.is_open),
    }
