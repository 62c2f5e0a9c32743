"""Background jobs of the cases app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import documents, services


@db_periodic_task(crontab(minute="23"))
def sweep_orphan_document_files():
    """Hourly: sealed files left behind by uploads whose transaction rolled back."""
    return documents.sweep_orphan_files()


@db_periodic_task(crontab(minute="41", hour="2"))
def expire_intake_drafts():
    """Nightly: intake drafts not touched for ``SAFERETURN_INTAKE_DRAFT_DAYS`` days are deleted."""
    return services.drafts_expire()


@db_periodic_task(crontab(minute="17"))
def remind_unanswered_match_requests():
    """Hourly: unanswered match requests past their due date are reminded, then escalated (each once)."""
    return services.match_requests_remind()
