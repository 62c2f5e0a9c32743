from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_caps(sender, **kwargs):
    """A database built from the models (the SQLite test database) has no rows the data migration
    would have seeded: load them when the table is empty."""
    from .models import StayCapRule
    from .seed import load_caps

    using = kwargs.get("using", "default")
    if not StayCapRule.objects.using(using).exists():
        load_caps(StayCapRule.objects.db_manager(using).model)


class SheltersConfig(AppConfig):
    name = "safereturn.shelters"
    label = "shelters"
    verbose_name = _("Shelters")

    def ready(self):
        from safereturn.cases.extensions import CasePanel, case_panels, closure_blockers
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers
        from safereturn.notifications import kinds

        from . import case_panel, notification_kinds, selectors, vocab

        register_event_kinds(vocab.TimelineKind)
        providers.register("shelter_stay_caps", selectors.queue_items)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        case_panels.register(
            "shelter",
            CasePanel(template="shelters/_panel.html", context=case_panel.panel_context, sections=case_panel.SECTIONS),
        )
        closure_blockers.register("shelters", selectors.closure_blockers)
        post_migrate.connect(_seed_caps, sender=self)
