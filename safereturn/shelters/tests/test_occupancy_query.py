"""Occupancy is one aggregate over current stays (benchmarked at 1,000,000 cases): one statement for the
counts whatever the number of facilities, read from the partial index of current stays on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from safereturn.shelters import selectors, services


def _fill(world):
    for n, name in enumerate(("Nguyễn Thị An", "Trần Thị Bình")):
        case = world.case(full_name=name)
        services.stay_admit(
            actor=world.actor(world.worker),
            case=case,
            group="women",
            admitted_on=timezone.localdate() - datetime.timedelta(days=n),
        )


def test_the_counts_of_every_facility_are_one_statement(world, django_assert_num_queries):
    _fill(world)
    facilities = [world.shelter, world.other_shelter]
    with django_assert_num_queries(1):
        counts = selectors.occupancy_counts([f.pk for f in facilities])
    assert counts == {(world.shelter.pk, "women"): 2}
    with django_assert_num_queries(1):  # the places of the facilities, each with its residents counted
        rows = selectors.occupancy(facilities)
    shown = [(g.group, g.current, g.free) for g in rows[0].groups]
    assert shown == [("women", 2, 0), ("men", 0, 2), ("children", 0, 2)]


def test_a_list_of_facilities_is_one_statement_too(world, django_assert_num_queries):
    """The facilities a placing officer may see are read in the same statement as their places and residents."""
    _fill(world)
    actor = world.actor(world.worker)
    with django_assert_num_queries(1):
        rows = selectors.occupancy(selectors.facilities_for(actor))
    by_facility = {row.facility.pk: {g.group: g.current for g in row.groups} for row in rows}
    assert by_facility[world.shelter.pk]["women"] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial index is checked on PostgreSQL")
def test_the_counts_read_the_partial_index_of_current_stays(world):
    _fill(world)
    sql, params = selectors.occupancy_query([world.shelter.pk]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "stay_current_by_group" in plan, plan
