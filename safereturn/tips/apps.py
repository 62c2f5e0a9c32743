from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "safereturn.tips"
    label = "tips"
