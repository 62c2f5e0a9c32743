from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """The auditor's screens (the audit trail). Apart from ``audit``, which every app writes to and
    which therefore imports no domain app."""

    name = "safereturn.oversight"
    label = "oversight"
    verbose_name = _("Oversight")
