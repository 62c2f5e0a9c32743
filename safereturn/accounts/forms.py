from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from .otp import is_throttled, match_second_factor

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
