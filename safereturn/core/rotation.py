"""Re-encrypting stored columns under the current key (used by ``manage.py rotate_keys``).

Every ``EncryptedTextField`` (and its date and JSON kinds) of every installed model is found
through the app registry, so a model added later is covered without being listed anywhere.
The ciphertext is read raw (cast to text, so the field does not decrypt it), and a row is
rewritten only when its key id is not the current one: a run that stops can simply be restarted.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import connections, router, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from . import crypto
from .fields import EncryptedTextField

RAW = "sr_raw_ciphertext"


@dataclass(frozen=True)
class EncryptedColumn:
    model: type
    field: EncryptedTextField

    @property
    def label(self):
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def alias(self):
        return router.db_for_write(self.model)

    def raw(self):
        """Rows of the model with the stored ciphertext of this column as ``RAW`` (never decrypted)."""
        return self.model._base_manager.using(self.alias).annotate(**{RAW: Cast(self.field.attname, TextField())})

    def present(self):
        return self.raw().filter(Q(**{f"{RAW}__isnull": False}) & ~Q(**{RAW: ""}))

    def stale(self, key_id=None):
        key_id = key_id or crypto.current_key_id()
        return self.present().exclude(**{f"{RAW}__startswith": f"{key_id}:"})

    def unknown(self):
        """Values under a key id that is not configured at all (they cannot be read)."""
        queryset = self.present()
        for key_id in crypto.configured_key_ids():
            queryset = queryset.exclude(**{f"{RAW}__startswith": f"{key_id}:"})
        return queryset

    def decrypt(self, raw):
        return self.field.from_db_value(raw, None, connections[self.alias])


def encrypted_columns():
    columns = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                columns.append(EncryptedColumn(model, field))
    return columns


def sample_problems(columns):
    """One stored value per configured key and column must decrypt; none may be under an unknown key."""
    problems = []
    for column in columns:
        unknown = column.unknown().count()
        if unknown:
            problems.append(f"{column.label}: {unknown} value(s) under a key that is not configured")
        for key_id in crypto.configured_key_ids():
            sample = (
                column.present()
                .filter(**{f"{RAW}__startswith": f"{key_id}:"})
                .order_by("pk")
                .values_list("pk", RAW)
                .first()
            )
            if sample is None:
                continue
            try:
                column.decrypt(sample[1])
            except crypto.DecryptionError as exc:
                problems.append(f"{column.label} #{sample[0]}: key {key_id!r} cannot decrypt it ({exc})")
    return problems


def _say_reencrypting(alias):
    """Tell PostgreSQL's triggers this transaction only re-encrypts values (the audit trail's
    append-only trigger lets a sealed event's purpose be re-encrypted then, and nothing else)."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL safereturn.reencrypting = 'on'")


def rotate_column(column, *, batch_size, progress=None):
    """Rewrite this column's values that are not under the current key; one transaction per batch."""
    total, last_pk = 0, None
    manager = column.model._base_manager.using(column.alias)
    while True:
        with transaction.atomic(using=column.alias):
            _say_reencrypting(column.alias)
            queryset = column.stale()
            if last_pk is not None:
                queryset = queryset.filter(pk__gt=last_pk)
            rows = list(queryset.select_for_update().order_by("pk").values_list("pk", RAW)[:batch_size])
            if not rows:
                return total
            for pk, raw in rows:
                # Decrypting raises on a value no configured key opens: it is never copied as ciphertext.
                manager.filter(pk=pk).update(**{column.field.attname: column.decrypt(raw)})
        total += len(rows)
        last_pk = rows[-1][0]
        if progress:
            progress(column, len(rows), total)
