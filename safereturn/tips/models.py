"""Tips (tin báo, tố giác) and the commune register of at-risk and missing persons
(sổ theo dõi người có nguy cơ bị mua bán / người đi khỏi địa phương không rõ tung tích).

Anything that may identify someone is an ``EncryptedTextField``; name search goes through
blind-index keys kept beside the record, as for persons in cases.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.audit.timeline import TimelineEvent
from safereturn.cases.vocab import Sex
from safereturn.core.fields import EncryptedTextField
from safereturn.core.registry import Registry
from safereturn.directory.models import Agency
from safereturn.geo.models import Commune, Province

from . import vocab

# The tip timeline's kinds: the tips app's own (registered in TipsConfig.ready).
tip_event_kinds = Registry("tip event kind")


class Tip(models.Model):
    """Tin báo: a report that someone may have been, or may be about to be, trafficked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("tip number"), max_length=32, unique=True)
    received_at = models.DateTimeField(_("received at"))
    source = models.CharField(_("source"), max_length=24, choices=vocab.Source.choices)
    suspected_pathway = models.CharField(
        _("suspected pathway"), max_length=24, choices=vocab.Pathway.choices, default=vocab.Pathway.UNKNOWN
    )
    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving agency")
    )
    # The locality concerned, for jurisdiction: supervisors of that province or commune oversee the tip.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    summary = EncryptedTextField(_("what was reported"))
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True, default="")
    reporter_contact = EncryptedTextField(_("reporter's contact"), blank=True, default="")
    subject_name = EncryptedTextField(_("name of the person concerned"), blank=True, default="")
    priority = models.CharField(
        _("priority"), max_length=10, choices=vocab.Priority.choices, default=vocab.Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=12, choices=vocab.TipStatus.choices, default=vocab.TipStatus.NEW)
    forwarded_to = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips_forwarded_to",
        verbose_name=_("forwarded to"),
    )
    linked_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("linked case"),
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=vocab.CloseReason.choices, blank=True
    )
    close_note = EncryptedTextField(_("closing note"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        indexes = [
            models.Index(fields=["receiving_agency", "-received_at"]),
            models.Index(fields=["forwarded_to", "-received_at"]),
            models.Index(fields=["province", "-received_at"]),
            models.Index(fields=["commune", "-received_at"]),
            models.Index(fields=["status", "-received_at"]),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self):
        return self.status in vocab.OPEN_TIP_STATUSES


class TipNameKey(models.Model):
    """Blind-index keys of the name of the person a tip is about, for accent-insensitive search."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "tip"], name="tip_name_key_unique")]

    def __str__(self):
        return self.key


class TipEvent(TimelineEvent):
    """The tip's timeline: typed events (``vocab.TipEventKind``), never identity data in clear."""

    subject_field = "tip"
    kinds = tip_event_kinds

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["tip", "-occurred_at"])]


class RegisterEntry(models.Model):
    """One line of a commune's register (sổ theo dõi): a person missing from the locality or at risk."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    # Always the commune's province; kept so provincial scoping and reports need no join.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    category = models.CharField(_("category"), max_length=20, choices=vocab.RegisterCategory.choices)
    full_name = EncryptedTextField(_("full name"))
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    since = models.DateField(_("since"))
    circumstances = EncryptedTextField(_("circumstances"), blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=vocab.RegisterStatus.choices, default=vocab.RegisterStatus.OPEN
    )
    linked_tip = models.ForeignKey(
        Tip, on_delete=models.PROTECT, null=True, blank=True, related_name="register_entries", verbose_name=_("tip")
    )
    linked_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_entries",
        verbose_name=_("linked case"),
    )
    version = models.PositiveIntegerField(default=1)
    recording_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("recording agency")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        indexes = [
            models.Index(fields=["commune", "status", "-since"]),
            models.Index(fields=["province", "status", "-since"]),
        ]

    def __str__(self):
        return f"register entry {self.pk}"


class RegisterEntryNameKey(models.Model):
    """Blind-index keys of a register entry's name."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "entry"], name="register_name_key_unique")]

    def __str__(self):
        return self.key
