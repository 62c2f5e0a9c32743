"""Support: who reads a case's entitlements and ledger, records services and payments, approves cash
support, records the decisions that extend a cap or allow a payment above it, and sees an agency's spending."""

from safereturn.directory.models import Role

from .actors import works_with_cases
from .cases import participates
from .roles import REPORT_ROLES

# Those who give support: the intake officer of a commune (first support), case workers, supervisors.
SUPPORT_RECORDING_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR})


def can_view_support(actor, case):
    """Anyone who may open the case (participation, jurisdiction, emergency access) may read what the person
    is entitled to and what was given: amounts and items, never identity."""
    return works_with_cases(actor)


def can_record_support(actor, case):
    """Recording a service or payment: an officer of an agency taking part in the case (emergency access reads,
    never writes)."""
    return works_with_cases(actor) and actor.role in SUPPORT_RECORDING_ROLES and participates(actor, case)


def can_decide_support(actor, case):
    """Extending a cap or allowing a payment above the entitlement: a supervisor of a participating agency."""
    return works_with_cases(actor) and actor.role == Role.SUPERVISOR and participates(actor, case)


def can_approve_support(actor, record):
    """Approving cash support: a supervisor of the agency that recorded it, never the officer who recorded it."""
    return (
        works_with_cases(actor)
        and actor.role == Role.SUPERVISOR
        and actor.agency.pk == record.recording_agency_id
        and actor.user.pk != record.recorded_by_id
    )


def can_view_agency_spending(actor):
    """An agency's own spending by regime and month (its own records only): its case roles and report roles."""
    return actor is not None and actor.agency.is_active and (works_with_cases(actor) or actor.role in REPORT_ROLES)
