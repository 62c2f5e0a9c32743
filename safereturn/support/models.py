"""Chế độ hỗ trợ: the rule tables the entitlement engine reads (regimes, items, rates) and the ledger of
services and payments with the supervisors' decisions that extend a cap or allow a payment above it.

Rule tables (law as data, ``rules.models.RuleBase``): for ``SupportRegime`` and ``EntitlementItem`` the
dates say which cases the row governs, by the date the case was received (a case received before
1 July 2025 keeps the old rules); for ``SupportRate`` they say on which days of service the amount applies.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField
from safereturn.rules.models import RuleBase, dates_ordered

from . import vocab

# A sanity bound, not a legal figure: no single support record of the programme comes near it.
MAX_AMOUNT_VND = 500_000_000
MAX_QUANTITY = 1000


class _Named(models.Model):
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self):
        return self.name_vi if (get_language() or "vi").startswith("vi") else self.name_en


class SupportRegime(_Named, RuleBase):
    """Một chế độ hỗ trợ (essential needs, medical care, legal aid...) and the statuses it applies to."""

    code = models.SlugField(_("code"), max_length=40)
    side = models.CharField(_("rules"), max_length=10, choices=vocab.Side.choices)
    statuses = models.CharField(
        _("applies to"),
        max_length=200,
        help_text=_(
            "Statuses, separated by commas: victim, accompanying_child, identified_abroad, "
            "identified_in_vn, foreign_victim."
        ),
    )

    key_fields = ("code", "side")

    class Meta:
        ordering = ["side", "code", "effective_from"]
        verbose_name = _("support regime")
        verbose_name_plural = _("support regimes")
        constraints = [
            dates_ordered("support_regime_dates_ordered"),
            models.UniqueConstraint(fields=["code", "side", "effective_from"], name="support_regime_unique_start"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_side_display()})"

    @property
    def status_list(self):
        return tuple(s.strip() for s in self.statuses.split(",") if s.strip())


class EntitlementItem(_Named, RuleBase):
    """One thing a regime gives (food per day, clothing once, tuition for a school year...), its unit and caps."""

    code = models.SlugField(_("code"), max_length=40)
    regime_code = models.SlugField(_("regime code"), max_length=40)
    side = models.CharField(_("rules"), max_length=10, choices=vocab.Side.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=vocab.Unit.choices)
    setting = models.CharField(_("where"), max_length=20, choices=vocab.Setting.choices, default=vocab.Setting.ANY)
    duration_cap = models.PositiveSmallIntegerField(
        _("at most (units)"), null=True, blank=True, help_text=_("Days, months or school years; empty: no cap.")
    )
    cap_unit = models.CharField(
        _("cap counted in"),
        max_length=20,
        choices=vocab.Unit.choices,
        blank=True,
        help_text=_("Days, months or school years from the date the case was received; empty: no cap."),
    )
    cap_extendable = models.BooleanField(_("extendable by a decision"), default=False)
    warn_before = models.PositiveSmallIntegerField(
        _("warn before the cap (units)"),
        null=True,
        blank=True,
        help_text=_("Show a warning when this many days, months or school years or fewer remain; empty: no warning."),
    )
    one_off_limit = models.PositiveSmallIntegerField(
        _("times at most"), null=True, blank=True, help_text=_("For one-off items: how many times; empty: no limit.")
    )
    children_only = models.BooleanField(_("children only"), default=False)
    cash = models.BooleanField(_("cash support (needs approval)"), default=False)
    counted_with_stays = models.BooleanField(
        _("counted with the shelter stay cap"),
        default=False,
        help_text=_(
            "The days of this item and of the person's shelter stays are one count: the stay cap rule gives the "
            "length, and the stays' extension decisions and this item's extend it."
        ),
    )

    key_fields = ("code", "side")

    class Meta:
        ordering = ["side", "regime_code", "code", "effective_from"]
        verbose_name = _("entitlement item")
        verbose_name_plural = _("entitlement items")
        constraints = [
            dates_ordered("entitlement_item_dates_ordered"),
            models.UniqueConstraint(fields=["code", "side", "effective_from"], name="entitlement_item_unique_start"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_side_display()})"


class SupportRate(RuleBase):
    """An amount per unit: the national default (no province) or a provincial council resolution."""

    item_code = models.SlugField(_("item code"), max_length=40)
    side = models.CharField(_("rules"), max_length=10, choices=vocab.Side.choices)
    province = models.ForeignKey(
        "geo.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty for the national default."),
    )
    amount = models.PositiveBigIntegerField(
        _("amount per unit (VND)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_AMOUNT_VND)]
    )
    minimum = models.BooleanField(
        _("at least"), default=False, help_text=_("The law sets a floor ('at least'), not a fixed amount.")
    )

    key_fields = ("item_code", "side", "province")

    class Meta:
        ordering = ["side", "item_code", "province", "effective_from"]
        verbose_name = _("support rate")
        verbose_name_plural = _("support rates")
        constraints = [
            dates_ordered("support_rate_dates_ordered"),
            models.CheckConstraint(name="support_rate_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self):
        return f"{self.item_code}: {self.amount:,} VND"


class SupportDecision(models.Model):
    """A supervisor's recorded decision: extending an item's cap, or allowing one payment above the entitlement
    or after its cap. The reason may describe the person: encrypted."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=vocab.DecisionKind.choices)
    item_code = models.SlugField(_("item"), max_length=40)
    extra_units = models.PositiveSmallIntegerField(
        _("extra units"), default=0, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    # As on the signed decision (Decree 30/2020): "Số: 15/QĐ-TTCTXH", the date it was signed, who signed it.
    number = models.CharField(_("number and symbol"), max_length=50, blank=True)
    decided_on = models.DateField(_("date signed"))
    signer_name = models.CharField(_("signed by (full name)"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    reason = EncryptedTextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("support decision")
        verbose_name_plural = _("support decisions")
        indexes = [models.Index(fields=["case", "item_code"])]

    def __str__(self):
        return f"support decision #{self.pk}"

    @property
    def reference(self):
        """ "15/QĐ-TTCTXH, 05/12/2026, Giám đốc Nguyễn Văn A" (an older decision may lack the number)."""
        parts = [self.number or f"#{self.pk}", self.decided_on.strftime("%d/%m/%Y")]
        signer = " ".join(p for p in (self.signer_title, self.signer_name) if p)
        return ", ".join([*parts, signer] if signer else parts)


class SupportRecord(models.Model):
    """One service or payment for a case (sổ theo dõi hỗ trợ): what, who provided it, when, how much."""

    # A table of millions of rows: no index the reads do not use (the case's and the recording agency's
    # reads go through the two composite indexes of Meta, the codes are never looked up alone).
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_records", db_index=False)
    item = models.ForeignKey(EntitlementItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    item_code = models.SlugField(max_length=40, editable=False, db_index=False)
    regime_code = models.SlugField(max_length=40, editable=False, db_index=False)
    beneficiary = models.CharField(
        _("for"), max_length=20, choices=vocab.Beneficiary.choices, default=vocab.Beneficiary.PERSON
    )
    provider_kind = models.CharField(_("provider"), max_length=30, choices=vocab.ProviderKind.choices)
    provider_agency = models.ForeignKey(
        "directory.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider agency"),
    )
    provider_name = models.CharField(_("provider's name"), max_length=200, blank=True)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    unit_rate = models.PositiveBigIntegerField(_("unit rate (VND)"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    amount_in_words = models.CharField(_("amount in words"), max_length=400, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=vocab.FundingSource.choices, blank=True
    )
    outcome = EncryptedTextField(_("outcome"), blank=True, default="")
    receipt = models.ForeignKey(
        "cases.CaseDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt or signature"),
    )
    decision = models.ForeignKey(
        SupportDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("decision allowing it"),
    )
    status = models.CharField(_("status"), max_length=20, choices=vocab.RecordStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recording_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+", db_index=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        indexes = [
            models.Index(fields=["case", "item_code", "status"]),
            models.Index(fields=["recording_agency", "date_from"], name="support_record_agency_month"),
        ]
        constraints = [
            models.CheckConstraint(
                name="support_record_dates_ordered", condition=Q(date_to__gte=models.F("date_from"))
            ),
            models.CheckConstraint(
                name="support_record_amount_bounded",
                condition=Q(amount__isnull=True) | (Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT_VND)),
            ),
        ]

    def __str__(self):
        return f"support record #{self.pk}"

    @property
    def counts(self):
        return self.status in vocab.COUNTING_STATUSES


class SpendingMonth(models.Model):
    """An agency's counting support records (recorded, or approved cash) summed by regime and month: kept by
    the services that make a record count, in the same transaction, so the spending view reads a few dozen
    rows instead of a year of records (decision 0040). ``spending.rebuild`` makes it again from the records."""

    agency = models.ForeignKey("directory.Agency", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    regime_code = models.SlugField(max_length=40)
    total = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    records = models.PositiveIntegerField(_("records"), default=0)

    class Meta:
        ordering = ["agency", "month", "regime_code"]
        verbose_name = _("support spending of a month")
        verbose_name_plural = _("support spending by month")
        constraints = [
            models.UniqueConstraint(fields=["agency", "month", "regime_code"], name="spending_month_unique"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.month:%m/%Y} {self.regime_code}: {self.total:,} VND"
