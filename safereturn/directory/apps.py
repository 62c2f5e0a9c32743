from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "safereturn.directory"
    label = "directory"
