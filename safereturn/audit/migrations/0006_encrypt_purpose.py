"""Reveal reasons and break-glass justifications are encrypted like identity data (decision 20).

Existing purposes are encrypted in place. The chain sealed their clear text, so the hashes still
hold; the append-only trigger (0005) lets a transaction that says it re-encrypts change the
purpose and nothing else.
"""

from django.db import migrations

import safereturn.core.fields
from safereturn.core import crypto

TABLE, COLUMN = "audit_auditevent", "purpose"


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
        rows = [(pk, transform(value)) for pk, value in cursor.fetchall()]
        rows = [(value, pk) for pk, value in rows if value is not None]
        if not rows:
            return
        if connection.vendor == "postgresql":
            # The append-only trigger lets a transaction that says so change the purpose alone.
            cursor.execute("SET LOCAL safereturn.reencrypting = 'on'")
        cursor.executemany(f"UPDATE {qn(TABLE)} SET {qn(COLUMN)} = %s WHERE id = %s", rows)  # noqa: S608


def encrypt(apps, schema_editor):
    _rewrite(schema_editor, lambda value: None if _is_encrypted(value) else crypto.encrypt_text(value))


def decrypt(apps, schema_editor):
    _rewrite(schema_editor, lambda value: crypto.decrypt_text(value) if _is_encrypted(value) else None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_refuse_truncate_and_head_rewind")]
    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="purpose",
            field=safereturn.core.fields.EncryptedTextField(blank=True, verbose_name="purpose"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
