import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from safereturn.core.fields import EncryptedTextField


def hash_token(raw):
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def password_stamp(user):
    """A fingerprint of the user's stored password hash: a token made under one password stops working
    when the password changes, whichever way it changed (reset, command, admin)."""
    return hashlib.sha256(f"api-token:{user.password}".encode()).hexdigest()[:16]


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once.

    It works until it expires (``SAFERETURN_API_TOKEN_DAYS`` after it was made), is revoked (by its
    officer on their tokens page, or when they lose a role), or its officer's password changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    password_stamp = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, expires_at=None):
        raw = "sr_" + secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            key_hash=hash_token(raw),
            prefix=raw[:8],
            created_at=now,
            expires_at=expires_at or now + datetime.timedelta(days=settings.SAFERETURN_API_TOKEN_DAYS),
            password_stamp=password_stamp(user),
        )
        return token, raw

    @property
    def expiry(self):
        """When it stops working (a token made before tokens expired: its age limit from when it was made)."""
        return self.expires_at or self.created_at + datetime.timedelta(days=settings.SAFERETURN_API_TOKEN_DAYS)

    def is_valid(self):
        return (
            self.revoked_at is None
            and self.expiry > timezone.now()
            and self.user.is_active
            and self.password_stamp == password_stamp(self.user)
        )


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An officer's authenticator app: django-otp's TOTP device whose secret is stored sealed with the
    identity keys (``core.fields.EncryptedTextField``), never in the clear; nobody but the officer
    enrolling it sees it, once (decision 0021). Verification is django-otp's own (``TOTPDevice``'s)."""

    # Hex in Python (as django-otp's), AES-GCM ciphertext in the column; ``rotate_keys`` re-seals it.
    key = EncryptedTextField(default=default_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings
