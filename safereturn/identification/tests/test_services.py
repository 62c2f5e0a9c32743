import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from safereturn.access.policy import visible_cases
from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case, CaseEvent, CaseParticipant
from safereturn.core import errors
from safereturn.identification import services, signals
from safereturn.identification.models import IdentificationDecision, VerificationTask
from safereturn.identification.tasks import verification_deadlines
from safereturn.notifications.models import Notification
from safereturn.notifications.selectors import message_of
from safereturn.rules.models import DeadlineRule
from safereturn.rules.selectors import add_days, rule_in_force

pytestmark = pytest.mark.django_db
VICTIM_NAME = "Vi Thị Hoa"


def _task(world, case, **extra):
    return services.verification_task_create(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        kind=extra.pop("kind", "identity"),
        assignee_agency_id=extra.pop("assignee_agency_id", world["agencies"]["police"].pk),
        **extra,
    )


def _evidence(world, case, actor="commune_supervisor"):
    return services.evidence_add(
        actor=world["actors"][actor],
        case=case,
        source="rescuing_body",
        obtained_on=timezone.localdate(),
        description="Biên bản giải cứu",
    )


def _decide(world, case, kind="victim", actor="police_verifier", evidence=None):
    evidence = evidence or _evidence(world, case)
    if actor == "police_verifier" and case.status in ("being_identified", "under_verification"):
        _task(world, case)  # the police take part through a verification task
    case.refresh_from_db()
    return services.identification_decide(
        actor=world["actors"][actor],
        case=case,
        kind=kind,
        decided_on=timezone.localdate(),
        reason="Đủ căn cứ",
        evidence_ids=[evidence.pk],
        expected_version=case.version,
        place="Cần Thơ",
    )


def _start(world, case):
    case.refresh_from_db()
    return services.case_transition(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        transition="start_verification",
        expected_version=case.version,
    )


# ---- tasks, deadlines and access ---------------------------------------------------------------


def test_task_due_date_comes_from_the_rule_and_the_assignee_gets_access(world, make_case):
    case = make_case()
    police = world["actors"]["police_verifier"]
    assert not visible_cases(police).filter(pk=case.pk).exists()
    task = _task(world, case)
    rule = rule_in_force(DeadlineRule, timezone.localdate(case.received_at), step="identity")
    assert task.deadline_rule == rule
    assert task.due_date == add_days(timezone.localdate(), rule.days, rule.counting)
    assert visible_cases(police).filter(pk=case.pk).exists()
    assert CaseParticipant.objects.get(case=case, agency=world["agencies"]["police"], role="assignee").is_active
    event = CaseEvent.objects.get(case=case, kind="verification_task_assigned")
    assert event.data["subject"] == "verification_task" and event.data["task"] == task.pk
    assert event.data["due_date"] == task.due_date.isoformat() and VICTIM_NAME not in str(event.data)
    assert event.kind_label == "Giao nhiệm vụ xác minh"
    assert not CaseEvent.objects.filter(case=case, kind="status_changed").exists(), "the case itself did not move"
    assert AuditEvent.objects.filter(action="create", object_type="verification_task", object_id=str(task.pk)).exists()
    assert Notification.objects.filter(recipient=world["people"]["police_verifier"], kind="verification_assigned")


def test_assignee_loses_access_when_its_last_open_task_closes(world, make_case):
    case = make_case()
    police = world["actors"]["police_verifier"]
    first, second = _task(world, case), _task(world, case, kind="nationality")
    services.verification_task_start(actor=police, task=first)
    services.verification_task_complete(actor=police, task=first, findings="Khớp CCCD")
    changes = CaseEvent.objects.filter(case=case, kind="verification_task_changed", data__task=first.pk)
    assert sorted(e.data["task_status"] for e in changes) == ["done", "in_progress"]
    assert "Khớp CCCD" not in str([e.data for e in changes])
    assert visible_cases(police).filter(pk=case.pk).exists(), "another task is still open"
    services.verification_task_cancel(actor=world["actors"]["commune_supervisor"], task=second)
    assert not visible_cases(police).filter(pk=case.pk).exists()
    participant = CaseParticipant.objects.get(case=case, agency=world["agencies"]["police"], role="assignee")
    assert participant.is_active is False and participant.until is not None
    assert CaseEvent.objects.filter(case=case, kind="participant_ended").exists()
    # A new task gives access again.
    _task(world, case)
    assert visible_cases(police).filter(pk=case.pk).exists()


def test_done_task_cannot_be_reopened_or_finished_twice(world, make_case):
    case = make_case()
    police = world["actors"]["police_verifier"]
    task = _task(world, case)
    services.verification_task_complete(actor=police, task=task, findings="Xong")
    with pytest.raises(errors.Denied):  # access ended with the task
        services.verification_task_start(actor=world["actors"]["other_verifier"], task=task)
    with pytest.raises(errors.StateError):
        services.verification_task_complete(actor=police, task=task, findings="Lại", expected_version=task.version)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"due_date": datetime.date(2020, 1, 1)}, "due_date"),
        ({"assignee_agency_id": 999999}, "assignee_agency"),
        ({"partner_agency_id": 999999}, "partner_agency"),
        ({"kind": "horoscope"}, "kind"),
        ({"start_date": timezone.localdate() + datetime.timedelta(days=2)}, "start_date"),
    ],
)
def test_bad_task_input_is_refused_with_a_field_message(world, make_case, overrides, field):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        _task(world, case, **overrides)
    assert field in exc.value.message_dict
    assert not VerificationTask.objects.exists()
    assert not CaseParticipant.objects.filter(role="assignee").exists()


def test_an_agency_type_that_may_not_verify_cannot_be_assigned(world, make_case):
    with pytest.raises(ValidationError) as exc:
        _task(world, make_case(), assignee_agency_id=world["agencies"]["facility"].pk)
    assert "assignee_agency" in exc.value.message_dict


def test_only_agencies_leading_the_case_assign_tasks(world, make_case):
    case = make_case()
    _task(world, case)
    with pytest.raises(errors.Denied):
        services.verification_task_create(
            actor=world["actors"]["police_verifier"],
            case=case,
            kind="identity",
            assignee_agency_id=world["agencies"]["police"].pk,
        )


def test_evidence_with_a_future_date_or_unknown_agency_or_foreign_document_is_refused(world, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            actor=world["actors"]["commune_supervisor"],
            case=case,
            source="nowhere",
            obtained_on=timezone.localdate() + datetime.timedelta(days=1),
            description="",
            source_agency_id=999999,
            document_ids=[12345],
        )
    assert set(exc.value.message_dict) == {"source", "obtained_on", "description", "source_agency", "documents"}


def test_evidence_is_its_own_timeline_event_without_its_description(world, make_case):
    case = make_case()
    evidence = _evidence(world, case)
    event = CaseEvent.objects.get(case=case, kind="evidence_recorded")
    assert event.data == {"subject": "evidence", "evidence": evidence.pk, "source": "rescuing_body"}
    assert event.kind_label == "Ghi nhận chứng cứ"
    assert not CaseEvent.objects.filter(case=case, kind="document_added").exists()


# ---- transitions ------------------------------------------------------------------------------


def test_the_legal_path_received_verification_identified_closed_reopened(world, make_case):
    case = make_case()
    case = _start(world, case)
    assert case.status == "under_verification" and case.version == 2
    decision = _decide(world, case)
    case.refresh_from_db()
    assert case.status == "identified"
    assert decision.deciding_agency == world["agencies"]["police"]
    assert decision.document_number == "01/GXNNN-CAT"
    assert list(decision.basis.all())
    case = services.case_transition(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        transition="close",
        expected_version=case.version,
        reason="Đã hoàn tất hỗ trợ",
        closure_reason="reintegrated",
        cancel_open_tasks=True,  # the police's task is still open: cancelled with the reason
    )
    assert case.status == "closed"
    case = services.case_transition(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        transition="reopen",
        expected_version=case.version,
        reason="Có thông tin mới",
    )
    assert case.status == "under_verification"
    decision.refresh_from_db()
    assert decision.superseded_at is not None
    kinds = list(CaseEvent.objects.filter(case=case, kind="status_changed").values_list("data", flat=True))
    assert [k["transition"] for k in kinds if "transition" in k][::-1] == [
        "start_verification",
        "identify_victim",
        "close",
        "reopen",
    ]
    assert AuditEvent.objects.filter(action="status_change", object_id=str(case.pk)).count() == 4
    assert all(VICTIM_NAME not in str(k) for k in kinds)
    recorded = CaseEvent.objects.get(case=case, kind="decision_recorded")
    assert recorded.data == {
        "subject": "identification_decision",
        "decision": decision.pk,
        "decision_kind": "victim",
        "number": "01/GXNNN-CAT",
    }
    assert recorded.agency == world["agencies"]["police"]
    assert recorded.kind_label == "Ghi nhận quyết định xác định nạn nhân"


@pytest.mark.parametrize("kind, status", [("not_victim", "not_victim"), ("false_claim", "false_claim")])
def test_other_outcomes(world, make_case, kind, status):
    case = _start(world, make_case())
    decision = _decide(world, case, kind=kind)
    case.refresh_from_db()
    assert case.status == status and decision.document_number == "01/TB-CAT"
    # Numbers run per agency, year and kind of document.
    other = _start(world, make_case())
    assert _decide(world, other, kind=kind).document_number == "02/TB-CAT"


ILLEGAL = [
    ("being_identified", "close"),
    ("being_identified", "reopen"),
    ("under_verification", "start_verification"),
    ("under_verification", "close"),
    ("under_verification", "reopen"),
    ("identified", "start_verification"),
    ("closed", "start_verification"),
    ("closed", "close"),
]


@pytest.mark.parametrize("status, transition", ILLEGAL)
def test_illegal_transitions_are_refused_with_a_clear_message(world, make_case, status, transition):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    with pytest.raises(errors.StateError) as exc:
        services.case_transition(
            actor=world["actors"]["commune_supervisor"],
            case=case,
            transition=transition,
            expected_version=case.version,
            reason="Lý do",
        )
    assert case.get_status_display() in exc.value.message
    case.refresh_from_db()
    assert case.status == status and case.version == 1


@pytest.mark.parametrize("status", ["being_identified", "identified", "not_victim", "false_claim", "closed"])
def test_a_decision_needs_a_case_under_verification(world, make_case, status):
    case = make_case()
    evidence = _evidence(world, case)
    Case.objects.filter(pk=case.pk).update(status=status)
    with pytest.raises(errors.StateError):
        _decide(world, case, evidence=evidence)
    assert not IdentificationDecision.objects.exists()


def test_a_stale_version_is_refused(world, make_case):
    case = make_case()
    with pytest.raises(errors.Conflict):
        services.case_transition(
            actor=world["actors"]["commune_supervisor"], case=case, transition="start_verification", expected_version=7
        )


def test_reopen_needs_a_supervisor_and_a_reason(world, make_case):
    case = _start(world, make_case())
    _decide(world, case)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.case_transition(
            actor=world["actors"]["commune_supervisor"], case=case, transition="reopen", expected_version=case.version
        )
    with pytest.raises(errors.Denied):
        services.case_transition(
            actor=world["actors"]["intake"], case=case, transition="reopen", expected_version=case.version, reason="x"
        )


def test_status_change_sends_the_entitlement_signal_on_commit(world, make_case, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    signals.case_status_changed.connect(listener)
    try:
        case = make_case()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            _start(world, case)
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.case_status_changed.disconnect(listener)
    assert received[0]["case_id"] == case.pk
    assert (received[0]["old_status"], received[0]["new_status"]) == ("being_identified", "under_verification")


# ---- competence by date ------------------------------------------------------------------------


def test_an_agency_type_not_competent_on_the_case_date_cannot_decide(world, make_case):
    case = _start(world, make_case())
    with pytest.raises(errors.Denied) as exc:
        _decide(world, case, actor="commune_supervisor")
    assert "quy định" in str(exc.value.message)
    case.refresh_from_db()
    assert case.status == "under_verification"


def test_a_case_received_before_july_2025_keeps_the_old_competence(world, make_case):
    received = timezone.make_aware(datetime.datetime(2025, 6, 20, 9, 0))
    case = _start(world, make_case(received_at=received))
    decision = _decide(world, case, actor="commune_supervisor")
    assert decision.kind == "victim" and decision.document_number == "01/GXNNN-UBND"
    assert "62/2012" in decision.competence_rule.citation_document


def test_decision_document_context_has_what_the_document_needs(world, make_case):
    case = _start(world, make_case())
    context = services.decision_document_context(_decide(world, case))
    assert context["person_name"] == VICTIM_NAME
    assert context["person_birth_date"] == datetime.date(2001, 3, 4)
    assert context["document_number"] == "01/GXNNN-CAT"
    assert context["agency_name"] == world["agencies"]["police"].name
    assert context["signer_name"] and context["decision_text"] == "Đủ căn cứ" and context["basis"]


def test_return_certificate_is_a_numbered_record_without_status_change(world, make_case, make_officer, make_agency):
    border = make_agency("border_post", province_code=92, short_name="DBP")
    officer = make_officer("verifier", agency=border)
    from safereturn.testing.personas import actor_of

    case = make_case()
    CaseParticipant.objects.create(case=case, agency=border, role="receiver")
    decision = services.return_certificate_issue(
        actor=actor_of(officer), case=case, decided_on=timezone.localdate(), reason="Về nước qua cửa khẩu"
    )
    assert decision.document_number == "01/GCNVN-DBP"
    case.refresh_from_db()
    assert case.status == "being_identified"
    event = CaseEvent.objects.get(case=case, kind="return_certificate_recorded")
    assert event.data["decision"] == decision.pk and event.agency == border
    assert not CaseEvent.objects.filter(case=case, kind__in=["document_added", "decision_recorded"]).exists()
    with pytest.raises(ValidationError):
        services.return_certificate_issue(
            actor=actor_of(officer), case=case, decided_on=timezone.localdate(), reason="Lần hai"
        )
    with pytest.raises(errors.Denied):
        services.return_certificate_issue(
            actor=world["actors"]["police_verifier"], case=case, decided_on=timezone.localdate(), reason="x"
        )


# ---- reminders ---------------------------------------------------------------------------------


def test_the_deadline_job_is_idempotent_and_escalates_once(world, make_case):
    case = make_case(received_at=timezone.now() - datetime.timedelta(days=20))
    task = _task(world, case, start_date=timezone.localdate() - datetime.timedelta(days=19))
    due_soon = _task(world, case, kind="nationality", due_date=timezone.localdate())
    Notification.objects.all().delete()
    VerificationTask.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    first = verification_deadlines.call_local()
    assert first == {"reminded": 1, "overdue": 1, "escalated": 1}
    task.refresh_from_db()
    assert task.status == "overdue" and task.escalated_at is not None
    overdue = CaseEvent.objects.get(case=case, kind="verification_task_changed", data__task=task.pk)
    assert overdue.data["task_status"] == "overdue" and overdue.actor is None
    notes = Notification.objects.values_list("recipient_id", "kind")
    verifier, supervisor = world["people"]["police_verifier"].pk, world["people"]["police_supervisor"].pk
    assert (verifier, "verification_overdue") in notes and (verifier, "verification_due") in notes
    assert (supervisor, "verification_escalated") in notes
    assert (world["people"]["commune_supervisor"].pk, "verification_escalated") in notes
    assert all(VICTIM_NAME not in message_of(n) for n in Notification.objects.all())
    count, escalated_at = Notification.objects.count(), task.escalated_at
    assert services.deadline_sweep() == {"reminded": 0, "overdue": 0, "escalated": 0}
    assert Notification.objects.count() == count
    task.refresh_from_db()
    assert task.escalated_at == escalated_at
    assert due_soon.pk != task.pk
    # Overdue tasks still give access and can be finished.
    assert visible_cases(world["actors"]["police_verifier"]).filter(pk=case.pk).exists()
    services.verification_task_complete(actor=world["actors"]["police_verifier"], task=task, findings="Muộn")


# ---- moving a due date -------------------------------------------------------------------------


def _move(world, task, days=10, actor="commune_supervisor", reason="Chờ kết quả xác minh từ nước ngoài", **extra):
    extra.setdefault("expected_version", task.version)
    return services.verification_task_change_due_date(
        actor=world["actors"][actor],
        task=task,
        due_date=timezone.localdate() + datetime.timedelta(days=days),
        reason=reason,
        **extra,
    )


def test_a_supervisor_of_the_assigning_agency_moves_the_due_date_with_a_reason(world, make_case):
    case = make_case()
    task = _task(world, case)
    old_due, version = task.due_date, task.version
    Notification.objects.all().delete()
    task = _move(world, task, days=40)
    new_due = timezone.localdate() + datetime.timedelta(days=40)
    assert task.due_date == new_due and task.version == version + 1 and task.status == "open"
    event = CaseEvent.objects.get(case=case, kind="verification_due_date_changed")
    assert event.data["task"] == task.pk and event.agency == world["agencies"]["commune"]
    assert event.data["previous_due_date"] == old_due.isoformat() and event.data["due_date"] == new_due.isoformat()
    assert "nước ngoài" not in str(event.data), "the reason is kept encrypted in a note, not in the timeline"
    assert event.kind_label == "Đổi hạn nhiệm vụ xác minh"
    note = case.notes.get(pk=event.data["note"])
    assert note.body == "Chờ kết quả xác minh từ nước ngoài"
    audit = AuditEvent.objects.get(action="change", object_type="verification_task", object_id=str(task.pk))
    assert audit.details["due_date"] == new_due.isoformat() and audit.details["note"] == note.pk
    messages = [
        (n.recipient_id, message_of(n)) for n in Notification.objects.filter(kind="verification_due_date_changed")
    ]
    assert [r for r, _m in messages] == [world["people"]["police_verifier"].pk], "the assignee, not the actor"
    assert f"{old_due:%d/%m/%Y}" in messages[0][1] and f"{new_due:%d/%m/%Y}" in messages[0][1]
    assert VICTIM_NAME not in messages[0][1]


def test_a_supervisor_of_the_assigned_agency_may_move_it_too_but_no_one_else(world, make_case):
    case = make_case()
    task = _task(world, case)
    task = _move(world, task, actor="police_supervisor")
    assert task.version == 2
    for name in ("police_verifier", "other_verifier", "intake", "reporting"):
        with pytest.raises(errors.Denied):
            _move(world, task, days=20, actor=name)
    task.refresh_from_db()
    assert task.version == 2
    assert CaseEvent.objects.filter(kind="verification_due_date_changed").count() == 1


@pytest.mark.parametrize(
    "days, reason, field, message",
    [
        (-1, "Lý do", "due_date", "Hạn hoàn thành mới không thể ở quá khứ."),
        (10, "  ", "reason", "Nêu lý do thay đổi hạn hoàn thành."),
    ],
)
def test_a_due_date_in_the_past_or_no_reason_is_refused_and_changes_nothing(
    world, make_case, days, reason, field, message
):
    case = make_case()
    task = _task(world, case)
    with pytest.raises(ValidationError) as exc:
        _move(world, task, days=days, reason=reason)
    assert exc.value.message_dict[field] == [message]
    task.refresh_from_db()
    assert task.version == 1
    assert not CaseEvent.objects.filter(kind="verification_due_date_changed").exists()
    assert not case.notes.exists()


def test_moving_the_due_date_needs_the_version_the_officer_saw_and_a_task_still_to_do(world, make_case):
    case = make_case()
    task = _task(world, case)
    services.verification_task_start(actor=world["actors"]["police_verifier"], task=task)
    with pytest.raises(errors.Conflict) as exc:
        _move(world, task, expected_version=1)
    assert "Người khác đã thay đổi" in str(exc.value.message)
    task.refresh_from_db()
    services.verification_task_complete(actor=world["actors"]["police_verifier"], task=task, findings="Xong")
    task.refresh_from_db()
    with pytest.raises(errors.StateError) as exc:
        _move(world, task)
    assert exc.value.message == "Nhiệm vụ đang ở trạng thái “Đã hoàn thành”: không thể thay đổi như vậy."
    assert not CaseEvent.objects.filter(kind="verification_due_date_changed").exists()


@pytest.mark.parametrize("before, restored", [("open", "open"), ("in_progress", "in_progress"), ("", "open")])
def test_an_overdue_task_moved_to_a_later_date_goes_back_and_can_be_escalated_again(world, make_case, before, restored):
    case = make_case(received_at=timezone.now() - datetime.timedelta(days=20))
    task = _task(world, case, start_date=timezone.localdate() - datetime.timedelta(days=19))
    if before == "in_progress":
        task = services.verification_task_start(actor=world["actors"]["police_verifier"], task=task)
    VerificationTask.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    assert services.deadline_sweep()["escalated"] == 1
    task.refresh_from_db()
    assert task.status == "overdue" and task.status_before_overdue == (before or "open")
    if not before:  # a task marked overdue before the sweep remembered what it was
        VerificationTask.objects.filter(pk=task.pk).update(status_before_overdue="")
        task.refresh_from_db()
    task = _move(world, task, days=2)
    assert task.status == restored and task.escalated_at is None and task.reminded_at is None
    assert task.status_before_overdue == ""
    event = CaseEvent.objects.get(kind="verification_due_date_changed")
    assert (event.data["previous_task_status"], event.data["task_status"]) == ("overdue", restored)
    assert visible_cases(world["actors"]["police_verifier"]).filter(pk=case.pk).exists()
    # Later, the new date passes too: the sweep marks it overdue and escalates again.
    later = timezone.now() + datetime.timedelta(days=5)
    Notification.objects.all().delete()
    assert services.deadline_sweep(now=later) == {"reminded": 0, "overdue": 1, "escalated": 1}
    task.refresh_from_db()
    assert task.status == "overdue" and task.escalated_at == later
    assert Notification.objects.filter(kind="verification_escalated").exists()


# ---- concurrency -------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_cannot_both_succeed(make_agency, make_officer):
    from django.core.management import call_command

    from safereturn.cases import services as case_services
    from safereturn.rules import seed
    from safereturn.rules.models import AgencyCompetenceRule
    from safereturn.testing.personas import actor_of, record_case

    call_command("load_geography", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    seed.load(DeadlineRule, AgencyCompetenceRule)
    agency = make_agency("commune_committee", level="commune", commune_code=31510)
    actor = actor_of(make_officer("supervisor", agency=agency))
    case = record_case(actor, person=case_services.PersonData(full_name="Tạ Thị Gấm"), province_id=92, commune_id=31510)
    results, barrier = [], threading.Barrier(2)

    def move():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.case_transition(
                actor=actor, case=Case.objects.get(pk=case.pk), transition="start_verification", expected_version=1
            )
            results.append("ok")
        except (errors.Conflict, errors.StateError):
            results.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=move) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    case.refresh_from_db()
    assert case.status == "under_verification" and case.version == 2
    assert CaseEvent.objects.filter(case=case, kind="status_changed").count() == 1
