from django.db import migrations

import safereturn.cases.models
from safereturn.core.name_keys import stored_search_keys as stored_keys

CHUNK = 2000
GIN_INDEX = "person_name_search_gin"


def fill_name_search(apps, schema_editor):
    """Compute every person's search keys (names are decrypted here, once, in chunks)."""
    Person = apps.get_model("cases", "Person")
    connection = schema_editor.connection
    last = 0
    while True:
        chunk = list(
            Person.objects.filter(pk__gt=last).order_by("pk").only("pk", "full_name", "other_names")[:CHUNK]
        )
        if not chunk:
            break
        last = chunk[-1].pk
        rows = [(person.pk, stored_keys(person.full_name, person.other_names)) for person in chunk]
        if connection.vendor == "postgresql":
            values = ", ".join(["(%s, %s)"] * len(rows))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE cases_person p SET name_search = v.keys FROM (VALUES {values}) v(id, keys) "  # noqa: S608
                    "WHERE p.id = v.id",
                    [value for row in rows for value in row],
                )
        else:
            for person, (_pk, keys) in zip(chunk, rows, strict=True):
                person.name_search = keys
            Person.objects.bulk_update(chunk, ["name_search"])


def create_gin_index(apps, schema_editor):
    # The search lookup (has_all_keys) is this expression on PostgreSQL; other databases scan.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {GIN_INDEX} ON cases_person USING gin (string_to_array(name_search, ' '))"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_participant_list_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_search",
            field=safereturn.cases.models.BlindKeysField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_name_search, migrations.RunPython.noop),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
