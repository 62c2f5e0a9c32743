"""Stays: admission, transfer, discharge, extension, over capacity, the cap and its warning. Every refusal
changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.core.work_queues import all_items
from safereturn.notifications.models import Notification
from safereturn.notifications.selectors import message_of
from safereturn.shelters import selectors, services
from safereturn.shelters.models import FacilityPlaces, OverCapacityDecision, Stay, StayExtension

TODAY = timezone.localdate


def days(n):
    return datetime.timedelta(days=n)


def admit(world, case, *, user=None, group="women", on=None, decision=None):
    return services.stay_admit(
        actor=world.actor(user or world.worker),
        case=case,
        group=group,
        admitted_on=on or TODAY() - days(2),
        over_capacity_decision_id=decision,
    )


def snapshot(case):
    return (
        list(Stay.objects.filter(case__person_id=case.person_id).values_list("pk", "discharged_on", "version")),
        CaseEvent.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
    )


def refused(call, case, *fields, exc=ValidationError):
    before = snapshot(case)
    with pytest.raises(exc) as raised:
        call()
    assert snapshot(case) == before, "a refusal changed something"
    if fields:
        assert set(fields) <= set(raised.value.message_dict), raised.value.message_dict
    return raised.value


def test_admission_counts_120_days_from_admission_and_is_recorded(world):
    case = world.case()
    stay = admit(world, case, on=TODAY() - days(3))
    assert stay.allowed_until == TODAY() - days(3) + days(119)
    assert stay.cap_rule.length == 120 and stay.cap_rule.unit == "days"
    assert "162/2025" in stay.cap_rule.citation_document
    event = CaseEvent.objects.get(case=case, kind="stay_admitted")
    assert event.data["stay"] == stay.pk and event.data["group"] == "women"
    assert AuditEvent.objects.filter(object_type="shelter_stay", object_id=str(stay.pk), action="create").exists()
    assert selectors.occupancy_counts([world.shelter.pk]) == {(world.shelter.pk, "women"): 1}
    assert services.days_used(case) == 4


def test_a_case_received_before_july_2025_keeps_three_months_of_food(world):
    case = world.case(received_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 9)))
    stay = admit(world, case, on=datetime.date(2025, 6, 10))
    assert stay.cap_rule.unit == "months" and stay.cap_rule.length == 3
    assert stay.allowed_until == datetime.date(2025, 9, 9)  # 92 days: 10 June to 9 September inclusive


def test_overlapping_stays_of_the_same_person_are_refused(world):
    case = world.case()
    admit(world, case, on=TODAY() - days(5))
    refused(lambda: admit(world, case, on=TODAY() - days(1)), case, "admitted_on")
    # A second case of the same person at another facility: the same person cannot be in two places.
    second = world.case(days_ago=3, full_name="Hà Thị Nhung")
    second.person_id = case.person_id
    second.save(update_fields=["person"])
    world.refer_to_other(second)
    refused(lambda: admit(world, second, user=world.other_worker, on=TODAY()), second, "admitted_on")


def test_a_finished_stay_does_not_block_a_new_one_after_it(world):
    case = world.case(days_ago=30)
    stay = admit(world, case, on=TODAY() - days(20))
    services.stay_discharge(
        actor=world.actor(world.worker), case=case, stay=stay, discharged_on=TODAY() - days(10), reason="left"
    )
    refused(lambda: admit(world, case, on=TODAY() - days(12)), case, "admitted_on")
    again = admit(world, case, on=TODAY() - days(10))
    # The cap counts the first stay's ten nights: 110 days remain from the new admission.
    assert again.allowed_until == TODAY() - days(10) + days(109)


@pytest.mark.parametrize(
    ("on", "field"),
    [(lambda: TODAY() + days(1), "admitted_on"), (lambda: TODAY() - days(11), "admitted_on")],
    ids=["in the future", "before the case was received"],
)
def test_admission_dates_outside_the_case_are_refused(world, on, field):
    case = world.case(days_ago=10)
    refused(lambda: admit(world, case, on=on()), case, field)


def test_admission_on_a_closed_case_is_refused(world):
    case = world.case()
    case.status = "closed"
    case.save(update_fields=["status"])
    refused(lambda: admit(world, case), case, "__all__")


def test_a_group_not_suited_to_the_person_is_refused(world):
    woman = world.case()
    refused(lambda: admit(world, woman, group="men"), woman, "group")
    refused(lambda: admit(world, woman, group="children"), woman, "group")
    man = world.case(full_name="Lê Văn Tâm", sex="male")
    refused(lambda: admit(world, man, group="women"), man, "group")


def test_discharge_before_admission_or_in_the_future_is_refused(world):
    case = world.case()
    stay = admit(world, case, on=TODAY() - days(3))
    actor = world.actor(world.worker)
    for day in (TODAY() - days(4), TODAY() + days(1)):
        refused(
            lambda day=day: services.stay_discharge(
                actor=actor, case=case, stay=stay, discharged_on=day, reason="returned_home"
            ),
            case,
            "discharged_on",
        )
    refused(
        lambda: services.stay_discharge(actor=actor, case=case, stay=stay, discharged_on=TODAY(), reason="nonsense"),
        case,
        "reason",
    )
    services.stay_discharge(
        actor=actor, case=case, stay=stay, discharged_on=TODAY(), reason="returned_home", destination="Về nhà mẹ"
    )
    stay.refresh_from_db()
    assert stay.discharged_on == TODAY() and stay.destination == "Về nhà mẹ"
    refused(
        lambda: services.stay_discharge(actor=actor, case=case, stay=stay, discharged_on=TODAY(), reason="left"),
        case,
        exc=errors.StateError,
    )


def test_a_stale_version_is_a_conflict(world):
    case = world.case()
    stay = admit(world, case)
    actor = world.actor(world.worker)
    refused(
        lambda: services.stay_discharge(
            actor=actor, case=case, stay=stay, discharged_on=TODAY(), reason="left", expected_version=stay.version + 1
        ),
        case,
        exc=errors.Conflict,
    )


def test_admission_over_capacity_needs_a_supervisors_decision_not_ones_own(world):
    first, second, third = world.case(), world.case(full_name="Trần Thị Lan"), world.case(full_name="Vũ Thị Mai")
    admit(world, first)
    admit(world, second)  # the two women's places are taken
    error = refused(lambda: admit(world, third), third, "over_capacity_decision")
    assert "2" in " ".join(error.message_dict["over_capacity_decision"])
    supervisor = world.actor(world.supervisor)
    decision = services.over_capacity_allow(actor=supervisor, case=third, group="women", reason="Đang bị đe dọa")
    assert OverCapacityDecision.objects.get(pk=decision.pk).reason == "Đang bị đe dọa"
    # The supervisor cannot use their own decision to admit.
    refused(lambda: admit(world, third, user=world.supervisor, decision=decision.pk), third, "over_capacity_decision")
    stay = admit(world, third, decision=decision.pk)
    assert stay.over_capacity_decision_id == decision.pk
    assert selectors.occupancy([world.shelter])[0].groups[0].over


def test_an_over_capacity_decision_is_used_once(world):
    cases = [world.case(full_name=f"Nguyễn Thị {n}") for n in ("An", "Bình", "Chi", "Dung")]
    admit(world, cases[0])
    admit(world, cases[1])
    decision = services.over_capacity_allow(
        actor=world.actor(world.supervisor), case=cases[2], group="women", reason="Khẩn cấp"
    )
    admit(world, cases[2], decision=decision.pk)
    # Another case cannot borrow it, nor can it serve twice.
    refused(lambda: admit(world, cases[3], decision=decision.pk), cases[3], "over_capacity_decision")


def test_only_the_facilitys_staff_admit_and_only_its_supervisor_decides(world):
    case = world.case()
    for user in (world.outsider, world.police_supervisor, world.other_worker):
        refused(lambda user=user: admit(world, case, user=user), case, exc=errors.Denied)
    refused(
        lambda: services.over_capacity_allow(actor=world.actor(world.worker), case=case, group="women", reason="x" * 9),
        case,
        exc=errors.Denied,
    )


def test_a_transfer_ends_one_stay_and_starts_the_next_carrying_the_days(world):
    case = world.case(days_ago=30)
    stay = admit(world, case, on=TODAY() - days(20))
    actor = world.actor(world.worker)
    # The other facility does not take part yet: refused, nothing changed.
    refused(
        lambda: services.stay_transfer(
            actor=actor,
            case=case,
            stay=stay,
            to_facility_id=world.other_shelter.pk,
            transferred_on=TODAY(),
            group="women",
        ),
        case,
        "to_facility",
    )
    world.refer_to_other(case)
    refused(
        lambda: services.stay_transfer(
            actor=actor,
            case=case,
            stay=stay,
            to_facility_id=world.other_shelter.pk,
            transferred_on=TODAY() - days(21),
            group="women",
        ),
        case,
        "transferred_on",
    )
    new = services.stay_transfer(
        actor=actor, case=case, stay=stay, to_facility_id=world.other_shelter.pk, transferred_on=TODAY(), group="women"
    )
    stay.refresh_from_db()
    assert stay.discharged_on == TODAY() and stay.discharge_reason == "transferred"
    assert new.facility_id == world.other_shelter.pk and new.transferred_from_id == stay.pk
    assert new.allowed_until == stay.allowed_until  # the same cap: 20 nights used, 100 days from today
    assert CaseEvent.objects.filter(case=case, kind="stay_transferred").count() == 1


def test_a_transfer_refused_at_the_receiving_end_leaves_the_first_stay_open(world):
    case = world.case(days_ago=30)
    stay = admit(world, case, on=TODAY() - days(20))
    world.refer_to_other(case)
    FacilityPlaces.objects.filter(facility=world.other_shelter, group="women").update(places=0)
    refused(
        lambda: services.stay_transfer(
            actor=world.actor(world.worker),
            case=case,
            stay=stay,
            to_facility_id=world.other_shelter.pk,
            transferred_on=TODAY(),
            group="women",
        ),
        case,
        "over_capacity_decision",
    )
    stay.refresh_from_db()
    assert stay.is_current


def test_an_extension_decision_lengthens_the_stay(world):
    case = world.case(days_ago=130)
    stay = admit(world, case, on=TODAY() - days(110))
    assert stay.allowed_until == TODAY() + days(9)
    worker, director = world.actor(world.worker), world.actor(world.supervisor)
    extend = dict(
        case=case, stay=stay, decision_number="15/QĐ-TTCTXH", decided_on=TODAY(), reason="Chưa có nơi ở an toàn"
    )
    refused(lambda: services.stay_extend(actor=worker, new_end=TODAY() + days(40), **extend), case, exc=errors.Denied)
    refused(lambda: services.stay_extend(actor=director, new_end=TODAY() + days(9), **extend), case, "new_end")
    refused(
        lambda: services.stay_extend(
            actor=director, new_end=TODAY() + days(40), **{**extend, "decided_on": TODAY() + days(1)}
        ),
        case,
        "decided_on",
    )
    refused(
        lambda: services.stay_extend(actor=director, new_end=TODAY() + days(40), **{**extend, "decision_number": " "}),
        case,
        "decision_number",
    )
    extension = services.stay_extend(actor=director, new_end=TODAY() + days(40), **extend)
    stay.refresh_from_db()
    assert stay.allowed_until == TODAY() + days(40) and extension.previous_end == TODAY() + days(9)
    assert StayExtension.objects.get(pk=extension.pk).reason == "Chưa có nơi ở an toàn"
    assert CaseEvent.objects.get(case=case, kind="stay_extended").data["new_end"] == (TODAY() + days(40)).isoformat()


def test_the_warning_before_the_cap_is_sent_once_and_waits_in_the_work_queue(world):
    near = world.case(days_ago=120)
    far = world.case(days_ago=20, full_name="Phạm Thị Hoa")
    near_stay = admit(world, near, on=TODAY() - days(110))  # last day in 9 days: within the 14 days' warning
    admit(world, far, on=TODAY() - days(10))
    assert services.cap_warning_sweep() == 1
    assert services.cap_warning_sweep() == 0, "idempotent: nobody is warned twice"
    notices = Notification.objects.filter(kind="shelter_stay_cap_near")
    assert set(notices.values_list("recipient_id", flat=True)) == {world.worker.pk, world.supervisor.pk}
    assert all(near.number in str(message_of(n)) and "Nhung" not in str(message_of(n)) for n in notices)
    assert CaseEvent.objects.filter(case=near, kind="stay_cap_near").count() == 1
    items = all_items(world.actor(world.worker))
    assert [item.stay.pk for item in items if hasattr(item, "stay")] == [near_stay.pk]
    assert near.number in str(items[0]) and "Nhung" not in str(items[0])
    # An extension moves the end: the new end is warned of in its turn, once.
    services.stay_extend(
        actor=world.actor(world.supervisor),
        case=near,
        stay=near_stay,
        new_end=TODAY() + days(60),
        decision_number="1/QĐ",
        decided_on=TODAY(),
        reason="Cần thêm thời gian",
    )
    assert services.cap_warning_sweep(today=TODAY()) == 0
    assert services.cap_warning_sweep(today=TODAY() + days(50)) == 1


def test_places_are_versioned_and_kept_by_the_supervisor(world):
    supervisor = world.actor(world.supervisor)
    row = FacilityPlaces.objects.get(facility=world.shelter, group="women")
    services.places_update(actor=supervisor, facility=world.shelter, changes={"women": (8, row.version)})
    row.refresh_from_db()
    assert row.places == 8 and row.version == 2
    with pytest.raises(errors.Conflict):  # an editor who loaded version 1
        services.places_update(actor=supervisor, facility=world.shelter, changes={"women": (9, 1)})
    row.refresh_from_db()
    assert row.places == 8
    with pytest.raises(errors.Denied):
        services.places_update(actor=world.actor(world.worker), facility=world.shelter, changes={"women": (9, 2)})
    with pytest.raises(ValidationError):
        services.places_update(actor=supervisor, facility=world.shelter, changes={"women": (-1, 2)})
