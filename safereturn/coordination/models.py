"""Meetings and inter-agency delegations (họp, đoàn liên ngành) and their action items.

A meeting belongs to a province and to the agencies taking part; its minutes and decisions are free
text that officers are told not to fill with identity, and are encrypted all the same (a name slips
in). An action item has an owner agency (and may name an officer), a due date and a status; open
items appear in the owner's work queue and are reminded before and after the due date.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField
from safereturn.rules.models import RuleBase, dates_ordered

from . import vocab


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=vocab.MeetingKind.choices)
    held_on = models.DateField(_("date"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    minutes = EncryptedTextField(_("minutes"), blank=True, default="")
    decisions = EncryptedTextField(_("decisions"), blank=True, default="")
    organiser = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("organising agency")
    )
    agencies = models.ManyToManyField(
        "directory.Agency", related_name="meetings", verbose_name=_("agencies taking part")
    )
    # Cases the meeting discussed: each link shows only to those the case policy lets open the case.
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="meetings", verbose_name=_("cases"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["province", "held_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = EncryptedTextField(_("what is to be done"))
    owner_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner agency")
    )
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("officer in charge"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=vocab.ItemStatus.choices, default="open")
    done_on = models.DateField(_("done on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    # Set by the reminder sweep with a conditional update: each reminder is sent once.
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                name="action_item_done_has_date", condition=~Q(status="done") | Q(done_on__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["owner_agency", "status", "due_date"])]

    def __str__(self):
        return f"{self.owner_agency} · {self.due_date:%d/%m/%Y}"


class ActionReminderRule(RuleBase):
    """How many days before an action item's due date its owner is reminded (once; the overdue reminder
    goes once, the day after the due date). An operational choice, to confirm."""

    lead_days = models.PositiveSmallIntegerField(_("remind this many days before"))

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("action item reminder rule")
        verbose_name_plural = _("action item reminder rules")
        constraints = [
            dates_ordered("action_reminder_rule_dates_ordered"),
            models.UniqueConstraint(fields=["effective_from"], name="action_reminder_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.lead_days} ({self.effective_from:%d/%m/%Y})"
