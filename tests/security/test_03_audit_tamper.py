"""Finding 3: whoever can write the database could rewrite the audit trail unseen.

The attack of the review, scripted: (a) rewrite an event's purpose, recompute every later hash and
move the chain head; (b) delete the tail and move the head back; (c) empty the audit tables. The
chain alone verified all three; the signed checkpoint log outside the database reports each. And
the application's own database role cannot do any of it.
"""

import contextlib
import json
import os

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from safereturn.audit import checkpoints
from safereturn.audit.chain import GENESIS, link_hash, seal_pending, verify_chain
from safereturn.audit.models import AuditChainHead, AuditEvent
from safereturn.audit.services import audit_record

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the attack goes around its triggers and roles (SQLite has neither)",
)


@contextlib.contextmanager
def as_database_writer():
    """A writer with full rights on the database: triggers off, as the tables' owner can do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    else:
        yield


def write_sealed(batches=3, per_batch=3):
    events = []
    for batch in range(batches):
        for i in range(per_batch):
            events.append(
                audit_record(
                    action="break_glass",
                    actor_username=f"officer{batch}{i}",
                    object_type="case",
                    object_id=batch * 10 + i,
                    purpose="urgent medical transfer",
                )
            )
        seal_pending()
    return events


def rechain_and_move_head():
    """What the attacker does after editing or deleting: recompute every hash and move the head."""
    prev, seq = GENESIS, 0
    with as_database_writer():
        for event in AuditEvent.objects.filter(chain_seq__isnull=False).order_by("chain_seq"):
            seq += 1
            event.chain_seq, event.prev_hash = seq, prev
            event.hash = link_hash(prev, event)
            AuditEvent.objects.filter(pk=event.pk).update(chain_seq=seq, prev_hash=prev, hash=event.hash)
            prev = event.hash
        AuditChainHead.objects.filter(id=1).update(last_seq=seq, last_hash=prev if seq else "")


def verify_audit_fails(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit", "--no-seal")
    assert exit_info.value.code == 1
    return capsys.readouterr().err


# ---- the attack, on PostgreSQL -----------------------------------------------------------------


@needs_postgresql
@pytest.mark.django_db
def test_a_rewritten_purpose_with_recomputed_hashes_is_reported(capsys):
    events = write_sealed()
    call_command("verify_audit", "--no-seal")
    assert "intact" in capsys.readouterr().out
    with as_database_writer():
        AuditEvent.objects.filter(pk=events[4].pk).update(purpose="routine check")
        AuditEvent.objects.filter(pk=events[5].pk).delete()
    rechain_and_move_head()
    err = verify_audit_fails(capsys)
    assert "rewritten" in err


@needs_postgresql
@pytest.mark.django_db
def test_b_deleted_tail_with_head_moved_back_is_reported(capsys):
    events = write_sealed()
    with as_database_writer():
        AuditEvent.objects.filter(pk__in=[e.pk for e in events[-4:]]).delete()
    rechain_and_move_head()
    err = verify_audit_fails(capsys)
    assert "events removed" in err


@needs_postgresql
@pytest.mark.django_db
def test_c_truncated_audit_tables_are_reported(capsys):
    write_sealed()
    with as_database_writer(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent, audit_auditchainhead")
    assert not AuditEvent.objects.exists()
    err = verify_audit_fails(capsys)
    assert "chain ends at sequence 0" in err and "events removed" in err


@needs_postgresql
@pytest.mark.django_db
def test_even_the_owner_must_disable_the_triggers_to_truncate_or_rewind():
    write_sealed(batches=1)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL safereturn.allow_audit_truncate = off")
        with pytest.raises(DatabaseError, match="cannot be truncated"), transaction.atomic():
            cursor.execute("TRUNCATE audit_auditevent")
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditChainHead.objects.filter(id=1).update(last_seq=1)
    with pytest.raises(DatabaseError, match="cannot be deleted"), transaction.atomic():
        AuditChainHead.objects.filter(id=1).delete()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_application_role_cannot_rewrite_delete_or_truncate():
    write_sealed(batches=1)
    unsealed = audit_record(action="view", actor_username="officer", object_type="case", object_id=1)
    role = f"sr_test_app_{os.getpid()}"
    call_command("create_db_roles", "--app-role", role)
    params = connection.get_connection_params()
    dsn = {"host": params.get("host") or "127.0.0.1", "port": params.get("port") or 5432, "dbname": params["dbname"]}
    try:
        with psycopg.connect(**dsn, user=role, autocommit=True) as app:
            refused = []
            for statement in (
                "UPDATE audit_auditevent SET purpose = 'routine check'",
                "UPDATE audit_auditevent SET actor_username = 'someone'",
                "DELETE FROM audit_auditevent",
                "TRUNCATE audit_auditevent",
                "TRUNCATE audit_auditchainhead",
                "DELETE FROM audit_auditchainhead",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
                refused.append(statement)
            assert len(refused) == 6
            # What the application does need still works: write an event, seal one, read.
            app.execute(
                "INSERT INTO audit_auditevent (occurred_at, action, actor_username, role, object_type, object_id, "
                "purpose, request_id, details, prev_hash, hash) VALUES (now(), 'view', 'x', '', '', '', '', '', "
                "'{}', '', '')"
            )
            with app.transaction():
                app.execute("SELECT last_seq FROM audit_auditchainhead WHERE id = 1 FOR UPDATE")
                app.execute(
                    "UPDATE audit_auditevent SET chain_seq = 1000, prev_hash = %s, hash = %s WHERE id = %s",
                    [GENESIS, "f" * 64, unsealed.pk],
                )
                raise psycopg.Rollback()  # the sealer's work, not the test's: leave the row unsealed
            # Sealed rows stay sealed even for the sealing columns (the trigger).
            with pytest.raises(psycopg.errors.RaiseException):
                app.execute("UPDATE audit_auditevent SET hash = 'x' WHERE chain_seq = 1")
            assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] >= 4
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


# ---- the checkpoint log, on any database -------------------------------------------------------


@pytest.mark.django_db
def test_every_sealed_batch_appends_a_signed_chained_checkpoint():
    write_sealed(batches=3, per_batch=2)
    logged = checkpoints.read_all()
    assert [c.seq for c in logged] == [2, 4, 6]
    assert [c.count for c in logged] == [2, 2, 2]
    assert logged[0].prev == "" and logged[1].prev == logged[0].sig and logged[2].prev == logged[1].sig
    assert logged[-1].head == AuditChainHead.objects.get().last_hash
    assert verify_chain().ok and verify_chain().checkpoints == 3


@pytest.mark.django_db
def test_a_forged_or_removed_checkpoint_line_is_reported(settings):
    write_sealed(batches=3, per_batch=2)
    path = settings.SAFERETURN_AUDIT_CHECKPOINT_LOG
    with open(path) as handle:
        lines = handle.read().splitlines()
    forged = json.loads(lines[1])
    forged["head"] = "0" * 64
    with open(path, "w") as handle:
        handle.write("\n".join([lines[0], json.dumps(forged), lines[2]]) + "\n")
    result = verify_chain()
    assert not result.ok and "signature does not match" in result.problem
    with open(path, "w") as handle:
        handle.write("\n".join([lines[0], lines[2]]) + "\n")
    result = verify_chain()
    assert not result.ok and "does not follow" in result.problem


@pytest.mark.django_db
def test_a_checkpoint_signed_with_another_key_is_refused(settings):
    write_sealed(batches=1)
    settings.SAFERETURN_AUDIT_CHECKPOINT_KEY = "a key the attacker guessed"
    result = verify_chain()
    assert not result.ok and "signature" in result.problem


@pytest.mark.django_db
def test_a_rewritten_chain_disagrees_with_its_checkpoints():
    events = write_sealed()
    with as_database_writer():
        AuditEvent.objects.filter(pk=events[1].pk).update(purpose="routine check")
    rechain_and_move_head()
    result = verify_chain()
    assert not result.ok and "rewritten" in result.problem and result.bad_seq == 3


@pytest.mark.django_db
def test_a_missing_checkpoint_log_or_unanchored_events_are_reported(settings, tmp_path):
    write_sealed(batches=1)
    settings.SAFERETURN_AUDIT_CHECKPOINT_LOG = str(tmp_path / "elsewhere.log")
    result = verify_chain()
    assert not result.ok and "no checkpoint anchors" in result.problem


@pytest.mark.django_db
def test_a_batch_is_not_sealed_without_its_checkpoint(settings, tmp_path):
    audit_record(action="view", actor_username="officer", object_type="case", object_id=1)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.SAFERETURN_AUDIT_CHECKPOINT_LOG = str(blocker / "audit.log")
    with pytest.raises(OSError):
        seal_pending()
    assert AuditEvent.objects.filter(chain_seq__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_chain_sealed_before_checkpoints_is_anchored_once(settings, tmp_path, capsys):
    write_sealed(batches=2)
    settings.SAFERETURN_AUDIT_CHECKPOINT_LOG = str(tmp_path / "new.log")  # as on the day checkpoints start
    assert not verify_chain().ok
    call_command("verify_audit", "--anchor-existing")
    assert "sequence 6" in capsys.readouterr().out
    assert verify_chain().ok
    call_command("verify_audit", "--anchor-existing")
    assert "nothing to anchor" in capsys.readouterr().out
    write_sealed(batches=1)
    assert verify_chain().ok and verify_chain().checkpoints == 2


@pytest.mark.django_db
def test_a_damaged_log_does_not_stop_sealing_but_is_reported(settings):
    write_sealed(batches=1)
    with open(settings.SAFERETURN_AUDIT_CHECKPOINT_LOG, "a") as handle:
        handle.write('{"v":1,"seq":')  # a write cut short
    write_sealed(batches=1)
    assert AuditEvent.objects.filter(chain_seq__isnull=True).count() == 0
    result = verify_chain()
    assert not result.ok and "line 2 is damaged" in result.problem


@pytest.mark.django_db
def test_a_batch_sealed_while_verifying_is_no_false_alarm(monkeypatch):
    from safereturn.audit import chain

    write_sealed(batches=2)
    walked = chain.verify_checkpoints

    def sealing_meanwhile(last_seq, **kwargs):
        write_sealed(batches=1)  # a sealer runs between the walk and the reading of the log
        return walked(last_seq, **kwargs)

    monkeypatch.setattr(chain, "verify_checkpoints", sealing_meanwhile)
    result = chain.verify_chain()
    assert result.ok, result.problem
