from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data (invented people, real places): ``seed_demo`` and the benchmark's views.
    Nothing imports it; it imports what it seeds."""

    name = "safereturn.demo"
    label = "demo"
