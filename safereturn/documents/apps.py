from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "safereturn.documents"
    label = "documents"
    verbose_name = "Official documents"
