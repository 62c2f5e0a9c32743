"""Write the code-generated Word templates to disk so they can be opened and reviewed in Word."""

from pathlib import Path

from django.core.management.base import BaseCommand

from safereturn.documents.contexts import KINDS
from safereturn.documents.docx_templates import build_template


class Command(BaseCommand):
    help = "Write the docxtpl templates of the official documents (one .docx per kind) to a directory."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="var/document-templates", help="directory to write to")

    def handle(self, *args, output, **options):
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            path = out / f"{kind}.docx"
            path.write_bytes(build_template(kind))
            self.stdout.write(str(path))
