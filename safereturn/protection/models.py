"""Risk assessments, protection measures and danger alerts, and the rule tables they are chosen from.

Free text about the person (narratives, the name of a protected relative or helper, the alert's text,
what was done) is encrypted at rest; codes, dates and agencies are in clear.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField
from safereturn.rules.models import RuleBase, dates_ordered

from . import vocab

# ---- rule tables (law as data) ---------------------------------------------------------------------


class ProtectionMeasureType(RuleBase):
    """A protection measure the law provides (Decree 62/2012/NĐ-CP Art. 7 for cases received before
    1 July 2025; Decree 162/2025/NĐ-CP after), and whom it may protect."""

    code = models.SlugField(_("code"), max_length=50)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    protects = models.CharField(
        _("may protect"),
        max_length=120,
        help_text=_("Codes separated by commas: victim, relative, accompanying_child, helper."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    key_fields = ("code",)

    class Meta:
        ordering = ["sort_order", "code", "effective_from"]
        verbose_name = _("protection measure type")
        verbose_name_plural = _("protection measure types")
        constraints = [
            dates_ordered("protection_measure_type_dates_ordered"),
            models.UniqueConstraint(fields=["code", "effective_from"], name="protection_measure_type_unique_start"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def protects_list(self):
        return [code.strip() for code in self.protects.split(",") if code.strip()]


class ProtectionTiming(RuleBase):
    """How quickly a danger alert must be acknowledged, when an unacknowledged one escalates, and the
    default review interval of a protection measure and of a risk assessment."""

    acknowledge_minutes = models.PositiveIntegerField(_("acknowledge within (minutes)"))
    escalate_after_minutes = models.PositiveIntegerField(_("escalate when unacknowledged after (minutes)"))
    measure_review_days = models.PositiveSmallIntegerField(_("review a measure every (days)"))
    risk_review_days = models.PositiveSmallIntegerField(_("review a risk assessment after (days)"))

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("protection timing rule")
        verbose_name_plural = _("protection timing rules")
        constraints = [
            dates_ordered("protection_timing_dates_ordered"),
            models.UniqueConstraint(fields=["effective_from"], name="protection_timing_unique_start"),
        ]

    def __str__(self):
        return f"{self.acknowledge_minutes}/{self.escalate_after_minutes} min ({self.effective_from:%d/%m/%Y})"


# ---- case records ----------------------------------------------------------------------------------


class RiskAssessment(models.Model):
    """Đánh giá rủi ro: the threats found (codes), a level and a narrative; reviewed on its review date
    (a later assessment of the case closes it)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField(_("date of the assessment"))
    level = models.CharField(_("risk level"), max_length=10, choices=vocab.RiskLevel.choices)
    codes = models.CharField(_("threats found"), max_length=400, blank=True)
    narrative = EncryptedTextField(_("assessment"), blank=True, default="")
    review_date = models.DateField(_("review date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    assessor_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        indexes = [
            models.Index(
                fields=["assessor_agency", "review_date"], condition=Q(closed_at__isnull=True), name="risk_open_review"
            )
        ]
        constraints = [
            models.CheckConstraint(name="risk_review_after_assessment", condition=Q(review_date__gte=F("assessed_on")))
        ]

    def __str__(self):
        return f"risk assessment #{self.pk}"

    @property
    def code_list(self):
        return [code for code in self.codes.split(",") if code]

    def code_labels(self):
        return [vocab.RiskCode(code).label for code in self.code_list if code in vocab.RiskCode.values]


class ProtectionMeasure(models.Model):
    """Biện pháp bảo vệ: for the victim, a relative, an accompanying child or a helper, from the vocabulary
    in force on the case's date, with who requested and who decided it, its dates and its status. The
    protected person is described without identity in clear (e.g. "mother"); a name is encrypted."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="protection_measures")
    measure_type = models.ForeignKey(
        ProtectionMeasureType, on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    protects = models.CharField(_("protects"), max_length=20, choices=vocab.ProtectedParty.choices)
    protected_description = models.CharField(
        _("protected person (no name)"), max_length=200, blank=True, help_text=_("e.g. mother, younger brother")
    )
    protected_name = EncryptedTextField(_("name of the protected person"), blank=True, default="")
    details = EncryptedTextField(_("details"), blank=True, default="")
    requested_by_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    deciding_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by (agency)")
    )
    deciding_official = models.CharField(_("deciding official (name and title)"), max_length=200)
    decided_on = models.DateField(_("date of the decision"))
    start_date = models.DateField(_("start"))
    review_date = models.DateField(_("review"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=vocab.MeasureStatus.choices, default=vocab.MeasureStatus.ACTIVE
    )
    refused_on = models.DateField(_("date of the refusal"), null=True, blank=True)
    refusal_reason = EncryptedTextField(_("reason given"), blank=True, default="")
    commitment = models.ForeignKey(
        "cases.CaseDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed commitment"),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        indexes = [models.Index(fields=["recorded_by_agency", "status", "review_date"], name="measure_review_queue")]
        constraints = [
            models.CheckConstraint(name="measure_review_after_start", condition=Q(review_date__gte=F("start_date"))),
            models.CheckConstraint(
                name="measure_end_after_start", condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date"))
            ),
            models.CheckConstraint(
                name="measure_refusal_has_commitment",
                condition=~Q(status="refused") | Q(commitment__isnull=False, refused_on__isnull=False),
            ),
        ]

    def __str__(self):
        return f"protection measure #{self.pk}"

    @property
    def is_open(self):
        return self.status in (vocab.MeasureStatus.PROPOSED, vocab.MeasureStatus.ACTIVE)


class MeasureReview(models.Model):
    """One review of a protection measure: who reviewed it, when, what was decided (continue, change, end),
    the next review, and a note (encrypted: it may describe the person or their whereabouts)."""

    measure = models.ForeignKey(ProtectionMeasure, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("date of the review"))
    outcome = models.CharField(_("outcome of the review"), max_length=10, choices=vocab.ReviewOutcome.choices)
    note = EncryptedTextField(_("note of the review"))
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_by_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("review of a protection measure")
        verbose_name_plural = _("reviews of protection measures")
        constraints = [
            models.CheckConstraint(
                name="measure_review_next_after_review",
                condition=Q(next_review_date__isnull=True) | Q(next_review_date__gt=F("reviewed_on")),
            ),
            models.CheckConstraint(
                name="measure_review_ended_has_no_next",
                condition=~Q(outcome="end") | Q(next_review_date__isnull=True),
            ),
        ]

    def __str__(self):
        return f"review #{self.pk} of protection measure #{self.measure_id}"


class DangerAlert(models.Model):
    """Cảnh báo nguy hiểm: raised by any participant of the case; reaches the police and border guard of
    the case's province at once, stays open until acknowledged, escalates once."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="danger_alerts")
    description = EncryptedTextField(_("what happened"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    notified_agencies = models.ManyToManyField("directory.Agency", blank=True, related_name="+")
    timing = models.ForeignKey(ProtectionTiming, on_delete=models.PROTECT, related_name="+")
    acknowledge_by = models.DateTimeField(_("to be acknowledged by"))
    escalate_at = models.DateTimeField(_("escalates at"))
    status = models.CharField(
        _("status"), max_length=12, choices=vocab.AlertStatus.choices, default=vocab.AlertStatus.OPEN
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_by_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_taken = EncryptedTextField(_("what was done"), blank=True, default="")
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_agencies = models.ManyToManyField("directory.Agency", blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("danger alert")
        verbose_name_plural = _("danger alerts")
        indexes = [
            models.Index(
                fields=["escalate_at"], condition=Q(status="open", escalated_at__isnull=True), name="alert_to_escalate"
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="alert_acknowledged_has_who_and_when",
                condition=~Q(status="acknowledged") | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
            ),
            models.CheckConstraint(name="alert_escalates_after_raised", condition=Q(escalate_at__gte=F("raised_at"))),
        ]

    def __str__(self):
        return f"danger alert #{self.pk}"

    @property
    def is_open(self):
        return self.status == vocab.AlertStatus.OPEN
