from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "safereturn.core"
    label = "core"


class SafeReturnAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "safereturn.core.admin.SafeReturnAdminSite"
