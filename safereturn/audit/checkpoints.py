"""Checkpoints: each sealed batch's chain head, signed and written outside the database.

Whoever can write the database can rewrite an event and recompute every later hash, delete the
tail and move the head back, or empty the tables: the chain alone then still verifies. So the
sealer also appends, for every batch, one line to a checkpoint log that the database does not
hold — an append-only file (opened with ``O_APPEND``; in production on storage the database's
users cannot write) — signed with HMAC-SHA256 under ``SAFERETURN_AUDIT_CHECKPOINT_KEY``, a key
the database does not hold either. ``verify_checkpoints`` checks the log's own signatures and
links, then that the chain still holds each checkpoint's head at its sequence number.

One line per batch, JSON (format of decision 20)::

    {"v":1,"seq":<last sequence number>,"event":<last event id>,"head":<its hash>,
     "count":<events in the batch>,"at":<UTC time>,"prev":<previous line's sig, "" first>,"sig":<hex>}

``sig`` is HMAC-SHA256 over the line's other fields as canonical JSON (sorted keys, no spaces).
"""

import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT_VERSION = 1
_TAIL_BYTES = 4096


class CheckpointError(Exception):
    """The checkpoint log cannot be read as written: a line is damaged, unsigned or out of order."""


def log_path():
    path = settings.SAFERETURN_AUDIT_CHECKPOINT_LOG
    if not path:
        raise ImproperlyConfigured("SAFERETURN_AUDIT_CHECKPOINT_LOG is not set")
    return str(path)


def _key():
    key = settings.SAFERETURN_AUDIT_CHECKPOINT_KEY
    if not key:
        raise ImproperlyConfigured("SAFERETURN_AUDIT_CHECKPOINT_KEY is not set")
    return key.encode("utf-8")


def _canonical(fields):
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def sign(fields):
    """The signature of a checkpoint's fields (every field but ``sig``)."""
    unsigned = {name: value for name, value in fields.items() if name != "sig"}
    return hmac.new(_key(), _canonical(unsigned), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    event: int
    head: str
    count: int
    at: str
    prev: str
    sig: str
    line: int = 0

    @classmethod
    def parse(cls, text, line):
        try:
            fields = json.loads(text)
            if fields.get("v") != FORMAT_VERSION:
                raise CheckpointError(f"checkpoint line {line}: unknown format")
            checkpoint = cls(
                seq=int(fields["seq"]),
                event=int(fields["event"]),
                head=str(fields["head"]),
                count=int(fields["count"]),
                at=str(fields["at"]),
                prev=str(fields["prev"]),
                sig=str(fields["sig"]),
                line=line,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CheckpointError(f"checkpoint line {line} is damaged") from exc
        if not hmac.compare_digest(sign(fields), checkpoint.sig):
            raise CheckpointError(f"checkpoint line {line}: signature does not match (forged or altered)")
        return checkpoint


def _last_line(fd):
    size = os.fstat(fd).st_size
    if size == 0:
        return ""
    start = max(0, size - _TAIL_BYTES)
    tail = os.pread(fd, size - start, start).decode("utf-8", errors="replace")
    lines = [line for line in tail.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _signature_of(line):
    """The ``sig`` a line carries, unchecked: a damaged or forged line is ``verify_audit``'s to report,
    and must not stop the sealing of what comes after it."""
    if not line:
        return ""
    try:
        return str(json.loads(line)["sig"])
    except (ValueError, KeyError, TypeError):
        return ""


def append(*, seq, event_id, head, count):
    """Append the checkpoint of a sealed batch (called by the sealer, under the chain head's lock).

    Raises if the log cannot be written, so the batch is not sealed without its checkpoint."""
    path = log_path()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        prev = _signature_of(_last_line(fd))
        fields = {
            "v": FORMAT_VERSION,
            "seq": seq,
            "event": event_id,
            "head": head,
            "count": count,
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "prev": prev,
        }
        fields["sig"] = sign(fields)
        size = os.fstat(fd).st_size
        torn = size and os.pread(fd, 1, size - 1) != b"\n"  # a write cut short: start a line of our own
        os.write(fd, (b"\n" if torn else b"") + _canonical(fields) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock


def read_all():
    """Every checkpoint in the log, oldest first, each signature and link checked.

    Raises ``CheckpointError`` naming the first line that does not hold. A missing log is empty."""
    path = log_path()
    if not os.path.exists(path):
        return []
    checkpoints, prev_sig, prev_seq = [], "", 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            checkpoint = Checkpoint.parse(text, number)
            if checkpoint.prev != prev_sig:
                raise CheckpointError(f"checkpoint line {number} does not follow the line before it (line removed?)")
            # The first line may anchor a chain sealed before checkpoints were kept.
            first = not checkpoints
            if checkpoint.count < 1 or (checkpoint.seq - prev_seq != checkpoint.count and not first):
                raise CheckpointError(f"checkpoint line {number}: sequence {checkpoint.seq} does not follow {prev_seq}")
            checkpoints.append(checkpoint)
            prev_sig, prev_seq = checkpoint.sig, checkpoint.seq
    return checkpoints
