import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from .otp import has_confirmed_device

# Paths an authenticated but not yet verified user may still reach.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon.ico")


class SecondFactorRequiredMiddleware:
    """A signed-in user must pass the second factor before anything else.

    A user with a confirmed device is always asked for it; a user without one must enrol,
    except in demo mode where enrolment is optional.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(_OPEN_PREFIXES):
            allowed = {
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_setup"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed:
                if has_confirmed_device(user):
                    return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
                if settings.SAFERETURN_REQUIRE_2FA:
                    return redirect("accounts:otp_setup")
        return self.get_response(request)


class IdleSessionRenewalMiddleware:
    """Keeps an active officer's session alive without writing it on every request.

    The stored session expires SESSION_COOKIE_AGE seconds after its last save. Saving it on every
    request would cost a database write per page; renewing it once SAFERETURN_SESSION_RENEW_SECONDS
    have passed keeps idle expiry accurate to that interval.
    """

    RENEWED_AT_KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.RENEWED_AT_KEY, 0) >= settings.SAFERETURN_SESSION_RENEW_SECONDS:
                session[self.RENEWED_AT_KEY] = now
        return response


class SignInOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, taking the session's device from those the sign-in backend read with
    the user (``accounts.backends.read_officer``) instead of reading it again. A device it did not read
    (a recovery-code device, or a user loaded some other way) is looked up as django-otp does."""

    def _verify_user_sync(self, request, user):
        devices = getattr(user, "signin_devices", None) if user.is_authenticated else None
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) if devices is not None else None
        if not persistent_id:
            return super()._verify_user_sync(request, user)
        persistent_id = self._normalize_persistent_id(persistent_id)
        if persistent_id not in devices:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = self._finalize_device(request, user, devices[persistent_id])
        return user
