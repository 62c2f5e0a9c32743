"""Truy cập khẩn cấp: break-glass access to a case outside the officer's scope."""

from django.db import transaction
from django.urls import reverse

from safereturn.access import policy
from safereturn.access.models import BreakGlassGrant
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors
from safereturn.directory.models import Agency, Role
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify

from .. import vocab
from ..models import Case, CaseEvent
from ..notification_kinds import BREAK_GLASS


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
    # The supervisors of the officer's agency and of every agency taking part, each found up the agency
    # tree if the agency has none: an emergency access must reach someone.
    taking_part = Agency.objects.filter(case_participations__case=case, case_participations__is_active=True)
    recipients = set()
    for agency in [actor.agency, *taking_part]:
        recipients |= set(recipients_for(agency, (Role.SUPERVISOR,)))
    notify(
        kind=BREAK_GLASS.code,
        recipients=recipients,
        exclude=[actor.user.pk],
        params={"officer": actor.user.get_username(), "number": case.number},
        link=reverse("cases:detail", args=[case.pk]),
        object_type="case",
        object_id=case.pk,
    )
    return grant
