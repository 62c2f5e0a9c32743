import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record
from safereturn.core.errors import NotFound
from safereturn.core.page_actions import page_action
from safereturn.directory import services as directory_services
from safereturn.directory.audit import audit_record_for_request
from safereturn.directory.selectors import pending_role_requests_for

from . import tokens
from .forms import EnrolForm, OfficerPasswordResetForm, SecondFactorForm, SignInForm
from .otp import has_confirmed_device, new_recovery_codes, pending_totp_device

RECOVERY_CODES_SESSION_KEY = "fresh_recovery_codes"


def _safe_next(request, default="home:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@sensitive_post_parameters("password")
@never_cache
def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("home:home")
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        if has_confirmed_device(form.user):
            return redirect(f"{reverse_lazy('accounts:otp_verify')}?next={_safe_next(request, '/')}")
        if settings.SAFERETURN_REQUIRE_2FA:
            return redirect("accounts:otp_setup")
        return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@never_cache
@login_required
def otp_verify(request):
    if request.user.is_verified():
        return redirect(_safe_next(request))
    form = SecondFactorForm(request.user, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, form.device)
            audit_record_for_request(
                request, action=AuditAction.OTP_VERIFIED, details={"device": form.device.persistent_id.split("/")[0]}
            )
            return redirect(_safe_next(request))
        audit_record(action=AuditAction.OTP_FAILED, actor=request.user)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@never_cache
@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm one code."""
    if has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = pending_totp_device(request.user)
    form = EnrolForm(device, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        codes = new_recovery_codes(request.user)
        audit_record_for_request(request, action=AuditAction.OTP_ENROLLED)
        audit_record_for_request(request, action=AuditAction.RECOVERY_CODES_ISSUED)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect("accounts:recovery_codes")
    qr = segno.make(device.config_url, error="m")
    qr_data_uri = (
        "data:image/svg+xml;base64,"
        + base64.b64encode(qr.svg_inline(scale=5, dark="#000", light="#fff").encode()).decode()
    )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/otp_setup.html", {"form": form, "qr_data_uri": qr_data_uri, "secret": grouped})


@never_cache
@login_required
def recovery_codes(request):
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if request.method == "POST" and request.user.is_verified():
        codes = new_recovery_codes(request.user)
        audit_record_for_request(request, action=AuditAction.RECOVERY_CODES_ISSUED)
        messages.success(request, _("New recovery codes were made. The old ones no longer work."))
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer and the same work whether or not the address is an officer's, at most
    ``SAFERETURN_PASSWORD_RESET_PER_ADDRESS`` requests an hour from one client address and
    ``SAFERETURN_PASSWORD_RESET_PER_ACCOUNT`` e-mails an hour to one account (``OfficerPasswordResetForm``)."""

    form_class = OfficerPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not form.address_allowed(self.request):
            return render(self.request, "accounts/password_reset_limited.html", status=429)
        # The address typed is not stored: only that a reset was asked for.
        audit_record(action=AuditAction.PASSWORD_RESET_REQUESTED)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            action=AuditAction.PASSWORD_CHANGED, actor=form.user, object_type="directory.user", object_id=form.user.pk
        )
        # A new password ends every API token made under the old one (they stop working anyway:
        # ``ApiToken.password_stamp``); revoked here so the officer's tokens page says so.
        tokens.tokens_revoke_all(form.user, reason="password changed", by=form.user)
        return response


@login_required
def security(request):
    return render(request, "accounts/security.html", {"has_device": has_confirmed_device(request.user)})


@never_cache
@login_required
def api_tokens(request):
    """The officer's own API tokens (never anyone else's), each revocable."""
    return render(request, "accounts/api_tokens.html", {"tokens": tokens.tokens_of(request.user)})


@require_POST
@login_required
def api_token_revoke(request, token_id):
    tokens.token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token was revoked. It no longer works."))
    return redirect("accounts:api_tokens")


@never_cache
@login_required
def role_requests(request):
    """A supervisor's queue of roles administrators asked for in their agency (or below it)."""
    return render(request, "accounts/role_requests.html", {"requests": pending_role_requests_for(request.user)})


@require_POST
@login_required
def role_request_decide(request, membership_id, decision):
    if decision not in ("approve", "refuse"):
        raise NotFound
    membership = pending_role_requests_for(request.user).filter(pk=membership_id).first()
    if membership is None:
        raise NotFound
    service = directory_services.membership_approve if decision == "approve" else directory_services.membership_refuse
    result = page_action(lambda: service(membership=membership, by=request.user))
    if result:
        messages.success(
            request, _("The role was approved.") if decision == "approve" else _("The role request was refused.")
        )
    else:
        messages.error(request, result.error)
    return redirect("accounts:role_requests")
