"""Notifications to officers: a row per recipient, its message drawn from the kind and parameters when
shown, and each officer's choice of which kinds also come by e-mail.

The object a notification is about is named by ``object_type`` and ``object_id`` (as in the audit
trail), not by a foreign key: this app sits below the case apps and refers to none of their tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Thông báo: one message to one officer. No identity data: only the kind's declared parameters."""

    # (recipient, created_at) below serves the foreign key too: no separate index on recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True, help_text=_("A path inside the site."))
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Decided when the notification is made (the recipient's preference, an address to send to);
    # emailed_at stays empty until the e-mail has gone, so a failed sending is tried again.
    email_wanted = models.BooleanField(_("to be e-mailed"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The inbox, newest first.
            models.Index(fields=["recipient", "created_at"], name="notification_inbox_idx"),
            # The unread count in every page's header: the unread rows only.
            models.Index(fields=["recipient"], name="notification_unread_idx", condition=Q(read_at__isnull=True)),
            # E-mails still to send (normally none).
            models.Index(
                fields=["created_at"],
                name="notification_email_due_idx",
                condition=Q(email_wanted=True, emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether an officer wants a kind of notification by e-mail too (in the system it is always shown).
    No row: the kind's default. Mandatory kinds are e-mailed whatever the row says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=60)
    email = models.BooleanField(_("send me an e-mail"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} ({'e-mail' if self.email else 'in-app'})"


class UnreachedNotice(models.Model):
    """A notice that found nobody to tell, even up the agency tree and at the province's lead agency.
    Never silent: each is kept here for an administrator, who is told, until someone deals with it
    (gives the agency a supervisor, or a role to an officer)."""

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # The agency whose officers were asked for (an id, like the audit trail: no foreign key upwards).
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    roles = models.CharField(_("roles asked for"), max_length=200, blank=True)
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice that reached nobody")
        verbose_name_plural = _("notices that reached nobody")
        indexes = [
            models.Index(fields=["created_at"], name="unreached_open_idx", condition=Q(resolved_at__isnull=True))
        ]

    def __str__(self):
        return f"{self.kind} ({self.created_at:%d/%m/%Y %H:%M})"
