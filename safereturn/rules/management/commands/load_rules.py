from django.core.management.base import BaseCommand

from safereturn.rules import seed
from safereturn.rules.models import AgencyCompetenceRule, DeadlineRule, EmergencyAccessRule, PublicHoliday


class Command(BaseCommand):
    help = (
        "Load the deadline and competence rules with their citations, and the public holidays "
        "(missing rows only; idempotent)."
    )

    def handle(self, *args, **options):
        created = seed.load(DeadlineRule, AgencyCompetenceRule)
        created += seed.load_emergency_access(EmergencyAccessRule)
        holidays = seed.load_holidays(PublicHoliday)
        self.stdout.write(f"rules: {created} created; public holidays: {holidays} created")
