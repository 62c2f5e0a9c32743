"""Questions about verification tasks that compose the access policy's own answers (no rules of their own)."""

from safereturn.access import policy
from safereturn.directory.models import Role


def can_change_task_due_date(actor, task):
    """Moving a task's due date: a supervisor of the agency that assigned it (while that agency still leads the
    case) or of the agency it is assigned to."""
    if actor is None or actor.role != Role.SUPERVISOR:
        return False
    if policy.can_work_task(actor, task):
        return True
    return task.requested_by_agency_id == actor.agency.pk and policy.can_assign_verification(actor, task.case)
