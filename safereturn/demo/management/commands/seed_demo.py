import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from safereturn.demo import cases as demo_cases
from safereturn.demo import coordination as demo_coordination
from safereturn.demo import officers as demo
from safereturn.demo import protection as demo_protection
from safereturn.demo import referrals as demo_referrals
from safereturn.demo import reintegration as demo_reintegration
from safereturn.demo import scenarios as demo_scenarios
from safereturn.demo import shelters as demo_shelters
from safereturn.demo import support as demo_support
from safereturn.geo.models import Commune


class Command(BaseCommand):
    help = (
        "Create demo agencies and officers and, with --cases N, N synthetic cases across the four demo provinces. "
        "Deterministic for --seed (same seed, --cases and --until: same names, case UUIDs and, in a database "
        "without other cases, case numbers) and safe to run again: cases already there are not written twice. "
        "Fast enough for 1,000,000 cases (COPY on PostgreSQL). The --manifest JSON lists the demo users and the "
        "cases (id, number, province_code, receiving_agency, participant_agencies, person_full_name), streamed "
        "one case per line; --manifest-cases-limit caps the case list (default: every case)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--cases", type=int, default=0, help="Number of synthetic cases (default 0: none).")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            help="Last day of the three years over which cases were received (YYYY-MM-DD; default today).",
        )
        parser.add_argument("--manifest", help="Write a JSON manifest of users (and cases) to this file.")
        parser.add_argument(
            "--manifest-cases-limit",
            type=int,
            default=None,
            help="List at most this many cases in the manifest (default: all of them).",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=demo_cases.CHUNK_SIZE, help="Cases written per transaction."
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="PostgreSQL, a database no one else is using: write the cases in one transaction, the case tables' "
            "foreign keys dropped for the load and checked once when added back (as pg_restore does); about twice "
            "as fast, and a failed load leaves nothing behind. With it, the cases' support records and shelter stays "
            "are written too.",
        )
        parser.add_argument(
            "--without-support",
            action="store_true",
            help="With --bulk: write the cases only, without their support records and shelter stays.",
        )
        parser.add_argument(
            "--scenarios",
            action="store_true",
            help="Also make, in every demo province and through the services, the data a trainer teaches with: tips "
            "from several sources at every status, commune register entries, and cases at every stage (received, "
            "under verification with open tasks, identified with a decision, closed). Skipped where already made.",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        if options["cases"] < 0 or not 1 <= options["chunk_size"] <= 10000:
            raise CommandError("--cases must be 0 or more and --chunk-size between 1 and 10000")
        if options["bulk"] and connection.vendor != "postgresql":
            raise CommandError("--bulk needs PostgreSQL")
        if not Commune.objects.exists():
            call_command("load_geography", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        users = demo.seed_directory(seed=options["seed"])
        self.stdout.write(f"demo officers: {len(users)}")
        # The bulk seeder admits people to the centres' places (safe to run again: missing rows only).
        demo_shelters.seed_places()
        manifest = None
        if options["manifest"]:
            manifest = demo.ManifestWriter(options["manifest"], cases_limit=options["manifest_cases_limit"])
        if manifest is not None:
            with manifest:
                self.seed_cases(options, manifest)
            self.stdout.write(f"manifest written to {options['manifest']} ({manifest.cases_written} cases)")
        else:
            self.seed_cases(options, None)
        if options["scenarios"]:
            made = demo_scenarios.seed_scenarios(seed=options["seed"])
            summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in made.items())
            self.stdout.write(f"demo scenarios: {summary or 'already there'}")
            self.stdout.write(
                f"demo protection (scenarios 3 and 4): {demo_protection.seed_protection(seed=options['seed'])} made"
            )
            self.stdout.write(f"demo support and follow-up: {demo_reintegration.seed_reintegration()} cases")
            self.stdout.write(f"demo referrals: {demo_referrals.seed_referrals()}")
        shelters = demo_shelters.seed_shelters(seed=options["seed"], residents=options["scenarios"])
        self.stdout.write("demo shelters: " + ", ".join(f"{count} {name}" for name, count in shelters.items()))
        self.stdout.write(f"demo support records: {demo_support.seed_support(seed=options['seed'])}")
        contacts, meetings = demo_coordination.seed_contacts(), demo_coordination.seed_meetings()
        self.stdout.write(f"demo directory contacts: {contacts}; demo meetings: {meetings}")
        if not options["quiet_logins"]:
            self.print_logins()

    def seed_cases(self, options, manifest):
        count = options["cases"]
        if not count:
            return
        verbose = options["verbosity"] >= 1 and count > options["chunk_size"]

        def progress(done, total, seconds):
            if verbose:
                self.stdout.write(f"  cases {done:,}/{total:,}  {done / max(seconds, 1e-9):,.0f}/s", ending="\r")
                self.stdout.flush()

        counts = demo_cases.seed_cases(
            count,
            seed=options["seed"],
            until=options["until"],
            chunk_size=options["chunk_size"],
            bulk=options["bulk"],
            support=False if options["without_support"] else None,
            on_manifest=manifest.add_cases if manifest is not None else None,
            on_progress=progress,
        )
        if verbose:
            self.stdout.write("")
        seconds = counts["seconds"]
        written = counts["cases"]
        self.stdout.write(
            f"demo cases: {written:,} written, {counts['skipped']:,} already there; "
            f"{counts['persons']:,} persons, {counts['name_keys']:,} name keys, {counts['participants']:,} "
            f"participants, {counts['events']:,} events, {counts['consents']:,} consents "
            f"in {seconds:.1f}s ({written / max(seconds, 1e-9):,.0f} cases/s)"
        )
        if "support records" in counts:
            self.stdout.write(
                f"demo cases' support: {counts['support records']:,} support records, "
                f"{counts['support decisions']:,} decisions, {counts['stays']:,} shelter stays"
            )

    def print_logins(self):
        self.stdout.write("")
        for line in demo.login_table():
            self.stdout.write(line)
