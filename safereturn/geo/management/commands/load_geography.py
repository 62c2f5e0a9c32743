from django.core.management.base import BaseCommand

from safereturn.geo.services import geography_load


class Command(BaseCommand):
    help = "Load today's provinces and communes and the lineage of former units (idempotent)."

    def handle(self, *args, **options):
        counts = geography_load()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
