from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The officer's start page: who they act as, their work queues (from every app that registered
    one in ``core.work_queues``) and their latest cases."""

    name = "safereturn.home"
    label = "home"
