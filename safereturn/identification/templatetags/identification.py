"""The verification panel of the case page, drawn from the case the page already resolved."""

from django import template

from safereturn.access import policy

from .. import selectors, services

register = template.Library()


@register.inclusion_tag("identification/_panel.html", takes_context=True)
def identification_panel(context):
    """Needs ``case``, ``revealed`` and ``actor`` (else ``request``) from the case page (which audited the view).

    The lists fetch only the related rows the panel shows; one the page found empty (``sections``) is
    not read at all.
    """
    case = context["case"]
    present = context.get("sections") or {}
    actor = context.get("actor") or policy.actor_for_request(context["request"])
    transitions = []
    for name in services.allowed_transitions(case):
        allowed = policy.can_reopen_case if name == "reopen" else policy.can_change_case_status
        if allowed(actor, case):
            transitions.append({"name": name, "label": services.TRANSITIONS[name].label})
    under_verification = case.status == "under_verification"
    return {
        "case": case,
        "revealed": bool(context.get("revealed")),
        **selectors.case_panel_lists(case, present),
        "transitions": transitions,
        "can_assign": case.status in ("being_identified", "under_verification")
        and policy.can_assign_verification(actor, case),
        "can_record_evidence": policy.can_record_evidence(actor, case),
        "can_decide": under_verification and policy.can_decide_identification(actor, case),
        "can_return_certificate": case.route == "cross_border" and policy.can_issue_return_certificate(actor, case),
        "can_print": policy.can_reveal_identity(actor, case),
        "printable_kinds": ("victim", "return_certificate"),
        "csrf_token": context.get("csrf_token"),
    }
