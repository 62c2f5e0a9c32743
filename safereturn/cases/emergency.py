"""Reads for emergency access (truy cập khẩn cấp): a request or access as a page shows it, who may
open it, and the supervisor's work-queue items."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.models import BreakGlassGrant
from safereturn.access.vocab import EmergencyStatus
from safereturn.core import errors
from safereturn.directory.models import Role


def grant_for_actor(actor, grant_id):
    """One emergency access, for the officer who asked, the supervisors who decide and review it, or
    an auditor who oversees it; ``errors.NotFound`` for anyone else."""
    grant = (
        BreakGlassGrant.objects.select_related(
            "case", "agency", "user", "supervising_agency", "decided_by", "reviewed_by"
        )
        .filter(pk=grant_id)
        .first()
    )
    if grant is None or actor is None:
        raise errors.NotFound
    if grant.user_id == actor.user.pk:
        return grant
    if actor.role == Role.SUPERVISOR and grant.supervising_agency_id == actor.agency.pk:
        return grant
    if policy.emergency_accesses_for_auditor(actor).filter(pk=grant.pk).exists():
        return grant
    raise errors.NotFound


def shows_justification(actor, grant):
    """The justification is free text that may name people: the officer who wrote it and the
    supervisors who decide on it read it; others see that it exists."""
    return grant.user_id == actor.user.pk or (
        actor.role == Role.SUPERVISOR and grant.supervising_agency_id == actor.agency.pk
    )


def own_and_to_handle(actor):
    """The officer's own requests and accesses (latest first), and, for a supervisor, those waiting
    for their decision or review."""
    related = ("case", "agency", "user")
    own = BreakGlassGrant.objects.filter(user_id=actor.user.pk).select_related(*related).order_by("-requested_at")
    to_handle = policy.emergency_accesses_to_handle(actor).select_related(*related).order_by("requested_at")
    return list(own[:50]), list(to_handle[:200])


def end_time(grant):
    return timezone.localtime(grant.expires_at).strftime("%H:%M %d/%m/%Y") if grant.expires_at else ""


def state_label(grant):
    if grant.status == EmergencyStatus.REQUESTED:
        return _("Waiting for a supervisor's approval")
    if grant.status == EmergencyStatus.REFUSED:
        return _("Refused")
    if grant.is_live:
        return _("Open until %(time)s") % {"time": end_time(grant)}
    return _("Ended")


@dataclass(frozen=True)
class EmergencyQueueItem:
    grant: BreakGlassGrant

    @property
    def due_date(self):
        if self.grant.status == EmergencyStatus.REQUESTED:
            return timezone.localdate(self.grant.requested_at)
        return self.grant.review_due or timezone.localdate()

    def __str__(self):
        return self.__html__()

    def __html__(self):
        what = (
            _("Emergency access to decide")
            if self.grant.status == EmergencyStatus.REQUESTED
            else _("Emergency access to review")
        )
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            reverse("cases:emergency_access_detail", args=[self.grant.pk]),
            self.grant.case.number,
            what,
            self.due_date.strftime("%d/%m/%Y"),
        )


def queue_items(actor, scope="officer"):
    """A supervisor's requests to decide and accesses to review (``core.work_queues`` provider)."""
    return [EmergencyQueueItem(g) for g in policy.emergency_accesses_to_handle(actor).select_related("case")[:200]]
