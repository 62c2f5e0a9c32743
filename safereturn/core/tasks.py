"""Background jobs of the platform."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import idempotency


@db_periodic_task(crontab(minute="41"))
def forget_expired_idempotency_keys():
    """Hourly: forget the Idempotency-Keys older than SAFERETURN_IDEMPOTENCY_KEY_HOURS."""
    return idempotency.forget_expired()
