from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "safereturn.support"
    label = "support"
    verbose_name = _("Support and entitlements")

    def ready(self):
        from safereturn.cases.extensions import CasePanel, case_panels
        from safereturn.cases.timeline import register_event_kinds

        from . import case_panel, vocab

        register_event_kinds(vocab.TimelineKind)
        case_panels.register(
            "support",
            CasePanel(template="support/_panel.html", context=case_panel.panel_context, sections=case_panel.SECTIONS),
        )
