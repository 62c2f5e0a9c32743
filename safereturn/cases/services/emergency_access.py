"""Truy cập khẩn cấp: break-glass access to a case outside the officer's scope."""

from django.db import transaction
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.models import BreakGlassGrant, Notification
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors
from safereturn.directory.models import Membership, Role

from .. import vocab
from ..models import Case, CaseEvent, CaseParticipant


@transaction.atomic
def break_glass_open(*, actor, case_id, justification):
    """Emergency access to a case outside scope: audited, time-limited, supervisors told at once."""
    if not policy.can_break_glass(actor):
        raise errors.Denied
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise errors.Denied
    policy.forget(case)
    grant = BreakGlassGrant.objects.create(
        user=actor.user,
        agency=actor.agency,
        case=case,
        justification=justification,
        expires_at=policy.break_glass_expiry(),
    )
    record(
        actor,
        AuditAction.BREAK_GLASS,
        object_type="case",
        object_id=case.pk,
        purpose=justification,
        details={"grant": grant.pk},
        event=CaseEvent.build(case, vocab.EventKind.BREAK_GLASS, actor, grant=grant.pk),
    )
    supervisors = Membership.objects.filter(agency=actor.agency, role=Role.SUPERVISOR, is_active=True)
    recipients = {m.user_id for m in supervisors}
    recipients |= set(
        CaseParticipant.objects.filter(
            case=case, is_active=True, agency__memberships__role=Role.SUPERVISOR
        ).values_list("agency__memberships__user_id", flat=True)
    )
    recipients.discard(actor.user.pk)
    message = _("%(officer)s used emergency access to case %(number)s.") % {
        "officer": actor.user.get_username(),
        "number": case.number,
    }
    Notification.objects.bulk_create(
        [Notification(recipient_id=uid, kind="break_glass", message=message, case=case) for uid in recipients]
    )
    return grant
