"""Re-encrypt every encrypted column and every stored document under the current (first) key.

Rotation: put the new key first in SAFERETURN_ENCRYPTION_KEYS (keep the old ones after it),
restart every process so new writes use it, run ``rotate_keys``, then ``rotate_keys --check``;
only when that passes may an old key be removed from the settings.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from safereturn.cases import documents
from safereturn.core import crypto, rotation


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted values and stored documents under the current key, in batches "
        "(resumable). With --check, only count what is still under an older key and exit 1 if anything is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument(
            "--check", action="store_true", help="Change nothing; exit 1 if any value is not under the current key."
        )

    def handle(self, *args, **options):
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            crypto.self_test_keys()
        except ImproperlyConfigured as exc:
            raise CommandError(f"encryption keys are not usable: {exc}") from exc
        current = crypto.current_key_id()
        columns = rotation.encrypted_columns()
        self.stdout.write(
            f"current key: {current!r}; configured keys: {', '.join(map(repr, crypto.configured_key_ids()))}; "
            f"{len(columns)} encrypted column(s)"
        )

        # Refuse to start unless every configured key opens a sample of what it sealed, and nothing
        # is sealed under a key that is not configured: a run must never half-finish on bad keys.
        problems = rotation.sample_problems(columns)
        files = documents.survey_files(sample=True)
        problems += files.problems
        if files.unknown_key:
            problems.append(
                f"{len(files.unknown_key)} document file(s) under a key that is not configured: "
                f"#{', #'.join(map(str, files.unknown_key[:20]))}"
            )
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                "REFUSING TO START: some stored values cannot be decrypted with the configured keys. "
                "Restore the missing or correct key in SAFERETURN_ENCRYPTION_KEYS; nothing was changed."
            )

        if options["check"]:
            return self._check(columns, files)

        for column in columns:
            done = rotation.rotate_column(column, batch_size=batch_size, progress=self._column_progress)
            if done:
                self.stdout.write(f"{column.label}: {done} value(s) re-encrypted")
        done, missing = documents.rotate_files(batch_size=batch_size, progress=self._file_progress)
        self.stdout.write(f"document files: {done} re-encrypted")
        self.stdout.write("rotation finished; checking")
        self._check(columns, documents.survey_files(sample=False), missing=missing)

    def _column_progress(self, column, count, total):
        self.stdout.write(f"  {column.label}: +{count} (total {total})")

    def _file_progress(self, count, total):
        self.stdout.write(f"  document files: +{count} (total {total})")

    def _check(self, columns, files, missing=None):
        current = crypto.current_key_id()
        remaining = 0
        for column in columns:
            total = column.present().count()
            stale = column.stale(current).count()
            remaining += stale
            if total:
                self.stdout.write(f"{column.label}: {total} value(s), {stale} under an older key")
        remaining += files.stale
        self.stdout.write(f"document files: {files.total}, {files.stale} under an older key")
        missing = sorted(set(files.missing) | set(missing or []))
        if missing:
            self.stderr.write(
                f"{len(missing)} document file(s) are missing from storage: #{', #'.join(map(str, missing[:20]))}"
            )
        if remaining or missing:
            raise CommandError(
                f"{remaining} value(s) or file(s) are still under an older key"
                + (f" and {len(missing)} document file(s) are missing" if missing else "")
                + ". Run rotate_keys (again) before removing any old key.",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"every encrypted value and document is under the key {current!r}"))
