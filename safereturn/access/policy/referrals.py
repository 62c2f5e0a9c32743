"""Referrals: who sees a referral, who acts on it, and what its recipient reads of the case.

A referral sent or accepted is its recipient agency's participation in the case, limited to the
sections the sender chose (docs/decisions/0039-referrals.md). It is read here, never written into the
case's participations: so no page or endpoint of the case (which all open it through ``case_for_actor``)
opens to the recipient, and nothing the recipient did not get can leak through a route that forgot to
ask. The recipient's officers reach the case only through the referral's own page and endpoint, only
while it is active, and only the sections that are both chosen and readable by their agency type.
Identity is never a section: a referral alone never lets anyone reveal the person's identity.
"""

from django.http import Http404

from safereturn.core.bounds import INTEGER_MAX
from safereturn.directory.models import Role

from .. import scoped
from .actors import works_with_cases
from .cases import can_edit_case, readable_note_categories, visible_cases
from .roles import CASE_ROLES

ACTIVE = ("sent", "accepted")
# Who answers a referral for the recipient agency: those who take in and work with people.
ANSWERING_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR})
# Sections that hold what only some agency types may read (the case notes' rule, roles.py).
RESTRICTED_SECTIONS = {"health": ("medical", "psychological")}


def _referrals():
    return scoped.model("referral")


def receives(actor, referral):
    """The actor's agency is the recipient of this referral while it is active (any case role)."""
    return works_with_cases(actor) and actor.agency.pk == referral.recipient_agency_id and referral.status in ACTIVE


def referral_for_actor(actor, referral_id, *, queryset=None):
    """One referral, or 404 (the same answer whether it does not exist or is out of reach): to whoever
    may open its case, and to its recipient's officers while it is active."""
    if not works_with_cases(actor):
        raise Http404
    try:
        key = int(referral_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < key <= INTEGER_MAX:  # past what the column holds: no such referral
        raise Http404
    rows = queryset if queryset is not None else _referrals().objects.all()
    referral = rows.select_related("case", "recipient_agency__agency_type", "sending_agency").filter(pk=key).first()
    if referral is None:
        raise Http404
    if receives(actor, referral) or visible_cases(actor).filter(pk=referral.case_id).exists():
        return referral
    raise Http404


def readable_sections(actor, referral):
    """The sections of the case this actor reads through the referral: none unless its agency receives
    it now; of those chosen, the restricted ones only for the agency types that read them elsewhere."""
    if not receives(actor, referral):
        return []
    categories = readable_note_categories(actor)
    shown = []
    for code in referral.section_codes:
        needed = RESTRICTED_SECTIONS.get(code)
        if needed and not all(category in categories for category in needed):
            continue
        shown.append(code)
    return shown


def can_refer(actor, case):
    """Drafting, sending and revoking: an officer of an agency taking part in the case (never emergency access)."""
    return can_edit_case(actor, case)


def can_act_as_sender(actor, referral, case):
    return can_refer(actor, case) and actor.agency.pk == referral.sending_agency_id


def can_answer_referral(actor, referral):
    """Accepting, declining, completing: an answering officer of the recipient while the referral is active."""
    return receives(actor, referral) and actor.role in ANSWERING_ROLES


def referrals_received(actor):
    """The referrals the actor's agency receives now (its inbox)."""
    if not works_with_cases(actor) or actor.role not in CASE_ROLES:
        return _referrals().objects.none()
    return _referrals().objects.filter(recipient_agency_id=actor.agency.pk, status__in=ACTIVE)
