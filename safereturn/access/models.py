from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField

from .vocab import EmergencyCategory, EmergencyRoute, EmergencyStatus, RequestReason, ReviewOutcome


class BreakGlassGrant(models.Model):
    """Truy cập khẩn cấp: short, read-only access to one case outside the officer's normal scope, on a
    category and a written justification. Within the bounds of the rule in force it opens at once;
    otherwise it is a request a supervisor approves. Every access is reviewed by a supervisor afterwards.

    Access is live while ``expires_at`` is in the future (a request has none until approved)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="break_glass_grants")
    category = models.CharField(_("reason"), max_length=30, choices=EmergencyCategory.choices)
    justification = EncryptedTextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=20, choices=EmergencyStatus.choices, default=EmergencyStatus.GRANTED
    )
    request_reason = models.CharField(
        _("why approval is needed"), max_length=30, choices=RequestReason.choices, blank=True
    )
    route = models.CharField(_("how access was given"), max_length=20, choices=EmergencyRoute.choices, blank=True)
    # The agency whose supervisors were told, approve and review (the officer's, or up the agency tree).
    supervising_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    granted_at = models.DateTimeField(_("opened"), null=True, blank=True)
    expires_at = models.DateTimeField(_("access ends"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = EncryptedTextField(_("supervisor's note on the request"), blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_outcome = models.CharField(_("review"), max_length=20, choices=ReviewOutcome.choices, blank=True)
    review_note = EncryptedTextField(_("review note"), blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "expires_at"]),
            models.Index(fields=["user", "requested_at"]),
            models.Index(fields=["supervising_agency", "status"]),
        ]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self):
        return f"break-glass #{self.pk}"

    @property
    def is_live(self):
        return self.expires_at is not None and self.expires_at > timezone.now()

    @property
    def awaits_review(self):
        return self.status == EmergencyStatus.GRANTED and not self.reviewed_at
