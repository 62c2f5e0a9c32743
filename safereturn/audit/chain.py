"""The hash chain: how an event is serialised, sealed and verified."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from . import checkpoints
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
SEALED_FIELDS = (
    "id",
    "occurred_at",
    "action",
    "actor_id",
    "actor_username",
    "agency_id",
    "role",
    "object_type",
    "object_id",
    "purpose",
    "ip_address",
    "request_id",
    "details",
    "chain_seq",
)


def canonical(event):
    """A stable byte string of the event's content, identical on SQLite and PostgreSQL."""
    payload = {}
    for field in SEALED_FIELDS:
        value = getattr(event, field)
        if field == "occurred_at":
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        payload[field] = value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def link_hash(prev_hash, event):
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(event)).hexdigest()


def seal_pending(batch_size=2000):
    """Link unsealed events into the chain, oldest first. Returns how many were sealed.

    One short transaction per batch holds the chain head's row lock; writers never take it. Each
    batch's head is appended to the checkpoint log before the transaction commits: if the log
    cannot be written, the batch is not sealed.
    """
    total = 0
    while True:
        with transaction.atomic():
            AuditChainHead.objects.get_or_create(id=1)
            head = AuditChainHead.objects.select_for_update().get(id=1)
            pending = list(AuditEvent.objects.filter(chain_seq__isnull=True).order_by("id")[:batch_size])
            if not pending:
                return total
            prev_hash, seq = head.last_hash or GENESIS, head.last_seq
            for event in pending:
                seq += 1
                event.chain_seq = seq
                event.prev_hash = prev_hash
                event.hash = link_hash(prev_hash, event)
                prev_hash = event.hash
            AuditEvent.objects.bulk_update(pending, ["chain_seq", "prev_hash", "hash"], batch_size=500)
            head.last_seq, head.last_hash, head.sealed_at = seq, prev_hash, timezone.now()
            head.save(update_fields=["last_seq", "last_hash", "sealed_at"])
            checkpoints.append(seq=seq, event_id=pending[-1].pk, head=prev_hash, count=len(pending))
            total += len(pending)


@dataclass
class VerificationResult:
    ok: bool
    checked: int
    unsealed: int
    problem: str = ""
    bad_event_id: int | None = None
    bad_seq: int | None = None
    checkpoints: int = 0


def verify_checkpoints(last_seq, chunk_size=1000):
    """Compare the chain (already walked up to ``last_seq``) with the signed checkpoint log.

    Every checkpoint's sequence number must still hold the hash it recorded, and the last
    checkpoint must be the end of the chain: a rewritten event changes the hashes the later
    checkpoints recorded; a deleted tail or emptied table leaves checkpoints past the chain's end;
    events slipped in after the last checkpoint are anchored by none. Returns an error result or
    the number of checkpoints checked."""
    try:
        # Under the head's lock no sealer is between writing a checkpoint and committing its batch:
        # the log read here matches what the database has committed.
        with transaction.atomic():
            AuditChainHead.objects.select_for_update().filter(id=1).first()
            logged = checkpoints.read_all()
    except checkpoints.CheckpointError as exc:
        return VerificationResult(False, 0, 0, f"checkpoint log: {exc}")
    if not logged:
        if last_seq:
            return VerificationResult(
                False, 0, 0, f"no checkpoint anchors the {last_seq} sealed event(s) (checkpoint log missing or empty)"
            )
        return 0
    for start in range(0, len(logged), chunk_size):
        chunk = logged[start : start + chunk_size]
        stored = dict(AuditEvent.objects.filter(chain_seq__in=[c.seq for c in chunk]).values_list("chain_seq", "hash"))
        for checkpoint in chunk:
            # A batch sealed since the walk ended is in the database now; a removed one is not.
            if checkpoint.seq > last_seq and stored.get(checkpoint.seq) != checkpoint.head:
                return VerificationResult(
                    False,
                    0,
                    0,
                    f"chain ends at sequence {last_seq} but the checkpoint log (line {checkpoint.line}) "
                    f"recorded sealing up to {checkpoint.seq}: events removed",
                    None,
                    last_seq,
                )
            if stored.get(checkpoint.seq) != checkpoint.head:
                event_id = AuditEvent.objects.filter(chain_seq=checkpoint.seq).values_list("pk", flat=True).first()
                return VerificationResult(
                    False,
                    0,
                    0,
                    f"sequence {checkpoint.seq} no longer has the hash checkpoint line {checkpoint.line} "
                    "recorded: the chain was rewritten at or before it",
                    event_id,
                    checkpoint.seq,
                )
    if logged[-1].seq < last_seq:
        return VerificationResult(
            False,
            0,
            0,
            f"events after sequence {logged[-1].seq} up to {last_seq} are anchored by no checkpoint",
            None,
            logged[-1].seq + 1,
        )
    return len(logged)


def verify_chain(chunk_size=5000):
    """Walk the chain in order; report the first event whose link does not hold, then compare the
    chain with the signed checkpoints kept outside the database."""
    head = AuditChainHead.objects.filter(id=1).first()
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    queryset = AuditEvent.objects.filter(chain_seq__isnull=False).order_by("chain_seq")
    for event in queryset.iterator(chunk_size=chunk_size):
        if event.chain_seq != expected_seq:
            return VerificationResult(
                False, checked, 0, f"missing event(s) before sequence {event.chain_seq}", event.pk, event.chain_seq
            )
        if event.prev_hash != expected_prev:
            return VerificationResult(False, checked, 0, "link to previous event broken", event.pk, event.chain_seq)
        if link_hash(expected_prev, event) != event.hash:
            return VerificationResult(False, checked, 0, "content changed after sealing", event.pk, event.chain_seq)
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq != last_seq or (head.last_seq and head.last_hash != expected_prev)):
        return VerificationResult(
            False, checked, 0, f"chain ends at sequence {last_seq} but was sealed up to {head.last_seq}", None, last_seq
        )
    if head is None and checked:
        return VerificationResult(False, checked, 0, "chain head record is missing")
    anchored = verify_checkpoints(last_seq)
    if isinstance(anchored, VerificationResult):
        anchored.checked = checked
        return anchored
    unsealed = AuditEvent.objects.filter(chain_seq__isnull=True).count()
    return VerificationResult(True, checked, unsealed, checkpoints=anchored)


def anchor_existing_chain():
    """Write the first checkpoint for a chain sealed before checkpoints were kept (once, on an empty
    log, after ``verify_chain`` found the chain whole). Returns the sequence number anchored, or None
    when the log already holds checkpoints or nothing is sealed."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        if head is None or not head.last_seq or checkpoints.read_all():
            return None
        last = AuditEvent.objects.get(chain_seq=head.last_seq)
        checkpoints.append(seq=head.last_seq, event_id=last.pk, head=head.last_hash, count=head.last_seq)
        return head.last_seq
