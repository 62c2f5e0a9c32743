from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SafeReturnAdminSite(admin.AdminSite):
    """Reference data and users: system administrators only, after the second factor."""

    site_header = _("SafeReturn administration")
    site_title = _("SafeReturn administration")
    index_title = _("Reference data and users")

    def has_permission(self, request):
        from safereturn.access.policy import can_manage_users

        user = request.user
        if not (user.is_active and user.is_staff and can_manage_users(user)):
            return False
        if settings.SAFERETURN_REQUIRE_2FA and not user.is_verified():
            return False
        return True
