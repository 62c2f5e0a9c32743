"""Verification tasks, evidence, identification decisions and the numbers of the documents issued.

Free text that may describe the person (findings, evidence, reasons) is encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField

from . import vocab


class VerificationTask(models.Model):
    """Xác minh: one check on a case, assigned to an agency, with a due date from the rule table."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="verification_tasks")
    kind = models.CharField(_("what to verify"), max_length=30, choices=vocab.TaskKind.choices)
    assignee_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    assignee_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    partner_agency = models.ForeignKey(
        "directory.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner agency"),
    )
    requested_by_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    start_date = models.DateField(_("counted from"))
    due_date = models.DateField(_("due date"))
    deadline_rule = models.ForeignKey(
        "rules.DeadlineRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=vocab.TaskStatus.choices, default=vocab.TaskStatus.OPEN
    )
    # What the task was (open or in progress) when the deadline sweep marked it overdue: moving the due date
    # into the future puts it back. Empty when not known (then it goes back to open).
    status_before_overdue = models.CharField(max_length=20, choices=vocab.TaskStatus.choices, blank=True, default="")
    findings = EncryptedTextField(_("findings"), blank=True, default="")
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["assignee_agency", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]
        verbose_name = _("verification task")
        verbose_name_plural = _("verification tasks")

    def __str__(self):
        return f"task #{self.pk}"

    @property
    def is_open(self):
        return self.status in vocab.OPEN_TASK_STATUSES


class Evidence(models.Model):
    """Chứng cứ: one item, typed by the law's nine sources; attachments are the case's encrypted documents."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(_("source"), max_length=30, choices=vocab.EvidenceSource.choices)
    obtained_on = models.DateField(_("date"))
    source_agency = models.ForeignKey(
        "directory.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source agency"),
    )
    description = EncryptedTextField(_("description"))
    documents = models.ManyToManyField(
        "cases.CaseDocument", blank=True, related_name="evidence", verbose_name=_("attachments")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-obtained_on", "-id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"evidence #{self.pk}"


class IdentificationDecision(models.Model):
    """A decision on a case (victim, not a victim, false claim) or a certificate of return, with its number."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="identification_decisions")
    kind = models.CharField(_("decision"), max_length=30, choices=vocab.DecisionKind.choices)
    deciding_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding agency")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    decided_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    reason = EncryptedTextField(_("reason"))
    onward_help = EncryptedTextField(_("onward help"), blank=True, default="")
    basis = models.ManyToManyField(Evidence, blank=True, related_name="decisions", verbose_name=_("basis"))
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField()
    symbol = models.CharField(_("symbol"), max_length=60)
    competence_rule = models.ForeignKey(
        "rules.AgencyCompetenceRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("identification decision")
        verbose_name_plural = _("identification decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["deciding_agency", "year", "kind", "number"], name="identification_decision_number_unique"
            )
        ]

    def __str__(self):
        return self.document_number

    @property
    def document_number(self):
        return f"{self.number:02d}/{self.symbol}"


class CaseClosure(models.Model):
    """Each time a case is closed: the reason from the vocabulary, the officer's reason (a case note), and
    — when support items were still open — the supervisor's decision to close anyway, with its reason
    and the open items it overrode (their labels, no identity data)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField(_("reason for closing"), max_length=20, choices=vocab.ClosureReason.choices)
    note = models.ForeignKey("cases.CaseNote", on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(default=timezone.now)
    open_items = models.JSONField(_("open items closed over"), default=list, blank=True)
    override_reason = EncryptedTextField(_("why the supervisor closes with items still open"), blank=True, default="")
    reopened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-closed_at", "-id"]
        verbose_name = _("case closure")
        verbose_name_plural = _("case closures")

    def __str__(self):
        return f"closure #{self.pk}"

    @property
    def overridden(self):
        return bool(self.open_items)
