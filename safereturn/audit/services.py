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


def audit_record_for_actor(actor, action, *, object_type, object_id, purpose="", details=None):
    """Like ``audit_record`` for an officer acting in one agency and role (``access.policy.Actor``)."""
    return audit_record(
        action=action,
        actor=actor.user,
        agency_id=actor.agency.pk,
        role=actor.role,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        details=details,
    )


def audit_record_for_request(request, **kwargs):
    """Like ``audit_record`` with the acting user, agency and role taken from the request."""
    from safereturn.directory.selectors import active_membership

    membership = active_membership(request) if request.user.is_authenticated else None
    kwargs.setdefault("actor", request.user)
    if membership is not None:
        kwargs.setdefault("agency_id", membership.agency_id)
        kwargs.setdefault("role", membership.role)
    return audit_record(**kwargs)
