from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safereturn.accounts"
    label = "accounts"

    def ready(self):
        from . import schema, signals  # noqa: F401
