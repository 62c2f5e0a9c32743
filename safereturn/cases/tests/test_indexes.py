"""The case tables' indexes on PostgreSQL: each foreign key is indexed, and none is written for
nothing (decision 12)."""

import datetime

import pytest
from django.db import connection

TABLES = ("cases_case", "cases_caseparticipant", "cases_person", "cases_personnamekey")


def _indexes(table):
    """{index name: (columns in order, opclasses, predicate, is_unique)} of a table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname,
                   ARRAY(SELECT a.attname FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(n, o)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o),
                   ARRAY(SELECT opc.opcname FROM unnest(i.indclass) WITH ORDINALITY k(n, o)
                         JOIN pg_opclass opc ON opc.oid = k.n ORDER BY k.o),
                   pg_get_expr(i.indpred, i.indrelid), i.indisunique, i.indexprs IS NOT NULL
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = %s::regclass
            """,
            [table],
        )
        return {name: (cols, ops, pred, unique, expr) for name, cols, ops, pred, unique, expr in cursor.fetchall()}


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("index definitions are PostgreSQL's")


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_no_index_is_written_for_nothing(postgresql, table):
    indexes = _indexes(table)
    for name, (cols, ops, pred, unique, expr) in indexes.items():
        assert not any(op.endswith("_pattern_ops") for op in ops), f"{name}: no query matches a prefix"
        if unique or expr:
            continue
        # A plain index whose columns lead another index (with no condition of its own) adds writes only.
        for other, (other_cols, _ops, other_pred, _unique, other_expr) in indexes.items():
            if other != name and not other_expr and other_pred is None and pred is None:
                assert other_cols[: len(cols)] != cols, f"{name} is a leading part of {other}"


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_every_foreign_key_leads_an_index(postgresql, table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_constraint f JOIN pg_attribute a ON a.attrelid = f.conrelid "
            "AND a.attnum = f.conkey[1] WHERE f.conrelid = %s::regclass AND f.contype = 'f'",
            [table],
        )
        foreign_keys = {row[0] for row in cursor.fetchall()}
    leading = {cols[0] for cols, _ops, pred, _unique, _expr in _indexes(table).values() if cols and pred is None}
    assert foreign_keys, table
    assert foreign_keys <= leading, f"{table}: foreign keys without an index: {sorted(foreign_keys - leading)}"


PROVINCE_LIST_FILTERS = [
    {"exploitation": "sexual"},
    {"sex": "female"},
    {"age_group": "child"},
    {"status": "under_verification"},
    {
        "channel": "rescue_abroad",
        "received_from": datetime.date(2025, 1, 1),
        "received_to": datetime.date(2025, 12, 31),
    },
    {"exploitation": "forced_labour", "sex": "male", "age_group": "adult", "commune_id": 1, "route": "domestic"},
]


# The case column each list filter reads.
FILTER_COLUMNS = {
    "status": "status",
    "channel": "channel",
    "route": "route",
    "age_group": "age_group",
    "sex": "person_sex",
    "exploitation": "exploitation_forms",
    "commune_id": "commune_id",
    "received_from": "received_at",
    "received_to": "received_at",
}


def _columns_and_predicates(table):
    """[(name, key columns, all columns (keys and included), predicate)] of a table's indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, i.indnkeyatts,
                   ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o),
                   pg_get_expr(i.indpred, i.indrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass
            """,
            [table],
        )
        return [(name, cols[:keys], set(cols), pred) for name, keys, cols, pred in cursor.fetchall()]


@pytest.mark.django_db
@pytest.mark.parametrize("filters", PROVINCE_LIST_FILTERS, ids=lambda f: "+".join(f))
def test_a_province_list_can_be_counted_from_an_index_alone(postgresql, filters):
    """A provincial supervisor's list counts the province's cases that meet its filters: every filter
    of the list form but the receiving agency (which has an index of its own) must be answerable from
    an index alone, or the count reads the table: at a million cases, hundreds of milliseconds. (Which
    index PostgreSQL then takes depends on the data: the benchmark times that.)"""
    needed = {"province_id"} | {FILTER_COLUMNS[name] for name in filters}
    form = filters.get("exploitation")
    serving = []
    for name, keys, columns, predicate in _columns_and_predicates("cases_case"):
        if keys[0] != "province_id":
            continue
        if predicate is None:
            answers = needed <= columns
        else:  # a form's own index answers the form's condition by its predicate (as Django escapes it)
            names_form = bool(form) and f"|{form.replace('_', chr(92) + '_')}|" in predicate
            answers = names_form and needed - {"exploitation_forms"} <= columns
        if answers:
            serving.append(name)
    assert serving, f"no index answers {sorted(needed)} alone"
    if form:  # and that form's own index, not the province's whole range
        assert f"case_expl_{form}" in serving, serving
    elif "age_group" in filters:  # the age group's own range
        assert "case_province_age_cover" in serving, serving
