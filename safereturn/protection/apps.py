from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "safereturn.protection"
    label = "protection"
    verbose_name = _("Risk and protection")

    def ready(self):
        from django.db.models.signals import post_migrate

        from safereturn.cases.extensions import CasePanel, ReferralSection, case_panels, referral_sections
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers
        from safereturn.notifications import kinds

        from . import case_panel, notification_kinds, selectors, signals, vocab

        register_event_kinds(vocab.TimelineKind)
        providers.register("protection", selectors.queue_items)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        case_panels.register(
            "protection",
            CasePanel(
                template="protection/_panel.html",
                context=case_panel.panel_context,
                sections=case_panel.SECTIONS,
            ),
        )
        referral_sections.register("protection", ReferralSection(rows=selectors.referral_rows))
        post_migrate.connect(signals.load_rules, sender=self, dispatch_uid="protection_load_rules")
