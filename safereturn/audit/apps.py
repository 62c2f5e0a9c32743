from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safereturn.audit"
    label = "audit"
