"""The place of reception is free text officers fill with names and addresses: encrypted like
identity data (decision 20); existing values are encrypted in place."""

from django.db import migrations

import safereturn.core.fields
from safereturn.core import crypto

TABLE, COLUMN = "cases_case", "reception_place"


def _is_encrypted(value):
    try:
        crypto.decrypt_text(value)
    except crypto.DecryptionError:
        return False
    return True


def _rewrite(schema_editor, transform):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {qn(COLUMN)} FROM {qn(TABLE)} WHERE {qn(COLUMN)} <> ''")  # noqa: S608
        rows = [(transform(value), pk) for pk, value in cursor.fetchall()]
        rows = [(value, pk) for value, pk in rows if value is not None]
        if rows:
            cursor.executemany(f"UPDATE {qn(TABLE)} SET {qn(COLUMN)} = %s WHERE id = %s", rows)  # noqa: S608


def encrypt(apps, schema_editor):
    _rewrite(schema_editor, lambda value: None if _is_encrypted(value) else crypto.encrypt_text(value))


def decrypt(apps, schema_editor):
    _rewrite(schema_editor, lambda value: crypto.decrypt_text(value) if _is_encrypted(value) else None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_participation_sharing_basis")]
    operations = [
        migrations.AlterField(
            model_name="case",
            name="reception_place",
            field=safereturn.core.fields.EncryptedTextField(blank=True, verbose_name="place of reception"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
