from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safereturn.accounts"
    label = "accounts"

    def ready(self):
        from safereturn.core.work_queues import providers
        from safereturn.directory import signals as directory_signals
        from safereturn.notifications import kinds

        from . import notification_kinds, role_requests, schema, signals, tokens  # noqa: F401

        for kind in notification_kinds.KINDS:
            kinds.register(kind)
        providers.register("role_requests", role_requests.queue_items)
        directory_signals.role_requested.connect(
            role_requests.notify_supervisors, dispatch_uid="accounts_role_requested"
        )
        directory_signals.role_lost.connect(tokens.revoke_on_role_lost, dispatch_uid="accounts_role_lost")
        del signals, schema
