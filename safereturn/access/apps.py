from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safereturn.access"
    label = "access"
