from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .chain import seal_pending


@db_periodic_task(crontab(minute="*"))
def seal_audit_chain():
    """Every minute: link newly written audit events into the hash chain (idempotent)."""
    return seal_pending()
