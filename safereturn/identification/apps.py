from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "safereturn.identification"
    label = "identification"
    verbose_name = _("Verification and identification")

    def ready(self):
        from safereturn.cases.timeline import register_event_kinds

        from . import vocab

        register_event_kinds(vocab.TimelineKind)
