"""Platform tables shared by every domain app."""

from django.db import models


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
