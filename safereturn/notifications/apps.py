from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and their e-mails. The kinds of notification are registered by the apps
    that send them, from their own ``AppConfig.ready`` (``safereturn.notifications.kinds.register``):
    this app sits below the case apps and knows none of them."""

    name = "safereturn.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import kinds

        kinds.register(
            kinds.NotificationKind(
                code="notice_unreached",
                label=_("A notice reached nobody"),
                message=_(
                    "A notice (%(kind)s) found nobody to tell, even up the agency tree (record %(notice)s): "
                    "give the agency a supervisor or the officers their roles."
                ),
                params=("kind", "notice"),
                mandatory=True,
                present=lambda p: {"kind": kinds.label_of(p.get("kind"))},
            )
        )
