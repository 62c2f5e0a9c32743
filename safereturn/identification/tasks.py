"""Background jobs: the verification deadline sweep runs every hour (idempotent)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="7"))
def verification_deadlines():
    return services.deadline_sweep()
