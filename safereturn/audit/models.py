"""Append-only, tamper-evident audit trail (nhật ký truy cập).

Requests only insert rows. A sealer (a periodic job, and ``verify_audit``) later links the
new rows into a SHA-256 hash chain in batches, so no request waits on a shared chain head.
PostgreSQL triggers refuse DELETE, TRUNCATE and any UPDATE other than sealing an unsealed row, and
each sealed batch's head is also signed into a checkpoint log outside the database (``checkpoints``,
decision 20), so that even a writer who steps around the triggers is caught by ``verify_audit``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.core.fields import EncryptedTextField


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    LOCKOUT = "lockout", _("Locked out")
    OTP_VERIFIED = "otp_verified", _("Second factor verified")
    OTP_FAILED = "otp_failed", _("Second factor failed")
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("Recovery codes issued")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    MEMBERSHIP_CHANGED = "membership_changed", _("Role or agency changed")
    ADMIN_CHANGE = "admin_change", _("Reference data changed")
    VIEW = "view", _("Viewed")
    REVEAL = "reveal", _("Revealed identity")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    STATUS_CHANGE = "status_change", _("Status changed")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")
    BREAK_GLASS = "break_glass", _("Break-glass access")
    DENIED = "denied", _("Refused access")


class AuditEvent(models.Model):
    # Plain columns rather than foreign keys: deleting or renaming a user or agency must never
    # rewrite history, and the row must stay readable after the referenced row is gone.
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=30, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Reveal reasons and break-glass justifications: officers write names and ID numbers into them, so
    # they are encrypted like identity data and shown to an auditor only through a recorded reveal.
    # The chain seals the clear text, so re-encrypting under a new key leaves the hashes whole.
    purpose = EncryptedTextField(_("purpose"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # Filled by the sealer, never by the writer.
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["object_type", "object_id", "occurred_at"]),
            models.Index(fields=["action", "occurred_at"]),
            models.Index(fields=["id"], name="audit_unsealed_idx", condition=models.Q(chain_seq__isnull=True)),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.actor_username}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_sealing", False):
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """The last sealed link: lets ``verify_audit`` notice rows removed from the end of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"chain sealed to {self.last_seq}"
