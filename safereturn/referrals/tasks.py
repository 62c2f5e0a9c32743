"""Background jobs of referrals."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="29"))
def remind_unanswered_referrals():
    """Hourly: referrals waiting for an answer are reminded before their due date, then escalated (each once)."""
    return services.referrals_remind()
