"""An officer's API tokens: listing their own and revoking them (decision 0021)."""

from django.db import transaction
from django.utils import timezone

from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record
from safereturn.core.errors import NotFound

from .models import ApiToken


def tokens_of(user):
    """The officer's own tokens, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


@transaction.atomic
def token_revoke(*, user, token_id):
    """Revoke one of ``user``'s own tokens; another officer's token is "not found"."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action=AuditAction.TOKEN_REVOKED,
            actor=user,
            object_type="accounts.apitoken",
            object_id=token.pk,
            details={"reason": "revoked by its officer"},
        )
    return token


def tokens_revoke_all(user, *, reason, by=None):
    """Revoke every live token of ``user`` (in the caller's transaction); returns how many."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        audit_record(
            action=AuditAction.TOKEN_REVOKED,
            actor=by,
            object_type="directory.user",
            object_id=user.pk,
            details={"reason": reason, "count": count},
        )
    return count


def revoke_on_role_lost(sender, membership, **kwargs):
    """``directory.signals.role_lost``: a token carries no role of its own, but one made while the
    officer held a role must not outlive it — every token of theirs is revoked."""
    tokens_revoke_all(membership.user, reason="role ended")
