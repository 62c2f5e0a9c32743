"""Role requests waiting for a supervisor (separation of duties, decision 0021): the supervisors are
told when an administrator asks for a case role, and find the requests in their work queue."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safereturn.directory.models import Membership, Role
from safereturn.directory.selectors import pending_role_requests_for
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify

from .notification_kinds import ROLE_REQUESTED


def notify_supervisors(sender, membership, by=None, **kwargs):
    """``directory.signals.role_requested``: the agency's supervisors (else up the tree) are told."""
    notify(
        kind=ROLE_REQUESTED,
        recipients=recipients_for(membership.agency, (Role.SUPERVISOR,)),
        params={"role": membership.role, "agency": membership.agency.name},
        link=reverse("accounts:role_requests"),
        object_type="membership",
        object_id=membership.pk,
        exclude=[u for u in (by, membership.user) if u is not None],
    )


@dataclass(frozen=True)
class RoleRequestItem:
    membership: Membership

    @property
    def due_date(self):
        return timezone.localdate(self.membership.created_at)

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            reverse("accounts:role_requests"),
            _("Role awaiting your approval"),
            self.membership.get_role_display(),
            self.membership.agency.name,
        )


def queue_items(actor, scope="officer"):
    """A supervisor's pending role requests (``core.work_queues`` provider)."""
    if actor is None or actor.role != Role.SUPERVISOR:
        return []
    return [RoleRequestItem(m) for m in pending_role_requests_for(actor.user)[:100]]
