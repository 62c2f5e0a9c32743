from django.core.management.base import BaseCommand

from safereturn.rules import seed
from safereturn.rules.loaders import load_all
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
        "Load the deadline, competence and sharing rules with their citations, the public holidays and the "
        "rule rows other apps register (missing rows only; idempotent)."
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
        by_app = load_all()  # the other apps' rule rows (``rules.loaders``)
        self.stdout.write(f"rules: {created} created; public holidays: {holidays} created")
        for app, count in by_app.items():
            if count:  # silent when nothing was missing (the migrations gate reads the first line alone)
                self.stdout.write(f"{app} rules: {count} created")
