"""Model fields that keep identity data encrypted at rest (see ``safereturn.core.crypto``)."""

import datetime
import json

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Plain ``str`` in Python, AES-GCM ciphertext with its key id in the database.

    Only exact ``isnull`` lookups make sense on it; search goes through blind indexes.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.decode(crypto.decrypt_text(value))

    def get_prep_value(self, value):
        if value is None:
            return None
        encoded = self.encode(value)
        if encoded == "":
            return ""
        return crypto.encrypt_text(encoded)

    def to_python(self, value):
        return value

    def encode(self, value):
        return str(value)

    def decode(self, text):
        return text

    def get_lookup(self, lookup_name):
        # Ciphertexts differ on every write: only "is it set" can be asked of the database.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date kept encrypted (date of birth)."""

    def encode(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def decode(self, text):
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(**{"required": not self.blank, "label": self.verbose_name, **kwargs})


class EncryptedJSONField(EncryptedTextField):
    """A JSON document kept encrypted (relatives' identities and the like)."""

    def encode(self, value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def decode(self, text):
        return json.loads(text)
