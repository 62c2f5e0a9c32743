import contextlib

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from safereturn.audit.chain import seal_pending, verify_chain
from safereturn.audit.models import AuditChainHead, AuditEvent
from safereturn.audit.services import audit_record

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def tampering():
    """Step around the append-only guard, as an attacker with database access would."""
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


def write_events(n=5):
    return [
        audit_record(action="view", actor_username=f"user{i}", object_type="case", object_id=i, details={"i": i})
        for i in range(n)
    ]


def test_sealed_chain_verifies():
    write_events(5)
    assert seal_pending() == 5
    result = verify_chain()
    assert result.ok and result.checked == 5 and result.unsealed == 0
    head = AuditChainHead.objects.get()
    assert head.last_seq == 5


def test_sealing_twice_changes_nothing_and_new_events_extend_the_chain():
    write_events(3)
    seal_pending()
    assert seal_pending() == 0
    write_events(2)
    assert seal_pending() == 2
    assert verify_chain().checked == 5


def test_sealing_in_small_batches_gives_the_same_chain():
    write_events(7)
    seal_pending(batch_size=2)
    assert verify_chain().ok


def test_edited_row_is_caught():
    events = write_events(5)
    seal_pending()
    with tampering():
        AuditEvent.objects.filter(pk=events[2].pk).update(actor_username="someone else")
    result = verify_chain()
    assert not result.ok
    assert result.bad_event_id == events[2].pk
    assert "changed" in result.problem


def test_deleted_row_is_caught():
    events = write_events(5)
    seal_pending()
    with tampering():
        AuditEvent.objects.filter(pk=events[1].pk).delete()
    result = verify_chain()
    assert not result.ok and result.bad_event_id == events[2].pk


def test_deleted_last_row_is_caught():
    events = write_events(4)
    seal_pending()
    with tampering():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    result = verify_chain()
    assert not result.ok and "sealed up to 4" in result.problem


def test_verify_audit_command_exit_codes(capsys):
    events = write_events(3)
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    with tampering():
        AuditEvent.objects.filter(pk=events[0].pk).update(purpose="rewritten")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit")
    assert exit_info.value.code == 1
    assert f"event id {events[0].pk}" in capsys.readouterr().err


def test_model_refuses_change_and_delete():
    event = write_events(1)[0]
    event.purpose = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_database_trigger_refuses_update_and_delete():
    from django.db import DatabaseError

    event = write_events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    seal_pending()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(purpose="rewritten")
    # Unsealed rows cannot be rewritten either, only sealed.
    other = write_events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).update(actor_username="x")


def test_periodic_job_seals():
    from safereturn.audit.tasks import seal_audit_chain

    write_events(2)
    seal_audit_chain.call_local()
    assert AuditEvent.objects.filter(chain_seq__isnull=True).count() == 0
