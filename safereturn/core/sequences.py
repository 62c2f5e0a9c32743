"""Gap-free numbers for everything numbered: case numbers, tip numbers, decisions and certificates.

Call inside the transaction that uses the number: the sequence row stays locked until it commits,
so two concurrent intakes in one province get consecutive numbers, and a transaction that fails
gives its number back.
"""

from django.db.models import F

from .models import NumberSequence


def next_number(series, *, scope, year):
    """The next number of ``series`` for ``scope`` (a province code, an agency id...) and ``year``."""
    return next_numbers(series, scope=scope, year=year, count=1)[0]


def next_numbers(series, *, scope, year, count):
    """The next ``count`` numbers of ``series`` for ``scope`` and ``year``, as a range (bulk loads)."""
    scope = str(scope)
    # Create the row if it is missing without failing when another transaction creates it first.
    NumberSequence.objects.bulk_create([NumberSequence(series=series, scope=scope, year=year)], ignore_conflicts=True)
    # The UPDATE locks the row until the caller's transaction ends: a concurrent caller waits, then
    # counts on from the committed value.
    rows = NumberSequence.objects.filter(series=series, scope=scope, year=year)
    rows.update(last=F("last") + count)
    last = rows.values_list("last", flat=True).get()
    return range(last - count + 1, last + 1)
