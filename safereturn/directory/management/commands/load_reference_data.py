from django.core.management.base import BaseCommand

from safereturn.directory.services import reference_data_load


class Command(BaseCommand):
    help = "Load agency types and permission groups (idempotent)."

    def handle(self, *args, **options):
        count = reference_data_load()
        self.stdout.write(f"agency types: {count}")
