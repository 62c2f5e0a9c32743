"""Reads of case data are recorded too: who opened which case, listed what, revealed whom and why."""

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors


def identity_reveal(*, actor, case, reason):
    """Record a reasoned reveal of a case's identity data; the caller then shows it."""
    if not policy.can_reveal_identity(actor, case):
        raise errors.Denied
    record(actor, AuditAction.REVEAL, object_type="case", object_id=case.pk, purpose=reason)


def identity_refused(*, actor, case, what, channel="web"):
    """A refused way out of identity data (a download, a print) is recorded too: who tried, on which
    case, what and through which channel, marked ``refused``."""
    record(
        actor,
        AuditAction.VIEW,
        object_type="case",
        object_id=case.pk,
        details={"via": channel, "what": what, "refused": True},
    )


def case_viewed(*, actor, case, channel="web"):
    record(actor, AuditAction.VIEW, object_type="case", object_id=case.pk, details={"via": channel})


def cases_listed(*, actor, count, filters):
    """A list of cases is a read of case data too: record what was asked, never the names searched."""
    safe_filters = {k: str(v) for k, v in filters.items() if k != "q"}
    if filters.get("q"):
        safe_filters["q"] = "name" if not str(filters["q"])[:2].isdigit() else "number"
    record(actor, AuditAction.VIEW, object_type="case_list", details={"rows": count, "filters": safe_filters})
