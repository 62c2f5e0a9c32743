"""The verification panel of the case page (identification/jinja2/identification/_panel.html), drawn
from the case the page already resolved and audited."""

from django.utils.translation import gettext, ngettext

from safereturn.access import policy

from . import selectors, services
from .models import Evidence, IdentificationDecision, VerificationTask

# The panel's lists, which the case page probes for rows (``cases.extensions.CasePanel``).
SECTIONS = {"tasks": VerificationTask, "evidence": Evidence, "decisions": IdentificationDecision}


def panel_context(actor, case, *, present, revealed):
    """The panel's lists and what the actor may do. ``present``: the page's probe of which lists have
    rows (``cases.case_page.case_lists``): a list found empty is not read at all."""
    transitions = []
    for name in services.allowed_transitions(case):
        allowed = policy.can_reopen_case if name == "reopen" else policy.can_change_case_status
        if allowed(actor, case):
            transitions.append({"name": name, "label": services.TRANSITIONS[name].label})
    lists = selectors.case_panel_lists(case, present)
    for evidence in lists.get("evidence", ()):
        count = evidence.document_count
        evidence.attachments_label = (
            ngettext("%(counter)s attachment", "%(counter)s attachments", count) % {"counter": count} if count else ""
        )
    under_verification = case.status == "under_verification"
    panel = {
        **lists,
        "transitions": transitions,
        "can_assign": case.status in ACTIVE_STATUSES and policy.can_assign_verification(actor, case),
        "can_record_evidence": policy.can_record_evidence(actor, case),
        "can_decide": under_verification and policy.can_decide_identification(actor, case),
        "can_return_certificate": case.route == "cross_border" and policy.can_issue_return_certificate(actor, case),
        # A printed decision names the person: offered under the reveal rule (``cases.reveal``).
        "can_print": revealed,
        "printable_kinds": ("victim", "return_certificate"),
    }
    panel["next_step"] = _next_step(actor, case, panel)
    return panel


# While verification goes on, someone acts next; after a decision or closing, nobody needs to.
ACTIVE_STATUSES = ("being_identified", "under_verification")


def _next_step(actor, case, panel):
    """One sentence saying who acts next, for an officer who sees the panel but can do nothing in it
    (the commune intake officer, for example); empty when the officer can act or nobody needs to."""
    can_act = any(panel[name] for name in ("transitions", "can_assign", "can_record_evidence", "can_decide"))
    if can_act or panel["can_return_certificate"] or case.status not in ACTIVE_STATUSES:
        return ""
    if any(policy.can_work_task(actor, task) for task in panel["tasks"]):
        return ""
    who, names = selectors.next_agencies(case)
    if not names:
        return ""
    agencies = ", ".join(names)
    if who == "assigned":
        return gettext(
            "Next step: the agency assigned (%(agencies)s) carries out the verification. You can follow it here."
        ) % {"agencies": agencies}
    return gettext(
        "Next step: the lead agency (%(agencies)s) assigns the verification and decides. You can follow it here."
    ) % {"agencies": agencies}
