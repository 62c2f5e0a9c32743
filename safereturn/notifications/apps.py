from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and their e-mails. The kinds of notification are registered by the apps
    that send them, from their own ``AppConfig.ready`` (``safereturn.notifications.kinds.register``):
    this app sits below the case apps and knows none of them."""

    name = "safereturn.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
