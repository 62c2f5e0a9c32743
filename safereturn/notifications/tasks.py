"""Background jobs: e-mails a mail server refused are tried again every 10 minutes, for 24 hours."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/10"))
def notification_emails_retry():
    return services.send_pending_emails()
