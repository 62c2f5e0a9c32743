from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DirectoryConfig(AppConfig):
    name = "safereturn.directory"
    label = "directory"


class SafeReturnAdminConfig(admin_apps.AdminConfig):
    """Django's admin with SafeReturn's site: system administrators only, after the second factor."""

    default = False
    default_site = "safereturn.directory.admin_site.SafeReturnAdminSite"
