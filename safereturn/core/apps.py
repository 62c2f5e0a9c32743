from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The platform every domain app builds on (encryption, fields, SQL helpers, templates, errors,
    shared service pieces). It imports no domain app."""

    default = True
    name = "safereturn.core"
    label = "core"
