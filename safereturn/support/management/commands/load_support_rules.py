"""``manage.py load_support_rules``: add the seeded support rule rows that are missing (``support.seed``);
provincial rates once the geography is loaded. Never overwrites a row an administrator changed."""

from django.core.management.base import BaseCommand

from safereturn.geo.models import Province
from safereturn.support import seed
from safereturn.support.models import EntitlementItem, SupportRate, SupportRegime


class Command(BaseCommand):
    help = "Add the seeded support regimes, items and rates that are missing."

    def handle(self, *args, **options):
        added = seed.load(SupportRegime, EntitlementItem, SupportRate, Province)
        self.stdout.write(f"support rules: {added} created")
