from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "safereturn.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from django.db.models.signals import post_migrate

        from safereturn.access import scoped
        from safereturn.cases.extensions import (
            CasePanel,
            ReferralSection,
            case_panels,
            closure_blockers,
            referral_sections,
        )
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers
        from safereturn.notifications import kinds

        from . import case_panel, notification_kinds, selectors, signals, vocab
        from .models import Referral

        scoped.register("referral", Referral)
        register_event_kinds(vocab.TimelineKind)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        providers.register("referrals", selectors.queue_items)
        closure_blockers.register("referrals", selectors.closure_blockers)
        referral_sections.register("basic", ReferralSection(rows=selectors.basic_rows))
        referral_sections.register("support", ReferralSection(rows=selectors.support_rows))
        case_panels.register(
            "referrals",
            CasePanel(template="referrals/_panel.html", context=case_panel.panel_context, sections=case_panel.SECTIONS),
        )
        post_migrate.connect(signals.load_rules, sender=self, dispatch_uid="referrals_load_rules")
