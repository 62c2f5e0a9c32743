"""Background jobs: unacknowledged danger alerts escalate once, checked every five minutes (idempotent)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
def danger_alert_escalation():
    return services.escalation_sweep()
