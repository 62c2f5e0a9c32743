from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "safereturn.reintegration"
    label = "reintegration"
    verbose_name = _("Needs, plans and reintegration")

    def ready(self):
        from safereturn.cases.extensions import (
            CasePanel,
            ReferralSection,
            case_panels,
            closure_blockers,
            referral_sections,
        )
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers

        from . import case_panel, selectors, signals, vocab

        register_event_kinds(vocab.TimelineKind)
        providers.register("reintegration", selectors.queue_items)
        closure_blockers.register("reintegration", selectors.closure_blockers)
        case_panels.register(
            "reintegration",
            CasePanel(
                template="reintegration/_panel.html",
                context=case_panel.panel_context,
                sections=case_panel.SECTIONS,
            ),
        )
        referral_sections.register("needs", ReferralSection(rows=selectors.referral_need_rows))
        referral_sections.register("health", ReferralSection(rows=selectors.referral_health_rows))
        post_migrate.connect(signals.load_rules, sender=self, dispatch_uid="reintegration_load_rules")
