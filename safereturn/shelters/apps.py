from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "safereturn.shelters"
    label = "shelters"
    verbose_name = _("Shelters")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from safereturn.cases.extensions import CasePanel, case_panels, closure_blockers
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers
        from safereturn.notifications import kinds
        from safereturn.rules.loaders import RuleLoader, rule_loaders

        from . import case_panel, models, notification_kinds, seed, selectors, services, vocab

        register_event_kinds(vocab.TimelineKind)
        providers.register("shelter_stay_caps", selectors.queue_items)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        case_panels.register(
            "shelter",
            CasePanel(template="shelters/_panel.html", context=case_panel.panel_context, sections=case_panel.SECTIONS),
        )
        closure_blockers.register("shelters", selectors.closure_blockers)
        rule_loaders.register(self.label, RuleLoader(self.label, seed.load_after_migrate))
        post_save.connect(services.forget_cap_rules, sender=models.StayCapRule, dispatch_uid="forget_cap_rules_save")
        post_delete.connect(services.forget_cap_rules, sender=models.StayCapRule, dispatch_uid="forget_cap_rules_del")
