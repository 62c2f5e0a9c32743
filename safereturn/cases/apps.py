from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safereturn.cases"
    label = "cases"

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from safereturn.access import scoped
        from safereturn.core.work_queues import providers
        from safereturn.directory.models import Agency
        from safereturn.notifications import kinds

        from . import emergency, match_views, notification_kinds, participation, timeline, vocab
        from .models import Case, CaseParticipant

        timeline.register_event_kinds(vocab.EventKind)
        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        providers.register("emergency_access", emergency.queue_items)
        providers.register("match_requests", match_views.queue_items)
        scoped.register("case", Case)
        scoped.register("case_participation", CaseParticipant)

        pre_save.connect(participation.agency_before_save, sender=Agency, dispatch_uid="cases_agency_before_save")
        post_save.connect(participation.agency_saved, sender=Agency, dispatch_uid="cases_agency_saved")
