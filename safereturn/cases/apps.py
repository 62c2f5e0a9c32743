from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safereturn.cases"
    label = "cases"
