from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "safereturn.support"
    label = "support"
    verbose_name = _("Support and entitlements")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from safereturn.cases.extensions import CasePanel, case_panels, closure_blockers, stay_cap_credits
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers

        from . import case_panel, entitlements, models, selectors, stay_count, vocab

        for model in (models.SupportRegime, models.EntitlementItem, models.SupportRate):
            post_save.connect(entitlements.forget_snapshot, sender=model, dispatch_uid=f"forget_support_save_{model}")
            post_delete.connect(entitlements.forget_snapshot, sender=model, dispatch_uid=f"forget_support_del_{model}")

        register_event_kinds(vocab.TimelineKind)
        providers.register("support_approvals", selectors.approval_items)
        closure_blockers.register("support", selectors.closure_blockers)
        stay_cap_credits.register("support", stay_count.stay_cap_credit)
        case_panels.register(
            "support",
            CasePanel(template="support/_panel.html", context=case_panel.panel_context, sections=case_panel.SECTIONS),
        )
