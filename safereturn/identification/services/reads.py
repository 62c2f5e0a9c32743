"""Reading tasks, evidence, decisions or work queues is a read of case data: recorded."""

from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record


def records_viewed(*, actor, case, what, channel="web"):
    """Reading tasks, evidence or decisions is a read of case data."""
    object_type, object_id = ("case", case.pk) if case is not None else ("work_queue", "")
    record(
        actor, AuditAction.VIEW, object_type=object_type, object_id=object_id, details={"via": channel, "what": what}
    )
