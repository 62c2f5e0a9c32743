"""Referrals (chuyển tuyến): a case's person referred to a service or another agency, and the rule of
how long the recipient has to answer (law as data).

A sent or accepted referral is also how its recipient agency reaches the case: the access policy
(``access.policy.referrals``) reads it as a participation limited to the sections the sender chose,
and it ends the moment the referral is declined, completed or revoked. Nothing else opens the case to
the recipient; ``cases.CaseParticipant`` is not written, so no page or endpoint of the case opens to it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.cases.vocab import ShareBasis, decode_codes
from safereturn.core.fields import EncryptedTextField
from safereturn.rules.models import Counting, RuleBase, dates_ordered

from . import vocab


class ReferralResponseRule(RuleBase):
    """How long a recipient agency has to accept or decline a referral, when its officers are reminded
    before the due date, and when its supervisors (and the sender) are told that no answer came."""

    answer_days = models.PositiveSmallIntegerField(_("days to answer"))
    counting = models.CharField(_("counting"), max_length=20, choices=Counting.choices)
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before the due date"))
    escalate_days_after = models.PositiveSmallIntegerField(_("days after the due date before the supervisors are told"))

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("referral answer rule")
        verbose_name_plural = _("referral answer rules")
        constraints = [
            dates_ordered("referral_rule_dates_ordered"),
            models.UniqueConstraint(fields=["effective_from"], name="referral_rule_unique_start"),
        ]

    def __str__(self):
        return f"{self.answer_days} {self.get_counting_display()} ({self.effective_from:%d/%m/%Y})"


class Referral(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("referred to"), max_length=24, choices=vocab.ReferralKind.choices)
    # Both indexed by Meta's indexes, which lead with them.
    sending_agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+", db_index=False)
    recipient_agency = models.ForeignKey(
        "directory.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("recipient agency"),
    )
    # What the recipient reads while the referral is active: ``Section`` codes as '|a|b|'.
    sections = models.CharField(_("sections shared"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=vocab.ReferralStatus.choices, default=vocab.ReferralStatus.DRAFT
    )
    # The person's wishes, and whether this referral follows them (else why, as a code: no free text).
    wish = models.CharField(_("the person's wish"), max_length=12, choices=vocab.Wish.choices)
    wish_followed = models.BooleanField(_("the referral follows the wish"), default=True)
    wish_not_followed = models.CharField(
        _("why the wish is not followed"), max_length=24, choices=vocab.WishNotFollowed.choices, blank=True
    )
    # The legal basis of the sharing, found when it is sent (``cases.sharing``): consent or exception.
    basis = models.CharField(_("basis for sharing"), max_length=12, choices=ShareBasis.choices, blank=True)
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    sharing_exception = models.ForeignKey(
        "rules.SharingException",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("legal exception"),
    )
    rule = models.ForeignKey(ReferralResponseRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=vocab.DeclineReason.choices, blank=True
    )
    # The recipient's own words on a decline (may name the person: encrypted, shown under the reveal rule).
    decline_note = EncryptedTextField(_("note on the decline"), blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            # The recipient's inbox and the policy's probe: an agency's active referrals, by case.
            models.Index(fields=["recipient_agency", "status", "case"], name="referral_recipient_status"),
            models.Index(fields=["sending_agency", "status"], name="referral_sender_status"),
            models.Index(fields=["status", "due_date"], name="referral_status_due"),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.recipient_agency_id} ({self.status})"

    @property
    def section_codes(self):
        return decode_codes(self.sections)

    @property
    def is_active(self):
        return self.status in vocab.ACTIVE_STATUSES
