from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safereturn.access"
    label = "access"

    def ready(self):
        from django.db.models import Field

        from safereturn.notifications import kinds

        from . import refusals
        from .lookups import AnyOfSubquery

        Field.register_lookup(AnyOfSubquery)
        for kind in refusals.KINDS:
            kinds.register(kind)
