from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_rules(sender, **kwargs):
    """A database built from the models (the SQLite test database) has no rows the data migration
    would have seeded: load them when the table is empty."""
    from .models import ActionReminderRule
    from .seed import load_reminder_rules

    using = kwargs.get("using", "default")
    if not ActionReminderRule.objects.using(using).exists():
        load_reminder_rules(ActionReminderRule.objects.db_manager(using).model)


class CoordinationConfig(AppConfig):
    """Meetings and inter-agency delegations, their action items, and the directory for officers."""

    name = "safereturn.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self):
        from safereturn.access import scoped
        from safereturn.core.work_queues import providers
        from safereturn.notifications import kinds

        from . import notification_kinds, selectors
        from .models import ActionItem, Meeting

        scoped.register("meeting", Meeting)
        scoped.register("action_item", ActionItem)
        providers.register("action_items", selectors.queue_items)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        post_migrate.connect(_seed_rules, sender=self)
