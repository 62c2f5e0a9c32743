from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

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
