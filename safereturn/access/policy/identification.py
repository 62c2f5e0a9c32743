"""Verification and identification: who assigns and works tasks, records evidence and decides."""

from django.utils import timezone

from safereturn.directory.models import Role
from safereturn.rules.selectors import is_competent

from .cases import agency_roles, can_edit_case, participates
from .roles import DECIDING_ROLES, VERIFICATION_ROLES


def _leads_case(actor, case):
    """The agency takes part in its own right (receiver, responsible, the province's lead agency...), not
    only through a task assigned to it or naming it as partner."""
    return bool(agency_roles(actor, case) - {"assignee", "partner"})


def can_assign_verification(actor, case):
    """Assigning, and cancelling, verification tasks: officers of an agency leading the case."""
    return actor is not None and actor.role in VERIFICATION_ROLES and _leads_case(actor, case)


def can_work_task(actor, task):
    """Starting a task and recording its findings: the officers of the assigned agency and of the
    partner agency it works the task with (the law's lead agency verifies with the provincial police)."""
    return (
        actor is not None
        and actor.role in VERIFICATION_ROLES
        and actor.agency.is_active
        and actor.agency.pk in (task.assignee_agency_id, task.partner_agency_id)
    )


def can_record_evidence(actor, case):
    return can_edit_case(actor, case) and actor.role in VERIFICATION_ROLES


def _rules_date(case, on_date):
    # Cases keep the rules in force when they were received.
    return on_date or timezone.localdate(case.received_at)


def can_decide_identification(actor, case, on_date=None):
    """A verifier or supervisor of a participating agency whose type may identify on the case's date."""
    return (
        actor is not None
        and actor.role in DECIDING_ROLES
        and participates(actor, case)
        and is_competent(actor.agency_type, "identify", _rules_date(case, on_date))
    )


def can_issue_return_certificate(actor, case, on_date=None):
    return (
        actor is not None
        and actor.role in DECIDING_ROLES
        and participates(actor, case)
        and is_competent(actor.agency_type, "issue_return_certificate", _rules_date(case, on_date))
    )


def can_change_case_status(actor, case):
    """Starting verification and closing: officers of an agency leading the case."""
    return can_assign_verification(actor, case)


def can_reopen_case(actor, case):
    return actor is not None and actor.role == Role.SUPERVISOR and _leads_case(actor, case)
