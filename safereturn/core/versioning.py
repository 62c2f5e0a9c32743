"""Optimistic locking: two officers editing the same record never lose an update silently.

Every editable record carries a ``version``. A save names the version the officer loaded; the
UPDATE matches only that version and raises it by one, so the second of two concurrent saves
matches nothing and is refused with ``errors.Conflict`` (its message tells the officer to reload).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.utils import timezone

from . import errors


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def versioned_update(instance, *, expected_version, conditions=None, refresh=True, **changes):
    """Save ``changes`` to ``instance``'s row only if it still has ``expected_version`` (and matches
    ``conditions``, e.g. a status the step starts from); raise ``errors.Conflict`` otherwise.

    ``expected_version=None`` means the version ``instance`` was loaded with. The version goes up by
    one, and ``updated_at`` is set to now on models that have it. One UPDATE, no read before it.
    """
    model = type(instance)
    version = instance.version if expected_version is None else expected_version
    values = {**changes, "version": F("version") + 1}
    if "updated_at" not in changes and _has_field(model, "updated_at"):
        values["updated_at"] = timezone.now()
    matched = model._base_manager.filter(pk=instance.pk, version=version, **(conditions or {})).update(**values)
    if not matched:
        raise errors.Conflict
    if refresh:
        instance.refresh_from_db()
    return instance
