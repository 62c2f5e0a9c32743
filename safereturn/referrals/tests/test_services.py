"""Referral steps: every legal and illegal transition, two officers at once, consent gating, what the
recipient reaches and when it stops, the timeline, the audit trail, notices and the answer deadline."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from safereturn.access import policy
from safereturn.audit.models import AuditEvent
from safereturn.cases.extensions import open_items_blocking_close
from safereturn.cases.models import CaseEvent, CaseParticipant
from safereturn.core import errors
from safereturn.core.work_queues import all_items
from safereturn.notifications.models import Notification
from safereturn.referrals import selectors, services, vocab
from safereturn.referrals.models import Referral
from safereturn.rules.models import SharingException
from safereturn.rules.selectors import add_days

from .conftest import consent_to

pytestmark = pytest.mark.django_db
S, A = vocab.ReferralStatus, vocab.Action


def _draft(world, **changes):
    fields = {
        "kind": "legal_aid",
        "recipient_agency_id": world.legal_aid.pk,
        "sections": ["basic", "protection"],
        "wish": "return_home",
    } | changes
    return services.referral_draft(actor=world.sender, case=world.case, **fields)


def _act(actor, referral, action, **extra):
    if action == A.DECLINE:
        extra.setdefault("decline_reason", "no_capacity")
    version = referral.version
    return services.referral_act(actor=actor, referral=referral, action=action, expected_version=version, **extra)


def _in_state(world, status):
    """A referral brought to ``status`` through the services (the only way in)."""
    referral = _draft(world)
    path = {
        S.DRAFT: [],
        S.SENT: [(world.sender, A.SEND)],
        S.ACCEPTED: [(world.sender, A.SEND), (world.lawyer, A.ACCEPT)],
        S.DECLINED: [(world.sender, A.SEND), (world.lawyer, A.DECLINE)],
        S.COMPLETED: [(world.sender, A.SEND), (world.lawyer, A.ACCEPT), (world.lawyer, A.COMPLETE)],
        S.REVOKED: [(world.sender, A.SEND), (world.sender, A.REVOKE)],
    }[status]
    for actor, action in path:
        referral = _act(actor, referral, action)
    assert referral.status == status
    return referral


# ---- every transition, legal and illegal ---------------------------------------------------------


@pytest.mark.parametrize(("status", "action"), list(itertools.product(S.values, A.values)))
def test_every_step_from_every_state(consented, status, action):
    world = consented
    referral = _in_state(world, status)
    step = vocab.TRANSITIONS.get((action, status))
    # The side that would take this step: the sender sends and revokes, the recipient answers.
    actor = world.sender if action in (A.SEND, A.REVOKE) else world.lawyer
    if step is None:
        expected = (errors.StateError, Http404, errors.Denied)
        with pytest.raises(expected):
            # The recipient of an ended referral no longer reaches it at all.
            referral = policy.referral_for_actor(actor, referral.pk)
            _act(actor, referral, action)
        assert Referral.objects.get(pk=referral.pk).status == status, "nothing changed"
        return
    done = _act(actor, referral, action)
    assert done.status == step[0]
    assert done.version == referral.version


@pytest.mark.parametrize(("status", "action"), [(status, action) for (action, status) in vocab.TRANSITIONS])
def test_every_legal_step_is_refused_to_the_other_side_and_to_outsiders(consented, status, action):
    world = consented
    referral = _in_state(world, status)
    sender_side = vocab.TRANSITIONS[(action, status)][1] == "sender"
    wrong = [world.lawyer, world.director] if sender_side else [world.sender, world.intake, world.overseer]
    for actor in [*wrong, world.outsider]:
        with pytest.raises(errors.Denied):
            _act(actor, referral, action)
    assert Referral.objects.get(pk=referral.pk).status == status


def test_an_unknown_step_is_refused_as_input(consented):
    referral = _draft(consented)
    with pytest.raises(ValidationError) as refused:
        services.referral_act(actor=consented.sender, referral=referral, action="teleport", expected_version=1)
    assert "action" in refused.value.message_dict


# ---- two officers at once ------------------------------------------------------------------------------


def test_two_officers_answer_at_once_one_wins_the_other_is_told(consented):
    world = consented
    referral = _in_state(world, S.SENT)
    first = Referral.objects.get(pk=referral.pk)
    second = Referral.objects.get(pk=referral.pk)
    _act(world.lawyer, first, A.ACCEPT)
    with pytest.raises(errors.Conflict) as lost:
        _act(world.director, second, A.DECLINE)
    assert "Người khác đã thay đổi" in str(lost.value.message)  # the officer is told, in Vietnamese first
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == S.ACCEPTED and stored.decline_reason == ""


def test_sender_revokes_while_recipient_accepts_one_wins(consented):
    world = consented
    referral = _in_state(world, S.SENT)
    stale = Referral.objects.get(pk=referral.pk)
    _act(world.sender, referral, A.REVOKE)
    with pytest.raises((errors.Conflict, Http404, errors.Denied)):
        _act(world.lawyer, stale, A.ACCEPT)
    assert Referral.objects.get(pk=referral.pk).status == S.REVOKED


# ---- consent gating ------------------------------------------------------------------------------------


def test_sending_without_consent_or_exception_is_refused_and_recorded(world):
    referral = _draft(world)
    with pytest.raises(ValidationError) as refused:
        _act(world.sender, referral, A.SEND)
    assert "sự đồng ý" in " ".join(refused.value.message_dict["recipient_agency"])
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == S.DRAFT and stored.sent_at is None and stored.version == referral.version
    assert AuditEvent.objects.filter(object_type="referral", object_id=str(referral.pk), action="denied").exists()
    assert not CaseEvent.objects.filter(case=world.case, kind="referral_sent").exists()


def test_a_consent_for_another_type_does_not_cover_the_recipient(world):
    consent_to(world, "ngo", "social_support_facility")
    with pytest.raises(ValidationError):
        _act(world.sender, _draft(world), A.SEND)


def test_a_withdrawn_consent_no_longer_covers(world):
    consent = consent_to(world, "legal_aid_centre")
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    with pytest.raises(ValidationError):
        _act(world.sender, _draft(world), A.SEND)


def test_consent_naming_the_recipients_type_lets_it_go_and_is_kept(consented):
    referral = _act(consented.sender, _draft(consented), A.SEND)
    assert referral.basis == "consent" and referral.consent is not None
    assert referral.due_date == add_days(timezone.localdate(), referral.rule.answer_days, referral.rule.counting)


def test_a_recorded_legal_exception_lets_it_go(world):
    exception = SharingException.objects.filter(effective_to__isnull=True).first()
    referral = _act(world.sender, _draft(world, legal_exception=exception.pk), A.SEND)
    assert referral.basis == "exception" and referral.sharing_exception_id == exception.pk


def test_bad_draft_input_changes_nothing(world):
    with pytest.raises(ValidationError) as refused:
        _draft(world, sections=[], wish="fly", recipient_agency_id=world.sender.agency.pk, wish_followed=False)
    assert {"sections", "wish", "recipient_agency", "wish_not_followed"} <= set(refused.value.message_dict)
    assert not Referral.objects.exists()


def test_declining_needs_a_reason(consented):
    referral = _in_state(consented, S.SENT)
    with pytest.raises(ValidationError) as refused:
        services.referral_act(
            actor=consented.lawyer, referral=referral, action=A.DECLINE, expected_version=referral.version
        )
    assert "decline_reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _act(consented.lawyer, referral, A.DECLINE, decline_reason="other")
    assert "decline_note" in refused.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.SENT


# ---- what the recipient reaches, and when it stops -------------------------------------------------------


@pytest.mark.parametrize("ending", [S.DECLINED, S.COMPLETED, S.REVOKED])
def test_the_recipient_reaches_the_chosen_sections_only_while_active(consented, ending):
    world = consented
    referral = _draft(world)
    # A draft opens nothing.
    with pytest.raises(Http404):
        policy.referral_for_actor(world.lawyer, referral.pk)
    referral = _act(world.sender, referral, A.SEND)
    opened = policy.referral_for_actor(world.lawyer, referral.pk)
    assert policy.readable_sections(world.lawyer, opened) == ["basic", "protection"]
    # The case itself stays closed to it: no participation is written, nothing else opens.
    with pytest.raises(Http404):
        policy.case_for_actor(world.lawyer, world.case.pk)
    assert not CaseParticipant.objects.filter(case=world.case, agency=world.legal_aid).exists()
    assert not policy.can_reveal_identity(world.lawyer, world.case)
    # A role without case work reads nothing.
    with pytest.raises(Http404):
        policy.referral_for_actor(world.reporting, referral.pk)
    if ending == S.COMPLETED:
        referral = _act(world.lawyer, referral, A.ACCEPT)
        assert policy.readable_sections(world.lawyer, referral) == ["basic", "protection"]
    action = {S.DECLINED: A.DECLINE, S.COMPLETED: A.COMPLETE, S.REVOKED: A.REVOKE}[ending]
    actor = world.sender if action == A.REVOKE else world.lawyer
    referral = _act(actor, referral, action)
    with pytest.raises(Http404):
        policy.referral_for_actor(world.lawyer, referral.pk)
    assert policy.readable_sections(world.lawyer, referral) == []
    assert world.lawyer.agency.pk not in {r.recipient_agency_id for r in policy.referrals_received(world.lawyer)}
    # The sender's side still reads it, through the case.
    assert policy.referral_for_actor(world.sender, referral.pk) == referral


def test_health_is_read_only_by_agency_types_that_read_medical_notes(consented):
    world = consented
    referral = _act(world.sender, _draft(world, sections=["basic", "health"]), A.SEND)
    assert policy.readable_sections(world.lawyer, referral) == ["basic"]


def test_sections_show_no_identity(consented):
    world = consented
    referral = _act(world.sender, _draft(world, sections=list(vocab.Section.values)), A.SEND)
    shown = repr(selectors.section_rows(world.lawyer, referral))
    assert world.case.number in shown
    assert "Duyên" not in shown and "Lò" not in shown


# ---- the record: timeline, audit, notices ----------------------------------------------------------


def test_each_step_is_on_the_timeline_and_audited_and_told(consented, django_capture_on_commit_callbacks):
    world = consented
    with django_capture_on_commit_callbacks(execute=True):
        referral = _in_state(world, S.COMPLETED)
    kinds = list(CaseEvent.objects.filter(case=world.case, kind__startswith="referral_").values_list("kind", flat=True))
    assert sorted(kinds) == sorted(["referral_sent", "referral_accepted", "referral_completed"])
    changes = AuditEvent.objects.filter(object_type="referral", object_id=str(referral.pk), action="status_change")
    assert changes.count() == 3
    told = Notification.objects.filter(object_type="referral", object_id=str(referral.pk))
    assert told.filter(kind="referral_received", recipient=world.lawyer_user).exists()
    assert told.filter(kind="referral_accepted", recipient=world.sender_user).exists()
    assert told.filter(kind="referral_completed").exists()


# ---- the answer deadline: reminder, escalation, work queue ----------------------------------------------


def test_reminder_then_escalation_each_once(consented):
    world = consented
    referral = _in_state(world, S.SENT)
    rule = referral.rule
    before = timezone.make_aware(datetime.datetime.combine(referral.due_date, datetime.time(9)))
    before -= datetime.timedelta(days=rule.remind_days_before + 1)
    assert services.referrals_remind(now=before) == {"reminded": 0, "escalated": 0}
    on_reminder = before + datetime.timedelta(days=1)
    assert services.referrals_remind(now=on_reminder) == {"reminded": 1, "escalated": 0}
    assert services.referrals_remind(now=on_reminder) == {"reminded": 0, "escalated": 0}
    late = add_days(referral.due_date, rule.escalate_days_after, rule.counting) + datetime.timedelta(days=1)
    late = timezone.make_aware(datetime.datetime.combine(late, datetime.time(9)))
    assert services.referrals_remind(now=late) == {"reminded": 0, "escalated": 1}
    assert services.referrals_remind(now=late) == {"reminded": 0, "escalated": 0}
    told = Notification.objects.filter(object_type="referral", object_id=str(referral.pk))
    assert told.filter(kind="referral_reminder").exists() and told.filter(kind="referral_escalated").exists()


def test_an_answered_referral_is_not_pressed(consented):
    referral = _in_state(consented, S.ACCEPTED)
    late = timezone.now() + datetime.timedelta(days=60)
    assert services.referrals_remind(now=late) == {"reminded": 0, "escalated": 0}
    assert Referral.objects.get(pk=referral.pk).reminded_at is None


def test_the_recipient_finds_it_in_its_work_queue_until_answered(consented):
    world = consented
    referral = _in_state(world, S.SENT)
    items = [item for item in all_items(world.lawyer) if f"/referrals/{referral.pk}/" in str(item)]
    assert len(items) == 1 and items[0].due_date == referral.due_date
    _act(world.lawyer, referral, A.ACCEPT)
    assert not [item for item in all_items(world.lawyer) if f"/referrals/{referral.pk}/" in str(item)]


def test_an_active_referral_stops_the_case_being_closed_until_it_ends(consented):
    world = consented
    referral = _in_state(world, S.ACCEPTED)
    items = [item for item in open_items_blocking_close(world.case) if item.source == "referrals"]
    assert len(items) == 1 and items[0].url == f"/referrals/{referral.pk}/"
    _act(world.lawyer, referral, A.COMPLETE)
    assert not [item for item in open_items_blocking_close(world.case) if item.source == "referrals"]
