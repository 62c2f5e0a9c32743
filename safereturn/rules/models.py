"""Law as data: versioned rules with effective dates, a legal citation and a "verified / to confirm" flag.

Each rule row is in force from ``effective_from`` to ``effective_to`` (both inclusive; an empty
``effective_to`` means still in force). The rule that applies to a case is chosen by date with
``selectors.rule_in_force`` — never by comparing years in code.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DeadlineStep(models.TextChoices):
    """Steps of verification and identification that carry a legal deadline."""

    INITIAL = "initial", _("Initial verification after notification")
    IDENTITY = "identity", _("Identity verification")
    NATIONALITY = "nationality", _("Nationality verification")
    CIRCUMSTANCES = "circumstances", _("Verification of the circumstances")
    DOCUMENTS_ABROAD = "documents_abroad", _("Verification of documents abroad")
    IDENTIFICATION = "identification", _("Identification decision")


class Counting(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("Calendar days")
    WORKING_DAYS = "working_days", _("Working days")


class CompetenceAction(models.TextChoices):
    VERIFY = "verify", _("Verify")
    IDENTIFY = "identify", _("Identify victims")
    ISSUE_VICTIM_CERTIFICATE = "issue_victim_certificate", _("Issue the victim confirmation")
    ISSUE_RETURN_CERTIFICATE = "issue_return_certificate", _("Issue the certificate of return")
    COORDINATE = "coordinate", _("Lead the province's work for victims")


def dates_ordered(name):
    """The check every rule table carries: a version ends on or after the day it starts."""
    return models.CheckConstraint(
        name=name, condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from"))
    )


class RuleBase(models.Model):
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Last day in force; leave empty while still in force.")
    )
    citation_document = models.CharField(
        _("legal document"), max_length=200, help_text=_("Number and name, e.g. Law 53/2024/QH15")
    )
    citation_document_vi = models.CharField(
        _("legal document in Vietnamese"),
        max_length=300,
        blank=True,
        help_text=_(
            "As printed on official documents, e.g. Luật Phòng, chống mua bán người số 53/2024/QH15; "
            "leave empty to print the legal document above."
        ),
    )
    citation_article = models.CharField(_("article"), max_length=30, blank=True)
    citation_clause = models.CharField(_("clause"), max_length=30, blank=True)
    verified = models.BooleanField(
        _("citation verified"), default=False, help_text=_("Leave unticked while the citation is still to confirm.")
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    # Fields that, with the dates, identify "the same rule" (two such rows must not overlap in time).
    key_fields: tuple = ()

    class Meta:
        abstract = True

    @property
    def citation(self):
        """The citation in the user's language (Vietnamese on Vietnamese screens, English on English ones)."""
        return self.citation_in(get_language() or "vi")

    def citation_in(self, language):
        """The citation in ``language``; ``citation_in("vi")`` is what official documents print."""
        vietnamese = language.startswith("vi")
        document = self.citation_document_vi if vietnamese and self.citation_document_vi else self.citation_document
        with translation.override("vi" if vietnamese else language):
            parts = [document]
            if self.citation_article:
                parts.append(_("Art. %(article)s") % {"article": self.citation_article})
            if self.citation_clause:
                parts.append(_("cl. %(clause)s") % {"clause": self.citation_clause})
            return ", ".join(str(p) for p in parts)

    def clean(self):
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The end date must not be before the start date.")})
        if not self.effective_from or any(getattr(self, f, None) in (None, "") for f in self.key_fields):
            return
        overlapping = type(self).objects.filter(**{f: getattr(self, f) for f in self.key_fields})
        overlapping = overlapping.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
        if self.effective_to:
            overlapping = overlapping.filter(effective_from__lte=self.effective_to)
        if self.pk:
            overlapping = overlapping.exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("Another version of this rule is in force during these dates. End it first, then add this one.")
            )


class DeadlineRule(RuleBase):
    """How many days a step may take, counted from when it starts (e.g. notification of the case)."""

    step = models.CharField(_("step"), max_length=30, choices=DeadlineStep.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    counting = models.CharField(_("counting"), max_length=20, choices=Counting.choices)

    key_fields = ("step",)

    class Meta:
        ordering = ["step", "effective_from"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            dates_ordered("deadline_rule_dates_ordered"),
            models.UniqueConstraint(fields=["step", "effective_from"], name="deadline_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.get_step_display()}: {self.days} ({self.effective_from:%d/%m/%Y})"


class AgencyCompetenceRule(RuleBase):
    """Which agency types may verify, identify and issue which documents."""

    agency_type_code = models.SlugField(_("agency type code"), max_length=50)
    action = models.CharField(_("action"), max_length=30, choices=CompetenceAction.choices)

    key_fields = ("agency_type_code", "action")

    class Meta:
        ordering = ["action", "agency_type_code", "effective_from"]
        verbose_name = _("agency competence rule")
        verbose_name_plural = _("agency competence rules")
        constraints = [
            dates_ordered("competence_rule_dates_ordered"),
            models.UniqueConstraint(
                fields=["agency_type_code", "action", "effective_from"], name="competence_rule_unique_start"
            ),
        ]

    def __str__(self):
        return f"{self.agency_type_code}: {self.get_action_display()} ({self.effective_from:%d/%m/%Y})"


class EmergencyAccessRule(RuleBase):
    """Truy cập khẩn cấp: the bounds of break-glass access to a case outside the officer's scope — how
    long it lasts, how many an officer may open a day without a supervisor's approval, how many words a
    justification needs, and within how many days a supervisor must review each use."""

    access_minutes = models.PositiveSmallIntegerField(_("access lasts (minutes)"))
    daily_limit = models.PositiveSmallIntegerField(
        _("uses a day without approval"), help_text=_("Beyond this, each access is a request a supervisor approves.")
    )
    minimum_words = models.PositiveSmallIntegerField(_("words in a justification, at least"))
    review_days = models.PositiveSmallIntegerField(_("days for the supervisor's review"))

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("emergency access rule")
        verbose_name_plural = _("emergency access rules")
        constraints = [
            dates_ordered("emergency_access_rule_dates_ordered"),
            models.UniqueConstraint(fields=["effective_from"], name="emergency_access_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.access_minutes} min, {self.daily_limit}/day ({self.effective_from:%d/%m/%Y})"


class MatchRequestRule(RuleBase):
    """Phối hợp xác minh: how long an agency holding a possible earlier record of a person has to
    answer another agency's request to confirm the match, and when an unanswered request goes to that
    agency's supervisors. The officers who answer are reminded once when the answer is overdue; if it
    is still unanswered ``escalate_after_days`` days after the due date, its supervisors are told."""

    answer_days = models.PositiveSmallIntegerField(_("days to answer"))
    counting = models.CharField(_("counting"), max_length=20, choices=Counting.choices)
    escalate_after_days = models.PositiveSmallIntegerField(
        _("days after the due date before the supervisors are told"),
        help_text=_("Counted as the days to answer are. The officers are reminded once the day after the due date."),
    )

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("match request rule")
        verbose_name_plural = _("match request rules")
        constraints = [
            dates_ordered("match_request_rule_dates_ordered"),
            models.UniqueConstraint(fields=["effective_from"], name="match_request_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.answer_days} {self.get_counting_display()} ({self.effective_from:%d/%m/%Y})"


class SharingBasis(models.TextChoices):
    LEGAL_DUTY = "legal_duty", _("Legal duty: shared without consent")
    CONSENT = "consent", _("Relies on the person's consent")


class SharingRule(RuleBase):
    """Whether sharing a case with an agency of a type is the law's duty (verification by the health
    department and the police, for instance) or relies on the person's consent. A type with no row in
    force relies on consent: the table lists duties, and consent is what is left."""

    agency_type_code = models.SlugField(_("agency type code"), max_length=50)
    basis = models.CharField(_("basis"), max_length=20, choices=SharingBasis.choices)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    key_fields = ("agency_type_code",)

    class Meta:
        ordering = ["agency_type_code", "effective_from"]
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")
        constraints = [
            dates_ordered("sharing_rule_dates_ordered"),
            models.UniqueConstraint(fields=["agency_type_code", "effective_from"], name="sharing_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.agency_type_code}: {self.get_basis_display()} ({self.effective_from:%d/%m/%Y})"


class SharingException(RuleBase):
    """A legal ground for sharing a case without the person's consent, which an officer picks and records."""

    code = models.SlugField(_("code"), max_length=50)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    key_fields = ("code",)

    class Meta:
        ordering = ["code", "effective_from"]
        verbose_name = _("legal exception to consent")
        verbose_name_plural = _("legal exceptions to consent")
        constraints = [
            dates_ordered("sharing_exception_dates_ordered"),
            models.UniqueConstraint(fields=["code", "effective_from"], name="sharing_exception_unique_start"),
        ]

    def __str__(self):
        return f"{self.name} — {self.citation}"

    @property
    def name(self):
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class PublicHoliday(models.Model):
    """A day that does not count as a working day (Tết, national holidays, substituted days off)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    citation_document = models.CharField(_("legal document"), max_length=200, blank=True)
    verified = models.BooleanField(
        _("citation verified"), default=False, help_text=_("Leave unticked while the citation is still to confirm.")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class RuleChange(models.Model):
    """The history of a rule: who changed what, with the values before and after."""

    rule_type = models.CharField(_("rule type"), max_length=50)
    rule_id = models.BigIntegerField(_("rule id"))
    change = models.CharField(_("change"), max_length=10)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_username = models.CharField(_("by"), max_length=150, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["rule_type", "rule_id"])]
        verbose_name = _("rule change")
        verbose_name_plural = _("rule changes")

    def __str__(self):
        return f"{self.rule_type} #{self.rule_id} {self.change}"
