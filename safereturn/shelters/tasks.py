"""Background jobs: the daily warning before stays reach their cap (idempotent)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="17", hour="6"))
def stay_cap_warnings():
    return services.cap_warning_sweep()
