"""Intake drafts: the answers an officer has given so far, kept between the steps of the intake.

A draft is case data (it names a person): only its owner, in the agency where it was started, reads
it, and every read and change is audited (object type ``intake_draft``; never its content). Drafts
older than ``SAFERETURN_INTAKE_DRAFT_DAYS`` are deleted by ``drafts_expire`` (a periodic task)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.core import errors

from ..models import IntakeDraft

DRAFT = "intake_draft"
EXPIRY_ACTOR = "system:intake-draft-expiry"


def draft_of_owner(actor, draft_id):
    """The draft ``draft_id`` if ``actor`` owns it (in the agency where it was started) and it has not
    expired; else ``errors.NotFound``: another officer's draft does not exist for them. The read is
    audited."""
    draft = drafts_of(actor).filter(pk=draft_id).first() if draft_id else None
    if draft is None:
        raise errors.NotFound
    with transaction.atomic():
        record(actor, AuditAction.VIEW, object_type=DRAFT, object_id=draft.pk)
    return draft


def drafts_of(actor):
    """The actor's own drafts that have not expired, the latest first."""
    return IntakeDraft.objects.filter(
        owner_id=actor.user.pk, agency_id=actor.agency.pk, updated_at__gte=expiry_cutoff()
    ).order_by("-updated_at")


def expiry_cutoff(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=settings.SAFERETURN_INTAKE_DRAFT_DAYS)


@transaction.atomic
def draft_save(*, actor, draft=None, answers, step):
    """Keep the answers of one step: a new draft when ``draft`` is None (the first step answered), else
    the owner's draft updated. ``answers`` replace those of the same fields; ``step`` is the furthest
    step reached."""
    if not policy.can_create_case(actor):
        raise errors.Denied
    now = timezone.now()
    if draft is None:
        draft = IntakeDraft.objects.create(
            owner=actor.user, agency=actor.agency, answers=answers, step=step, created_at=now, updated_at=now
        )
        record(actor, AuditAction.CREATE, object_type=DRAFT, object_id=draft.pk, details={"step": step})
        return draft
    if draft.owner_id != actor.user.pk or draft.agency_id != actor.agency.pk:
        raise errors.NotFound
    draft.answers = {**(draft.answers or {}), **answers}
    draft.step = max(draft.step, step)
    draft.updated_at = now
    draft.save(update_fields=["answers", "step", "updated_at"])
    record(actor, AuditAction.CHANGE, object_type=DRAFT, object_id=draft.pk, details={"step": step})
    return draft


@transaction.atomic
def draft_discard(*, actor, draft, reason="discarded"):
    """Delete the owner's draft (discarded, or saved as a case: ``reason``)."""
    if draft.owner_id != actor.user.pk or draft.agency_id != actor.agency.pk:
        raise errors.NotFound
    draft_id = draft.pk
    draft.delete()
    record(actor, AuditAction.CHANGE, object_type=DRAFT, object_id=draft_id, details={"deleted": reason})


@transaction.atomic
def drafts_expire(now=None):
    """Delete the drafts not touched for ``SAFERETURN_INTAKE_DRAFT_DAYS`` days; one audit event per
    agency with how many went. Returns the number deleted."""
    old = IntakeDraft.objects.filter(updated_at__lt=expiry_cutoff(now))
    counts = {}
    for agency_id in old.values_list("agency_id", flat=True):
        counts[agency_id] = counts.get(agency_id, 0) + 1
    deleted, _per_model = old.delete()
    for agency_id, count in sorted(counts.items()):
        record(
            SystemActor(EXPIRY_ACTOR, agency_id=agency_id),
            AuditAction.CHANGE,
            object_type=DRAFT,
            details={"expired": count, "days": settings.SAFERETURN_INTAKE_DRAFT_DAYS},
        )
    return deleted
