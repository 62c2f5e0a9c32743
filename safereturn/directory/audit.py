"""Audit events written from a request: the acting user with the agency and role they act in."""

from safereturn.audit.services import audit_record

from .selectors import active_membership


def audit_record_for_request(request, **kwargs):
    """Like ``audit.services.audit_record`` with the acting user, agency and role taken from the request."""
    membership = active_membership(request) if request.user.is_authenticated else None
    kwargs.setdefault("actor", request.user)
    if membership is not None:
        kwargs.setdefault("agency_id", membership.agency_id)
        kwargs.setdefault("role", membership.role)
    return audit_record(**kwargs)
