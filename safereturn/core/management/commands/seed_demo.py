from django.core.management import call_command
from django.core.management.base import BaseCommand

from safereturn.core import demo
from safereturn.geo.models import Commune


class Command(BaseCommand):
    help = "Create demo agencies and officers (idempotent, deterministic for --seed) and optionally a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--manifest", help="Write a JSON manifest of users (and cases) to this file.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        if not Commune.objects.exists():
            call_command("load_geography", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        users = demo.seed_directory(seed=options["seed"])
        self.stdout.write(f"demo officers: {len(users)}")
        if options["manifest"]:
            demo.write_manifest(options["manifest"])
            self.stdout.write(f"manifest written to {options['manifest']}")
        if not options["quiet_logins"]:
            self.print_logins()

    def print_logins(self):
        rows = demo.manifest_users()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        for row in rows:
            if row["province_code"] in (None, 92):
                self.stdout.write(f"  {row['username']:<34} {', '.join(row['roles']):<22} {row['agency']}")
        self.stdout.write("  … and the same set for Đà Nẵng (dn.*), Hải Phòng (hp.*) and Đồng Tháp (dt.*).")
