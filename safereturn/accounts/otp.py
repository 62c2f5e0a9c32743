"""Second factor: TOTP devices and single-use recovery codes (django-otp)."""

import secrets

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def has_confirmed_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp_device(user):
    """The unconfirmed TOTP device being enrolled, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def new_recovery_codes(user):
    """Replace the user's recovery codes with a fresh set; returns them (shown once)."""
    codes = [f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def match_second_factor(user, token):
    """The confirmed device that accepts this TOTP or recovery code, or None."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def is_throttled(user):
    """After wrong codes, django-otp makes the user wait (doubling each time) before trying again."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True))
