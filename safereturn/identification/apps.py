from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "safereturn.identification"
    label = "identification"
    verbose_name = _("Verification and identification")

    def ready(self):
        from safereturn.cases.extensions import CasePanel, case_panels
        from safereturn.cases.timeline import register_event_kinds
        from safereturn.core.work_queues import providers
        from safereturn.notifications import kinds

        from . import case_panel, notification_kinds, selectors, vocab

        register_event_kinds(vocab.TimelineKind)
        providers.register("verification_tasks", selectors.queue_items)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        case_panels.register(
            "verification",
            CasePanel(
                template="identification/_panel.html",
                context=case_panel.panel_context,
                sections=case_panel.SECTIONS,
            ),
        )
