import datetime
import json

import pytest
from django.db import connection
from django.utils import timezone

from safereturn.access import policy
from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.testing.personas import actor_of
from safereturn.tips import services
from safereturn.tips.models import RegisterEntry, Tip, TipEvent

from .conftest import REPORTER, SUBJECT, SUMMARY

pytestmark = pytest.mark.django_db


def _audit(object_id, action=None):
    events = AuditEvent.objects.filter(object_id=str(object_id))
    return events.filter(action=action) if action else events


def test_register_numbers_tips_per_province_and_year_and_encrypts_at_rest(world, new_tip):
    first, second = new_tip(), new_tip()
    year = timezone.localdate().year
    assert first.number == f"TB-92-{year}-000001"
    assert second.number == f"TB-92-{year}-000002"
    assert new_tip(province_id=48, commune_id=None).number == f"TB-48-{year}-000001"
    assert first.receiving_agency == world.hotline and first.status == "new" and first.priority == "normal"
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, subject_name, reporter_name FROM tips_tip WHERE number = %s", [first.number])
        stored = " ".join(cursor.fetchone())
    assert SUMMARY not in stored and "Lụa" not in stored and "Bình" not in stored
    assert Tip.objects.get(pk=first.pk).summary == SUMMARY
    event = TipEvent.objects.get(tip=first)
    assert event.kind == "registered" and event.agency == world.hotline
    audit = _audit(first.pk, "create").get()
    assert (audit.actor_id, audit.agency_id, audit.role) == (world.intake.pk, world.hotline.pk, "intake_officer")


def test_triage_sets_priority_and_status_with_timeline_and_audit(world, new_tip):
    tip = new_tip()
    tip = services.tip_triage(actor=actor_of(world.intake), tip=tip, expected_version=1, priority="urgent")
    assert (tip.status, tip.priority, tip.version) == ("triaged", "urgent", 2)
    assert TipEvent.objects.filter(tip=tip, kind="triaged").get().data == {"priority": ["normal", "urgent"]}
    assert _audit(tip.pk, "status_change").get().details["priority"] == "urgent"


def test_forwarding_gives_the_receiver_access_and_the_first_holder_keeps_it(world, new_tip):
    tip = new_tip()
    police, health = actor_of(world.police_officer), actor_of(world.health_case_worker)
    assert not policy.visible_tips(police).filter(pk=tip.pk).exists()
    tip = services.tip_forward(actor=actor_of(world.intake), tip=tip, expected_version=1, to_agency=world.police)
    assert tip.status == "forwarded" and tip.forwarded_to == world.police
    assert policy.visible_tips(police).filter(pk=tip.pk).exists()
    assert policy.handles_tip(police, tip)
    # The police pass it on to the health department: it now holds the tip, the police no longer do.
    tip = services.tip_forward(actor=police, tip=tip, expected_version=2, to_agency=world.health)
    assert policy.visible_tips(health).filter(pk=tip.pk).exists()
    assert not policy.visible_tips(police).filter(pk=tip.pk).exists()
    assert policy.visible_tips(actor_of(world.intake)).filter(pk=tip.pk).exists()
    kinds = list(TipEvent.objects.filter(tip=tip).order_by("id").values_list("kind", flat=True))
    assert kinds == ["registered", "forwarded", "forwarded"]


def test_forwarding_to_the_agency_already_holding_it_is_refused(world, new_tip):
    tip = new_tip()
    with pytest.raises(errors.StateError):
        services.tip_forward(actor=actor_of(world.intake), tip=tip, expected_version=1, to_agency=world.hotline)
    assert Tip.objects.get(pk=tip.pk).version == 1


def test_link_case_writes_both_timelines_without_identity(world, new_tip, new_case):
    case = new_case()
    tip = new_tip()
    police = actor_of(world.police_officer)
    tip = services.tip_forward(actor=actor_of(world.intake), tip=tip, expected_version=1, to_agency=world.police)
    tip = services.tip_link_case(actor=police, tip=tip, expected_version=tip.version, case=case)
    assert tip.status == "linked" and tip.linked_case == case
    case_event = CaseEvent.objects.get(case=case, kind="tip_linked")
    assert case_event.data == {"tip": tip.number} and case_event.agency == world.police
    for data in [case_event.data] + [e.data for e in TipEvent.objects.filter(tip=tip)]:
        assert "Lụa" not in json.dumps(data, ensure_ascii=False)


def test_link_case_refuses_a_case_the_actor_cannot_see(world, new_tip, new_case):
    case = new_case()  # received by the police; the hotline takes no part in it
    tip = new_tip()
    with pytest.raises(errors.Denied):
        services.tip_link_case(actor=actor_of(world.intake), tip=tip, expected_version=1, case=case)
    tip.refresh_from_db()
    assert tip.status == "new" and tip.linked_case is None and tip.version == 1
    assert not CaseEvent.objects.filter(case=case, kind="tip_linked").exists()


def test_close_needs_a_valid_reason_and_ends_the_tip(world, new_tip):
    tip = new_tip()
    intake = actor_of(world.intake)
    with pytest.raises(ValueError):
        services.tip_close(actor=intake, tip=tip, expected_version=1, reason="")
    with pytest.raises(ValueError):
        services.tip_close(actor=intake, tip=tip, expected_version=1, reason="other", note="  ")
    assert Tip.objects.get(pk=tip.pk).status == "new"
    tip = services.tip_close(actor=intake, tip=tip, expected_version=1, reason="person_found_safe", note="Đã về nhà")
    assert (tip.status, tip.close_reason, tip.close_note) == ("closed", "person_found_safe", "Đã về nhà")
    with pytest.raises(errors.StateError):
        services.tip_triage(actor=intake, tip=tip, expected_version=tip.version, priority="urgent")
    with pytest.raises(errors.StateError):
        services.tip_forward(actor=intake, tip=tip, expected_version=tip.version, to_agency=world.police)


def test_a_stale_version_is_refused_and_changes_nothing(world, new_tip):
    tip = new_tip()
    intake = actor_of(world.intake)
    services.tip_triage(actor=intake, tip=Tip.objects.get(pk=tip.pk), expected_version=1, priority="urgent")
    events, audits = TipEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(errors.Conflict):
        services.tip_close(actor=intake, tip=tip, expected_version=1, reason="duplicate")
    tip.refresh_from_db()
    assert (tip.status, tip.priority, tip.version) == ("triaged", "urgent", 2)
    assert (TipEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_jurisdiction_supervisors_oversee_but_do_not_act(world, new_tip):
    tip = new_tip()
    supervisor = actor_of(world.health_supervisor)
    assert policy.visible_tips(supervisor).filter(pk=tip.pk).exists()
    assert not policy.visible_tips(actor_of(world.health_case_worker)).filter(pk=tip.pk).exists()
    assert policy.visible_tips(actor_of(world.commune_supervisor)).filter(pk=tip.pk).exists()  # its commune
    assert not policy.visible_tips(actor_of(world.elsewhere_officer)).filter(pk=tip.pk).exists()
    with pytest.raises(errors.Denied):
        services.tip_triage(actor=supervisor, tip=tip, expected_version=1, priority="low")


def test_reveal_and_views_are_audited_without_names(world, new_tip):
    tip = new_tip()
    intake = actor_of(world.intake)
    services.tip_viewed(actor=intake, tip=tip)
    services.tip_reveal(actor=intake, tip=tip, reason="Cần gọi lại cho gia đình")
    assert _audit(tip.pk, "view").count() == 1
    assert _audit(tip.pk, "reveal").get().purpose == "Cần gọi lại cho gia đình"
    with pytest.raises(errors.Denied):
        services.tip_reveal(actor=actor_of(world.health_supervisor), tip=tip, reason="Chỉ muốn xem thử thôi")
    for event in AuditEvent.objects.all():
        text = json.dumps(event.details, ensure_ascii=False) + event.purpose
        assert "Lụa" not in text and REPORTER not in text and SUBJECT not in text


# ---- the register -------------------------------------------------------------------------------


def _entry_data(world, **overrides):
    fields = {
        "commune_id": world.commune_a.code,
        "category": "missing_person",
        "full_name": "Hà Thị Mỷ",
        "since": timezone.localdate() - datetime.timedelta(days=40),
        "birth_year": 2008,
        "sex": "female",
        "circumstances": "Đi khỏi địa phương, không rõ tung tích",
    }
    fields.update(overrides)
    return services.RegisterEntryData(**fields)


def test_register_entry_add_update_and_link_case(world, new_tip, new_case):
    commune = actor_of(world.commune_officer)
    tip = new_tip(user=world.commune_officer)
    entry = services.register_entry_add(actor=commune, data=_entry_data(world, linked_tip_id=tip.pk))
    assert entry.province_id == 92 and entry.recording_agency == world.commune_committee and entry.linked_tip == tip
    assert entry.name_keys.count() > 0
    old_keys = set(entry.name_keys.values_list("key", flat=True))
    entry = services.register_entry_update(
        actor=commune, entry=entry, expected_version=1, changes={"full_name": "Hà Thị Mai", "status": "found_safe"}
    )
    assert (entry.full_name, entry.status, entry.version) == ("Hà Thị Mai", "found_safe", 2)
    assert set(entry.name_keys.values_list("key", flat=True)) != old_keys
    change = _audit(entry.pk, "change").get()
    assert change.details["fields"] == {"full_name": "changed", "status": ["open", "found_safe"]}
    # A stale version is refused.
    with pytest.raises(errors.Conflict):
        services.register_entry_update(actor=commune, entry=entry, expected_version=1, changes={"status": "closed"})
    assert RegisterEntry.objects.get(pk=entry.pk).status == "found_safe"
    # Linking to a case: only one the actor can see (the commune takes no part in the police's case).
    case = new_case()
    with pytest.raises(errors.Denied):
        services.register_entry_link_case(actor=commune, entry=entry, expected_version=2, case=case)
    police = actor_of(world.police_officer)  # a provincial agency keeps the register of every commune of its province
    entry = services.register_entry_link_case(actor=police, entry=entry, expected_version=2, case=case)
    assert entry.linked_case == case and entry.version == 3


def test_register_entry_add_is_refused_outside_the_agencys_communes(world):
    with pytest.raises(errors.Denied):
        services.register_entry_add(
            actor=actor_of(world.commune_officer), data=_entry_data(world, commune_id=world.commune_b.code)
        )
    with pytest.raises(errors.Denied):
        services.register_entry_add(
            actor=actor_of(world.police_officer), data=_entry_data(world, commune_id=world.commune_elsewhere.code)
        )
    assert RegisterEntry.objects.count() == 0


def test_register_entry_cannot_link_a_tip_the_actor_cannot_see(world, new_tip):
    tip = new_tip()  # held by the hotline only
    with pytest.raises(errors.Denied):
        services.register_entry_add(
            actor=actor_of(world.commune_officer), data=_entry_data(world, linked_tip_id=tip.pk)
        )
    assert RegisterEntry.objects.count() == 0
