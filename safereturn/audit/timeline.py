"""What happened, written once: the audit event and the record's own timeline event, together.

Every record with a history (a case, a tip, and those to come) keeps a timeline table built on
``TimelineEvent``; ``record`` writes the audit event and, when there is one, the timeline event in
the caller's transaction, so a change is never in one and missing from the other. Timeline data
holds ids and codes, never identity data; the audit trail holds who, where and why.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from .services import audit_record


@dataclass(frozen=True)
class SystemActor:
    """A background job acting on its own (the deadline sweep...), named in the audit trail."""

    username: str
    agency_id: int | None = None
    user = None
    agency = None
    role = ""


class TimelineEvent(models.Model):
    """A typed event on a record's timeline. Subclasses add the foreign key named by ``subject_field``
    and a registry of their kinds (``kinds``: a ``core.registry.Registry`` of code → label), which
    ``save`` checks, so a kind nobody registered never reaches the table."""

    subject_field = None
    kinds = None

    # Codes of the owning apps' vocabularies (see ``kinds``): no choices here, so an app adding a step
    # adds a kind without a migration of the table.
    kind = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+", null=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return self.kind

    def save(self, *args, **kwargs):
        if self.kinds is not None and self.kind not in self.kinds:
            raise ValueError(f"{type(self).__name__}: unregistered kind {self.kind!r}")
        super().save(*args, **kwargs)

    @property
    def kind_label(self):
        """The kind's label in the active language (its code when no app registered it)."""
        label = self.kinds.get(self.kind) if self.kinds is not None else None
        return str(label) if label is not None else self.kind

    @classmethod
    def build(cls, subject, kind, actor=None, /, **data):
        """An unsaved event on ``subject``'s timeline, by ``actor`` (an officer in an agency, a
        ``SystemActor`` or None)."""
        return cls(
            **{cls.subject_field: subject},
            kind=kind,
            actor=getattr(actor, "user", None),
            agency=getattr(actor, "agency", None),
            data=data,
        )

    @classmethod
    def add(cls, subject, kind, actor=None, /, **data):
        """Write an event on ``subject``'s timeline with no audit event of its own (one the action's
        ``record`` already covers)."""
        event = cls.build(subject, kind, actor, **data)
        event.save()
        return event


def record(actor, action, *, object_type, object_id="", purpose="", details=None, event=None):
    """Write the audit event of an action and, if given, its timeline event (an unsaved
    ``TimelineEvent``, e.g. ``CaseEvent.build(case, kind, actor, ...)``), in the caller's transaction.

    ``actor``: an officer acting in one agency and role (``access.policy.Actor``), or a ``SystemActor``.
    Never put decrypted identity data in ``details``, ``purpose`` or the event's data."""
    if event is not None:
        event.save()
    if isinstance(actor, SystemActor):
        return audit_record(
            action=action,
            actor_username=actor.username,
            agency_id=actor.agency_id,
            object_type=object_type,
            object_id=object_id,
            purpose=purpose,
            details=details,
        )
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
