from django.core.management.base import BaseCommand

from safereturn.rules import seed
from safereturn.rules.models import AgencyCompetenceRule, DeadlineRule


class Command(BaseCommand):
    help = "Load the deadline and competence rules with their citations (missing rows only; idempotent)."

    def handle(self, *args, **options):
        created = seed.load(DeadlineRule, AgencyCompetenceRule)
        self.stdout.write(f"rules: {created} created")
