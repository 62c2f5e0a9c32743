from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "safereturn.geo"
    label = "geo"
