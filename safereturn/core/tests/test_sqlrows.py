"""Plain-SQL reads and writes (core.sqlrows) give exactly what the ORM gives."""

import pytest
from django.db import connection

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case
from safereturn.core.sqlrows import Columns, Joined, insert

pytestmark = pytest.mark.django_db


def values(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_joined_read_builds_what_select_related_builds(personas, make_case):
    actor = personas.actor("intake")  # the Phú Lợi ward committee's
    case = make_case(
        actor,
        full_name="Lò Thị Mai",
        sex="female",
        birth_year=2009,
        id_number="092309001234",
        phone="0912345678",
        channel="rescued",
        route="cross_border",
        destination_country="CN",
        risk_level="high",
        exploitation_forms=["forced_marriage"],
    )
    related = ("person", "person__home_province", "province", "commune", "receiving_agency")
    read = Joined(Case, "c", related)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {read.select_sql()} FROM {read.from_sql()} WHERE c.id = %s",  # noqa: S608
            [Case._meta.pk.get_db_prep_value(case.pk, connection)],
        )
        row = cursor.fetchone()
    built = read.build(row)
    expected = Case.objects.select_related(*related).get(pk=case.pk)
    assert values(built) == values(expected)
    assert values(built.person) == values(expected.person)
    assert built.person.full_name == "Lò Thị Mai" and built.person.id_number == "092309001234"  # decrypted
    assert built.person.home_province is None  # an outer join that found nothing
    assert values(built.commune) == values(expected.commune) and built.province.name == expected.province.name
    assert built.receiving_agency == actor.agency
    with pytest.raises(ValueError):
        Joined(Case, "c", ("person__home_province",))  # its parent first
    with pytest.raises(ValueError):
        Joined(Case, "c", ("participants",))  # not a foreign key


def test_a_joined_read_of_some_fields_defers_the_others_as_only_does(make_case):
    case = make_case(full_name="Lò Thị Mai", sex="female", birth_year=None, id_number="092309001234")
    read = Joined(
        Case,
        "c",
        ("person", "person__home_province", "receiving_agency"),
        fields={"": ("number", "status"), "person": ("full_name",), "receiving_agency": ("name",)},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {read.select_sql()} FROM {read.from_sql()} WHERE c.id = %s",  # noqa: S608
            [Case._meta.pk.get_db_prep_value(case.pk, connection)],
        )
        built = read.build(cursor.fetchone())
    expected = Case.objects.select_related("person__home_province", "receiving_agency").only(
        "number", "status", "person__full_name", "person__home_province", "receiving_agency__name"
    )
    expected = expected.get(pk=case.pk)
    assert built.get_deferred_fields() == expected.get_deferred_fields() and "channel" in built.get_deferred_fields()
    assert built.person.get_deferred_fields() == expected.person.get_deferred_fields()
    assert (built.number, built.status, built.person.full_name) == (case.number, case.status, "Lò Thị Mai")
    assert "id_number" in built.person.get_deferred_fields()  # never read, never decrypted
    assert built.receiving_agency.name == case.receiving_agency.name


def test_an_insert_writes_what_save_writes():
    event = insert(
        AuditEvent(
            action="view",
            actor_id=7,
            actor_username="officer7",
            object_type="case",
            object_id="x",
            ip_address="10.0.0.8",
            details={"via": "web", "nested": [1, "hai"]},
        )
    )
    assert event.pk is not None and not event._state.adding
    stored = AuditEvent.objects.get(pk=event.pk)
    assert values(stored) == values(event)
    assert stored.details == {"via": "web", "nested": [1, "hai"]} and stored.chain_seq is None


def test_columns_convert_a_slice_of_a_row():
    columns = Columns(AuditEvent, "e", ["details", "occurred_at"])
    event = insert(AuditEvent(action="view", details={"a": 1}))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns.sql()} FROM audit_auditevent e WHERE e.id = %s", [event.pk])  # noqa: S608
        converted = columns.convert(cursor.fetchone())
    assert converted == {"id": event.pk, "occurred_at": event.occurred_at, "details": {"a": 1}}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_only_the_hot_paths_statements_are_prepared(make_agency, make_officer):
    """Statements run through ``execute_prepared`` are prepared on the connection; everything else (a
    list, planned for its own values) is not, however often it runs."""
    from safereturn.core.sqlrows import execute_prepared

    with connection.cursor() as cursor:
        for _ in range(3):
            execute_prepared(cursor, "SELECT count(*) FROM audit_auditevent WHERE action = %s", ["view"])
        for _ in range(8):
            cursor.execute("SELECT count(*) FROM audit_auditevent WHERE action = %s AND actor_id = %s", ["view", 1])
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("WHERE action = $1" in text and "actor_id" not in text for text in prepared), prepared
    assert not any("actor_id" in text for text in prepared), prepared
