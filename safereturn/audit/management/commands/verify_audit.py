import sys

from django.core.management.base import BaseCommand

from safereturn.audit.chain import anchor_existing_chain, seal_pending, verify_chain


class Command(BaseCommand):
    help = (
        "Seal pending audit events, then verify the whole hash chain and compare it with the signed checkpoint "
        "log kept outside the database. Exit 1 naming the first bad entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help="Verify only; do not seal pending events first.")
        parser.add_argument(
            "--anchor-existing",
            action="store_true",
            help="Once, when checkpoints are first kept: verify the chain alone, then write the first checkpoint "
            "for its head (only if the checkpoint log is empty).",
        )

    def handle(self, *args, **options):
        if options["anchor_existing"]:
            return self._anchor()
        if not options["no_seal"]:
            sealed = seal_pending()
            if sealed:
                self.stdout.write(f"sealed {sealed} pending event(s)")
        result = verify_chain()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"audit chain intact: {result.checked} event(s) verified against {result.checkpoints} "
                    f"checkpoint(s), {result.unsealed} unsealed"
                )
            )
            return
        where = f"event id {result.bad_event_id}" if result.bad_event_id else "end of chain"
        self.stderr.write(f"AUDIT CHAIN BROKEN at sequence {result.bad_seq} ({where}): {result.problem}")
        sys.exit(1)

    def _anchor(self):
        result = verify_chain()
        if not result.ok and not result.problem.startswith("no checkpoint anchors"):
            self.stderr.write(f"NOT ANCHORED: the chain does not verify: {result.problem}")
            sys.exit(1)
        anchored = anchor_existing_chain()
        if anchored is None:
            self.stdout.write("nothing to anchor: the checkpoint log already has checkpoints, or nothing is sealed")
        else:
            self.stdout.write(self.style.SUCCESS(f"checkpoint written for the chain sealed up to sequence {anchored}"))
