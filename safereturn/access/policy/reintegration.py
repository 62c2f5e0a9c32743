"""Needs, support plans, escorts, returns and follow-up: who records them, and who reads the health and
psychological answers of a needs assessment and the health score of a reintegration assessment.

Support work is done by the agencies taking part in the case, in the roles that work with people
(intake officers at the commune, case workers, supervisors); verifiers verify. Health and psychological
answers follow the case notes' rule (``roles.NOTE_CATEGORY_AGENCY_TYPES``): only staff of the health and
social-support agencies read or write them (MISSION.md: "medical and psychological notes: health and
psychology staff").
"""

from safereturn.directory.models import Role

from .cases import can_edit_case, readable_note_categories
from .identification import can_change_case_status
from .roles import CASE_ROLES, INTAKE_ROLES

SUPPORT_ROLES = INTAKE_ROLES  # intake officer, case worker, supervisor
# Which note category each restricted domain of a needs assessment belongs to.
RESTRICTED_NEED_CATEGORIES = {"health": "medical", "psychological": "psychological"}
NEED_DOMAINS = ("health", "psychological", "education", "skills", "family", "safety")
# The reintegration assessment's scores: its health score is a medical record, as a needs assessment's is.
RESTRICTED_REINTEGRATION_CATEGORIES = {"health": "medical"}
REINTEGRATION_DOMAINS = ("safety", "income", "housing", "health", "family", "community")


def can_work_support(actor, case):
    """Recording needs, plans, services, escorts, family contacts, returns, follow-up visits and
    reintegration assessments: an officer of an agency taking part in the case, in a support role."""
    return can_edit_case(actor, case) and actor.role in SUPPORT_ROLES


def readable_need_domains(actor):
    """The domains of a needs assessment this actor reads (and may fill): all but health and the
    psychological state, which go to the staff who may read medical and psychological notes."""
    if actor is None or actor.role not in CASE_ROLES:
        return frozenset()
    categories = readable_note_categories(actor)
    return frozenset(
        domain
        for domain in NEED_DOMAINS
        if domain not in RESTRICTED_NEED_CATEGORIES or RESTRICTED_NEED_CATEGORIES[domain] in categories
    )


def readable_reintegration_domains(actor):
    """The scores of a reintegration assessment this actor reads (and may give): all but health, which
    goes to the staff who may read medical notes. A total shown to others counts only what they read."""
    if actor is None or actor.role not in CASE_ROLES:
        return frozenset()
    categories = readable_note_categories(actor)
    return frozenset(
        domain
        for domain in REINTEGRATION_DOMAINS
        if domain not in RESTRICTED_REINTEGRATION_CATEGORIES
        or RESTRICTED_REINTEGRATION_CATEGORIES[domain] in categories
    )


def can_read_need_domain(actor, domain):
    return domain in readable_need_domains(actor)


def can_update_planned_service(actor, service):
    """The agency in charge of a planned service, or any agency working the case's support, moves it on."""
    if can_work_support(actor, service.case):
        return True
    return (
        actor is not None
        and actor.role in SUPPORT_ROLES
        and actor.agency.pk == service.owner_agency_id
        and can_edit_case(actor, service.case)
    )


def can_close_despite_open_items(actor, case):
    """Closing a case while support items are still open is a supervisor's recorded decision, in an
    agency that may close the case."""
    return actor is not None and actor.role == Role.SUPERVISOR and can_change_case_status(actor, case)
