"""``Idempotency-Key``: a client that lost the answer to a request that creates a record (a dropped
connection) sends it again with the same key, and gets the first answer back instead of a second
record.

The key is the client's (any printable ASCII, at most 255 characters), per officer and per kind of
request (``scope``). The first request's body is kept as a fingerprint (SHA-256 of its canonical
JSON); the same key with another body is refused (409), so a client's bug is not mistaken for a retry.
The key is written in the transaction that creates the record: a request that failed leaves no key,
and two concurrent retries create one record (the second waits for the first, then replays it).
Keys are kept ``SAFERETURN_IDEMPOTENCY_KEY_HOURS`` hours (``forget_expired``, hourly on huey)."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import errors
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Created:
    """What an action returns when it created a record: its identifier and the answer's status."""

    result_id: object
    status_code: int


@dataclass(frozen=True)
class Outcome:
    """The answer to give. ``result_id``/``status_code``: what was created (``replayed``: by an earlier
    request with the same key). ``result``: what the action returned when it created nothing (a
    question back to the client, say); nothing is remembered then, and a retry runs again."""

    result_id: str | None = None
    status_code: int | None = None
    replayed: bool = False
    result: object = None


def _keep_for():
    return datetime.timedelta(hours=settings.SAFERETURN_IDEMPOTENCY_KEY_HOURS)


def fingerprint(payload):
    """SHA-256 of the body as canonical JSON (keys sorted), so key order and spacing do not matter."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def clean_key(raw):
    """The header's value, or None without one. A key that is too long or not printable ASCII is a 400."""
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not all(" " <= ch <= "~" for ch in key):
        raise ValidationError(
            {HEADER: _("Send an Idempotency-Key of 1 to 255 printable ASCII characters, for example a UUID.")}
        )
    return key


def _existing(user, scope, key):
    return (
        IdempotencyKey.objects.filter(user=user, scope=scope, key=key, created_at__gte=timezone.now() - _keep_for())
        .order_by()
        .first()
    )


def _replay(row, digest):
    if row.fingerprint != digest:
        raise errors.Conflict(
            _(
                "This Idempotency-Key was already used for a different request. Send a new key for a new "
                "request, or the same body to repeat the first one."
            )
        )
    return Outcome(result_id=row.result_id, status_code=row.status_code, replayed=True)


def _outcome(done):
    if isinstance(done, Created):
        return Outcome(result_id=str(done.result_id), status_code=done.status_code)
    return Outcome(result=done)


def run_once(*, user, scope, key, payload, action):
    """Run ``action()`` once per key. It returns ``Created(...)`` when it created a record (then the
    key is remembered with it, in the same transaction), anything else when it did not.

    Without a key it just runs. With a key seen before (and not expired) it returns the first outcome,
    ``replayed=True``, or raises ``Conflict`` if the body differs."""
    if key is None:
        return _outcome(action())
    digest = fingerprint(payload)
    row = _existing(user, scope, key)
    if row is not None:
        return _replay(row, digest)
    try:
        with transaction.atomic():
            # An expired key of the same name is forgotten now rather than at the next sweep.
            IdempotencyKey.objects.filter(user=user, scope=scope, key=key).delete()
            done = action()
            if isinstance(done, Created):
                IdempotencyKey.objects.create(
                    user=user,
                    scope=scope,
                    key=key,
                    fingerprint=digest,
                    status_code=done.status_code,
                    result_id=str(done.result_id),
                )
    except IntegrityError:
        # A concurrent request with the same key committed first: answer as its retry.
        row = _existing(user, scope, key)
        if row is None:
            raise
        return _replay(row, digest)
    return _outcome(done)


def forget_expired():
    """Delete the keys older than the time they are kept; returns how many."""
    deleted, _counts = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - _keep_for()).delete()
    return deleted
