"""Gap-free numbers (core.sequences), for any run of requests across series, scopes and years: each
series, scope and year counts 1, 2, 3... with no gap and no number twice, whatever the other series,
scopes and years take in between; a scope given as a number or as text is the same scope; and one
counter row is kept for each. Each example runs in its own transaction, rolled back."""

from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereturn.core.models import NumberSequence
from safereturn.core.sequences import next_number, next_numbers

pytestmark = pytest.mark.django_db

requests = st.lists(
    st.tuples(
        st.sampled_from(["case", "tip", "document:victim"]),
        st.sampled_from([92, "92", 48, "agency:7"]),
        st.sampled_from([2025, 2026]),
        st.integers(min_value=1, max_value=4),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests)
def test_numbers_are_gap_free_and_increasing_per_series_scope_and_year(calls):
    with transaction.atomic():
        issued = defaultdict(list)
        for series, scope, year, count in calls:
            key = (series, str(scope), year)
            numbers = list(next_numbers(series, scope=scope, year=year, count=count))
            expected_first = len(issued[key]) + 1
            assert numbers == list(range(expected_first, expected_first + count)), (key, numbers)
            issued[key] += numbers
        for key, numbers in issued.items():
            assert numbers == list(range(1, len(numbers) + 1)), key  # from 1, increasing, no gap, no repeat
        rows = NumberSequence.objects.values_list("series", "scope", "year", "last")
        assert sorted(rows) == sorted((*key, len(numbers)) for key, numbers in issued.items())
        series, scope, year, _count = calls[0]
        assert next_number(series, scope=scope, year=year) == len(issued[(series, str(scope), year)]) + 1
        transaction.set_rollback(True)
