"""Writing audit events. Callers pass what happened; the request context supplies who and where."""

from safereturn.core import request_context, sqlrows

from .models import AuditEvent


def audit_record(
    *,
    action,
    actor=None,
    actor_username="",
    agency_id=None,
    role="",
    object_type="",
    object_id="",
    purpose="",
    details=None,
):
    """Insert one event. Never put decrypted identity data in ``details`` or ``purpose``."""
    ctx = request_context.current()
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_username = actor.pk, actor.get_username()
    else:
        actor_id = None
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        actor_username=(actor_username or "")[:150],
        agency_id=agency_id,
        role=role or "",
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        purpose=purpose,
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
        details=details or {},
    )
    # One INSERT built once per process: every case page and API read writes one (AuditEvent.save
    # only refuses updates, and no signal listens to audit events).
    return sqlrows.insert(event)
