from django.core.management.base import BaseCommand

from safereturn.rules import seed
from safereturn.rules.models import (
    AgencyCompetenceRule,
    DeadlineRule,
    EmergencyAccessRule,
    MatchRequestRule,
    PublicHoliday,
    SharingException,
    SharingRule,
)


class Command(BaseCommand):
    help = (
        "Load the deadline, competence and sharing rules with their citations, and the public holidays "
        "(missing rows only; idempotent)."
    )

    def handle(self, *args, **options):
        created = seed.load(DeadlineRule, AgencyCompetenceRule)
        created += seed.load_emergency_access(EmergencyAccessRule)
        created += seed.load_sharing(SharingRule, SharingException)
        created += seed.load_match_request(MatchRequestRule)
        seed.fill_vietnamese_citations(
            DeadlineRule, AgencyCompetenceRule, EmergencyAccessRule, SharingRule, SharingException, MatchRequestRule
        )
        holidays = seed.load_holidays(PublicHoliday)
        self.stdout.write(f"rules: {created} created; public holidays: {holidays} created")
