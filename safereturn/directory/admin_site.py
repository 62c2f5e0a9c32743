from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .selectors import can_manage_users


class SafeReturnAdminSite(admin.AdminSite):
    """Reference data and users: system administrators only, after the second factor."""

    site_header = _("SafeReturn administration")
    site_title = _("SafeReturn administration")
    index_title = _("Reference data and users")

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_staff and can_manage_users(user)):
            return False
        return user.is_verified() or not settings.SAFERETURN_REQUIRE_2FA

    def login(self, request, extra_context=None):
        # One sign-in page for everyone, with the second factor; the admin has no login of its own.
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
