"""Background jobs: the daily reminders of action items (idempotent)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="23", hour="6"))
def action_item_reminders():
    return services.reminder_sweep()
