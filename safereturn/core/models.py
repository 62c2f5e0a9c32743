"""Platform tables shared by every domain app."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NumberSequence(models.Model):
    """The last number given in a series (case numbers, tip numbers, an agency's documents of a kind),
    per scope (a province, an agency) and year. Numbers are gap-free: see ``core.sequences``."""

    series = models.CharField(max_length=60)
    scope = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "scope", "year"], name="number_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.series} {self.scope}/{self.year}: {self.last}"


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` for a request that created something: a retry with the same key
    from the same officer replays the first answer instead of creating a second record.

    Kept for ``SAFERETURN_IDEMPOTENCY_KEY_HOURS`` (``core.idempotency``); holds no personal data: the
    request's fingerprint (a hash) and the identifier of what it created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=60)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    result_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self):
        return f"{self.scope} {self.key}"
