"""Second factor: TOTP devices and single-use recovery codes (django-otp).

The authenticator's secret is stored sealed with the identity keys (``AuthenticatorDevice``) and
recovery codes only as keyed hashes (decision 0021): a database reader, or an administrator, can
neither make codes nor read them.
"""

import secrets

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from safereturn.core.crypto import blind_index

from .models import AuthenticatorDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_PURPOSE = "recovery_code"


def recovery_code_hash(code):
    """What is stored of a recovery code: its keyed hash (16 hex digits, the column's size)."""
    return blind_index(RECOVERY_CODE_PURPOSE, code.strip().replace(" ", ""), length=16)


def has_confirmed_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp_device(user):
    """The unconfirmed TOTP device being enrolled, created on first call."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def new_recovery_codes(user):
    """Replace the user's recovery codes with a fresh set; returns them (shown once, stored hashed)."""
    codes = [f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=recovery_code_hash(code)) for code in codes])
    return codes


def match_second_factor(user, token):
    """The confirmed device that accepts this TOTP or recovery code, or None."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    # An app code goes to the authenticator only, a recovery code to the recovery codes only: a code
    # tried on the wrong kind of device would count there as a failure (and throttle it).
    app_code = token.isdigit() and len(token) in (6, 8)
    for device in devices_for_user(user, confirmed=True):
        recovery = isinstance(device, StaticDevice)
        if recovery == app_code:
            continue
        given = recovery_code_hash(token) if recovery else token
        if device.verify_is_allowed()[0] and device.verify_token(given):
            return device
    return None


def is_throttled(user):
    """After wrong codes, django-otp makes the user wait (doubling each time) before trying again."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True))
