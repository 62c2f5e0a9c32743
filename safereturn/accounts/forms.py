import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext_lazy as _

from safereturn.core.middleware import client_ip

from .otp import is_throttled, match_second_factor

logger = logging.getLogger(__name__)
RESET_WINDOW_SECONDS = 3600

THROTTLED_MESSAGE = _("Too many wrong codes in a row. Wait a few seconds, then enter the code your app shows.")


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": _("The username or password is not correct. Check them and try again."),
        "inactive": _("This account is disabled. Contact your system administrator."),
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None:
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
            if not self.user.is_active:
                raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
        return self.cleaned_data


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"]
        if is_throttled(self.user):
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        self.device = match_second_factor(self.user, token)
        if self.device is None:
            raise forms.ValidationError(
                _("That code is not correct or has expired. Enter the 6-digit code your app shows now."),
                code="invalid_token",
            )
        return token


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={
            "min_length": _("Enter the 6 digits your app shows."),
            "max_length": _("Enter the 6 digits your app shows."),
        },
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not self.device.verify_is_allowed()[0]:
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("That code does not match. Check the time on your phone and enter the code shown now."),
                code="invalid_token",
            )
        return token


def _count(key):
    """Add one to an hourly counter and return it."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


class OfficerPasswordResetForm(PasswordResetForm):
    """Django's reset form, telling nothing about which addresses exist (decision 0021).

    Whatever the address, the same work runs: the users are looked up, a token is made and the
    e-mail rendered — for an unknown address (or one asked for too often) for a stand-in user, and
    the message is then not sent. Officers without a usable password yet (new accounts: they choose
    their own) may use it too. Requests are counted per client address and per address typed."""

    def address_allowed(self, request):
        """At most ``SAFERETURN_PASSWORD_RESET_PER_ADDRESS`` requests an hour from one client address."""
        return _count(f"pwreset:addr:{client_ip(request)}") <= settings.SAFERETURN_PASSWORD_RESET_PER_ADDRESS

    @staticmethod
    def _account_allowed(email):
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return _count(f"pwreset:acct:{digest}") <= settings.SAFERETURN_PASSWORD_RESET_PER_ACCOUNT

    def get_users(self, email):
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        users = [
            user
            for user in user_model._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
            if (getattr(user, email_field) or "").lower() == email.lower()
        ]
        if users and self._account_allowed(email):
            return users
        if not users:
            self._account_allowed(email)  # counted alike, known or not
        stand_in = user_model(username="", password="!", **{email_field: email})  # noqa: S106 - no password
        stand_in.stand_in = True
        return [stand_in]

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if getattr(context["user"], "stand_in", False):
            return  # the same work as for an officer; nothing is sent
        try:
            message.send()
        except Exception:
            logger.exception("Failed to send the password reset e-mail")
