from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "safereturn.tips"
    label = "tips"

    def ready(self):
        from safereturn.access import scoped
        from safereturn.cases.timeline import register_event_kinds

        from . import vocab
        from .models import RegisterEntry, Tip, tip_event_kinds

        for value, label in vocab.TipEventKind.choices:
            tip_event_kinds.register(value, label)
        register_event_kinds(vocab.CaseTimelineKind)
        scoped.register("tip", Tip)
        scoped.register("register_entry", RegisterEntry)
