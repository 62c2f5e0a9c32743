"""An agency's support spending by regime and month (``SpendingMonth``): what the services add when a record
starts to count, and the table made again from the records (by the migration that creates it and by the
bulk demo seeder, which writes records without the services)."""

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from . import vocab


def add_record(month_model, entry):
    """Count ``entry`` (now recorded or approved) in its agency's month, inside the caller's transaction. The
    row is locked until the commit: an agency's records of one regime and month are counted one after another."""
    row, _created = month_model.objects.get_or_create(
        agency_id=entry.recording_agency_id, month=entry.date_from.replace(day=1), regime_code=entry.regime_code
    )
    month_model.objects.filter(pk=row.pk).update(total=F("total") + (entry.amount or 0), records=F("records") + 1)


def rebuild(record_model, month_model):
    """Every agency's months again from the counting records (nobody else writing meanwhile). Returns the rows."""
    sums = (
        record_model.objects.filter(status__in=vocab.COUNTING_STATUSES)
        .annotate(month=TruncMonth("date_from"))
        .values("recording_agency_id", "month", "regime_code")
        .annotate(total=Sum("amount"), records=Count("id"))
        .order_by()
    )
    month_model.objects.all().delete()
    rows = [
        month_model(
            agency_id=row["recording_agency_id"],
            month=row["month"],
            regime_code=row["regime_code"],
            total=row["total"] or 0,
            records=row["records"],
        )
        for row in sums.iterator()
    ]
    month_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
