"""Background jobs of the cases app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import documents


@db_periodic_task(crontab(minute="23"))
def sweep_orphan_document_files():
    """Hourly: sealed files left behind by uploads whose transaction rolled back."""
    return documents.sweep_orphan_files()
