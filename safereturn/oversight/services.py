"""What an auditor does that is itself recorded: revealing the free text of an audit event."""

from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record


def audit_purpose_reveal(*, actor, event, reason):
    """Record an auditor's reasoned reveal of an event's purpose (a reason, a justification); the
    caller then shows it. The reason is kept encrypted like the purpose it reveals."""
    record(actor, AuditAction.REVEAL, object_type="audit_event", object_id=event.pk, purpose=reason)
