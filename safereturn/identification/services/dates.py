"""Which day's rules a case keeps."""

from django.utils import timezone


def rules_date(case):
    """Cases keep the rules in force on the day they were received."""
    return timezone.localdate(case.received_at)
