"""Shelters (cơ sở trợ giúp xã hội, nơi tạm trú): the places a facility has by group, the stays of
the people it houses, the decisions that allow an admission over capacity or lengthen a stay, and
the rule of the stay cap (law as data).

A facility is an agency of the directory (``directory.Agency``, usually of type
``social_support_facility``, offering ``accommodation`` in ``FacilityService``). Free text about a
person (where they went, why a decision was taken) is encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField
from safereturn.rules.models import RuleBase, dates_ordered

from . import vocab


class FacilityPlaces(models.Model):
    """How many places a facility has for one group (women and girls, men and boys, children).
    Edited by the facility's supervisor; versioned so that two editors never lose an update."""

    facility = models.ForeignKey(
        "directory.Agency", on_delete=models.CASCADE, related_name="shelter_places", verbose_name=_("facility")
    )
    group = models.CharField(_("group"), max_length=10, choices=vocab.PlaceGroup.choices)
    places = models.PositiveSmallIntegerField(_("places"))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["facility", "group"]
        verbose_name = _("places of a facility")
        verbose_name_plural = _("places of facilities")
        constraints = [models.UniqueConstraint(fields=["facility", "group"], name="facility_places_unique")]

    def __str__(self):
        return f"{self.facility_id} {self.group}: {self.places}"


class StayCapRule(RuleBase):
    """How long a person's essential needs (food and temporary accommodation) are supported in a
    facility, and how many days before the end the facility is warned. Chosen by the day the case was
    received: cases received before 1 July 2025 keep the old regime's food cap."""

    length = models.PositiveSmallIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=10, choices=vocab.CapUnit.choices)
    warn_days = models.PositiveSmallIntegerField(
        _("warn this many days before"), help_text=_("The facility is warned this many days before the cap.")
    )

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("stay cap rule")
        verbose_name_plural = _("stay cap rules")
        constraints = [
            dates_ordered("stay_cap_rule_dates_ordered"),
            models.UniqueConstraint(fields=["effective_from"], name="stay_cap_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.length} {self.get_unit_display()} ({self.effective_from:%d/%m/%Y})"


class OverCapacityDecision(models.Model):
    """A supervisor's recorded decision that a case's person may be admitted to a group already
    full. Used by one admission, made by another officer."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="over_capacity_decisions")
    facility = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("group"), max_length=10, choices=vocab.PlaceGroup.choices)
    reason = EncryptedTextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision to admit over capacity")
        verbose_name_plural = _("decisions to admit over capacity")
        indexes = [models.Index(fields=["facility", "group"])]

    def __str__(self):
        return f"over-capacity decision #{self.pk}"


class Stay(models.Model):
    """Lưu trú: one person's stay in one facility, from admission to discharge or transfer."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shelter_stays", db_index=False)
    facility = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("facility"), db_index=False
    )
    group = models.CharField(_("group"), max_length=10, choices=vocab.PlaceGroup.choices)
    admitted_on = models.DateField(_("admitted on"))
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The stay this one continues (a transfer): its days count towards the same cap.
    transferred_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="transferred_to"
    )
    over_capacity_decision = models.OneToOneField(
        OverCapacityDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="stay"
    )
    cap_rule = models.ForeignKey(StayCapRule, on_delete=models.PROTECT, related_name="+")
    # The last day support is allowed (the cap, or a later end set by an extension decision).
    allowed_until = models.DateField(_("allowed until"))
    discharged_on = models.DateField(_("left on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("reason for leaving"), max_length=24, choices=vocab.DischargeReason.choices, blank=True
    )
    destination = EncryptedTextField(_("destination"), blank=True, default="")
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    warned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-admitted_on", "-id"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            models.CheckConstraint(
                name="stay_discharge_not_before_admission",
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
            ),
            models.CheckConstraint(
                name="stay_discharge_has_reason",
                condition=Q(discharged_on__isnull=True) | ~Q(discharge_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["case", "-admitted_on"], name="stay_case"),
            # Occupancy: the current residents of a facility, counted by group from this small index.
            models.Index(
                fields=["facility", "group"], condition=Q(discharged_on__isnull=True), name="stay_current_by_group"
            ),
            # The warning sweep: current stays by the day their support ends.
            models.Index(fields=["allowed_until"], condition=Q(discharged_on__isnull=True), name="stay_current_end"),
        ]

    def __str__(self):
        return f"stay #{self.pk}"

    @property
    def is_current(self):
        return self.discharged_on is None


class StayExtension(models.Model):
    """Quyết định gia hạn: the facility director's decision lengthening the allowed stay."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="extensions")
    new_end = models.DateField(_("new last day"))
    previous_end = models.DateField(_("previous last day"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decided_on = models.DateField(_("decided on"))
    reason = EncryptedTextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("stay extension")
        verbose_name_plural = _("stay extensions")
        constraints = [
            models.CheckConstraint(name="stay_extension_lengthens", condition=Q(new_end__gt=F("previous_end"))),
        ]

    def __str__(self):
        return f"extension #{self.pk}"
