"""Meetings, action items, their reminders and the directory for officers: services, policy, pages, API."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.coordination import selectors, services
from safereturn.coordination.models import ActionItem, Meeting
from safereturn.core import errors
from safereturn.core.work_queues import all_items
from safereturn.directory.models import FacilityService, FocalPoint
from safereturn.notifications.models import Notification
from safereturn.shelters.models import FacilityPlaces
from safereturn.testing.personas import actor_of, new_agency, new_officer, record_case

TODAY = timezone.localdate


@dataclass
class World:
    guard: Any  # the border guard's officer who records the joint reception
    health: Any  # the health department's case worker: owner of an action item
    shelter_worker: Any
    outsider: Any  # a police case worker of Cần Thơ who was not there
    province_supervisor: Any  # a supervisor of the province's police: oversees the province's meetings
    commune_supervisor: Any  # a supervisor of a commune agency: not a provincial supervisor
    far_supervisor: Any  # a provincial supervisor of Đà Nẵng
    auditor: Any  # a non-case role of an agency taking part
    agencies: dict


@pytest.fixture
def world(db):
    guard = new_agency("border_guard", name="Bộ đội Biên phòng Cần Thơ (thử)", short_name="BĐBP")
    health = new_agency("health_department", name="Sở Y tế Cần Thơ (thử)")
    shelter = new_agency("social_support_facility", name="Trung tâm Công tác xã hội Cần Thơ (thử)")
    police = new_agency("province_police", name="Công an Cần Thơ (thử)")
    commune = new_agency("commune_committee", level="commune", commune_code=31510, name="UBND Phú Lợi (thử)")
    far = new_agency("health_department", province_code=48, name="Sở Y tế Đà Nẵng (thử)")
    return World(
        guard=actor_of(new_officer("intake_officer", agency=guard)),
        health=actor_of(new_officer("case_worker", agency=health)),
        shelter_worker=actor_of(new_officer("case_worker", agency=shelter)),
        outsider=actor_of(new_officer("case_worker", agency=police)),
        province_supervisor=actor_of(new_officer("supervisor", agency=police)),
        commune_supervisor=actor_of(new_officer("supervisor", agency=commune)),
        far_supervisor=actor_of(new_officer("supervisor", agency=far)),
        auditor=actor_of(new_officer("auditor", agency=health)),
        agencies={"guard": guard, "health": health, "shelter": shelter, "police": police, "far": far},
    )


def _data(world, **changes):
    fields = {
        "kind": "joint_reception",
        "held_on": TODAY(),
        "purpose": "Tiếp nhận 5 phụ nữ trở về qua cửa khẩu",
        "place": "Cửa khẩu cảng Cần Thơ",
        "minutes": "Thống nhất đưa 3 người về Trung tâm",
        "decisions": "Sở Y tế xác minh trong 7 ngày",
        "agency_ids": [world.agencies["health"].pk, world.agencies["shelter"].pk],
    }
    fields.update(changes)
    return services.MeetingData(**fields)


def _meeting(world, **changes):
    return services.meeting_record(actor=world.guard, data=_data(world, **changes))


def test_a_meeting_is_recorded_with_the_recorders_agency_and_audited(world):
    meeting = _meeting(world)
    assert set(meeting.agencies.values_list("pk", flat=True)) == {
        world.agencies["guard"].pk,
        world.agencies["health"].pk,
        world.agencies["shelter"].pk,
    }
    assert meeting.province_id == 92 and meeting.organiser == world.agencies["guard"]
    event = AuditEvent.objects.get(object_type="meeting", object_id=str(meeting.pk), action="create")
    assert "Thống nhất" not in str(event.details)  # the minutes never reach the audit trail
    # Encrypted at rest: the column holds no clear text.
    raw = Meeting.objects.filter(pk=meeting.pk).values_list("minutes", flat=True).query
    assert "Thống nhất" not in str(raw)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purpose": "  "}, "purpose"),
        ({"kind": "party"}, "kind"),
        ({"agency_ids": []}, "agencies"),
        ({"held_on": datetime.date(1990, 1, 1)}, "held_on"),
        ({"province_id": 48}, "province"),
        ({"case_numbers": ["92-2026-999999"]}, "case_numbers"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(world, changes, field):
    with pytest.raises(ValidationError) as caught:
        _meeting(world, **changes)
    assert field in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_who_sees_a_meeting(world):
    meeting = _meeting(world)
    seeing = {world.guard, world.health, world.shelter_worker, world.province_supervisor}
    for actor in (world.guard, world.health, world.shelter_worker, world.province_supervisor, world.outsider,
                  world.commune_supervisor, world.far_supervisor, world.auditor):  # fmt: skip
        assert services.policy.visible_meetings(actor).filter(pk=meeting.pk).exists() == (actor in seeing), actor
    assert services.policy.can_edit_meeting(world.health, meeting)
    assert not services.policy.can_edit_meeting(world.province_supervisor, meeting)  # oversees, does not edit
    with pytest.raises(errors.Denied):
        services.meeting_update(actor=world.outsider, meeting=meeting, data=_data(world), expected_version=1)


def test_two_editors_one_wins_the_other_is_told(world):
    meeting = _meeting(world)
    services.meeting_update(actor=world.health, meeting=meeting, data=_data(world, purpose="Một"), expected_version=1)
    stale = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(errors.Conflict):
        services.meeting_update(actor=world.guard, meeting=stale, data=_data(world, purpose="Hai"), expected_version=1)
    assert Meeting.objects.get(pk=meeting.pk).purpose == "Một"


def test_action_items_reach_the_owners_work_queue_and_are_done_once(world):
    meeting = _meeting(world)
    item = services.action_item_add(
        actor=world.guard,
        meeting=meeting,
        description="Xác minh nhân thân",
        owner_agency_id=world.agencies["health"].pk,
        due_date=TODAY() + datetime.timedelta(days=7),
    )
    assert Notification.objects.filter(kind="action_item_assigned", recipient=world.health.user).exists()
    queue = all_items(world.health, scope="agency")
    assert [q.item.pk for q in queue if hasattr(q, "item")] == [item.pk]
    assert "Xác minh" not in str(queue[0])  # the queue shows the meeting's date, not the item's text
    assert not [q for q in all_items(world.outsider, scope="agency") if hasattr(q, "item")]
    services.action_item_set_status(actor=world.health, item=item, status="done", expected_version=1)
    with pytest.raises(errors.Conflict):
        services.action_item_set_status(actor=world.guard, item=item, status="cancelled", expected_version=1)
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == TODAY()
    assert not [q for q in all_items(world.health, scope="agency") if hasattr(q, "item")]


def test_an_item_owner_must_take_part_and_its_officer_work_there(world):
    meeting = _meeting(world)
    with pytest.raises(ValidationError) as caught:
        services.action_item_add(
            actor=world.guard,
            meeting=meeting,
            description="Việc",
            owner_agency_id=world.agencies["police"].pk,
            due_date=TODAY(),
        )
    assert "owner_agency" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.action_item_add(
            actor=world.guard,
            meeting=meeting,
            description="Việc",
            owner_agency_id=world.agencies["health"].pk,
            owner_officer_id=world.outsider.user.pk,
            due_date=TODAY(),
        )
    assert "owner_officer" in caught.value.message_dict
    assert not ActionItem.objects.exists()


def test_reminders_go_once_before_the_due_date_and_once_when_overdue(world):
    meeting = _meeting(world)
    soon = services.action_item_add(
        actor=world.guard,
        meeting=meeting,
        description="Sắp đến hạn",
        owner_agency_id=world.agencies["health"].pk,
        due_date=TODAY() + datetime.timedelta(days=2),
    )
    late = services.action_item_add(
        actor=world.guard,
        meeting=meeting,
        description="Quá hạn",
        owner_agency_id=world.agencies["shelter"].pk,
        due_date=TODAY() + datetime.timedelta(days=30),
    )
    ActionItem.objects.filter(pk=late.pk).update(due_date=TODAY() - datetime.timedelta(days=1))
    assert services.reminder_sweep() == (1, 1)
    assert services.reminder_sweep() == (0, 0)  # idempotent
    assert Notification.objects.filter(kind="action_item_due_soon", object_id=str(soon.pk)).count() == 1
    assert Notification.objects.filter(kind="action_item_overdue", object_id=str(late.pk)).count() == 1


def test_case_links_show_only_to_those_who_may_open_the_case(world):
    case = record_case(world.guard)
    meeting = _meeting(world, case_numbers=[case.number])
    assert list(services.linked_cases(world.guard, meeting)) == [case]
    assert list(services.linked_cases(world.shelter_worker, meeting)) == []
    # An editor who cannot open the case does not remove its link.
    services.meeting_update(actor=world.shelter_worker, meeting=meeting, data=_data(world), expected_version=1)
    assert list(meeting.cases.all()) == [case]
    with pytest.raises(ValidationError):  # nor link a case they cannot open
        services.meeting_update(
            actor=world.shelter_worker, meeting=meeting, data=_data(world, case_numbers=[case.number]),
            expected_version=2,
        )  # fmt: skip


# ---- the directory ---------------------------------------------------------------------------------


def test_the_directory_is_searched_without_accents(world):
    FocalPoint.objects.create(agency=world.agencies["health"], full_name="Lê Thị Hoa", phone="0292 3820 111")
    found = list(selectors.search_agencies(q="so y te can tho"))
    assert world.agencies["health"] in found and world.agencies["far"] not in found
    assert list(selectors.search_agencies(q="SỞ Y TẾ", province=world.agencies["far"].province)) == [
        world.agencies["far"]
    ]


def test_who_to_call_puts_the_police_first_and_ngos_in_their_section(world):
    ngo = new_agency("ngo", name="Tổ chức phi chính phủ thử (thử)")
    sections = selectors.who_to_call(province=world.agencies["health"].province)
    keys = [key for key, _heading, _rows in sections]
    assert keys.index("police") < keys.index("border") < keys.index("health") < keys.index("ngo")
    assert ngo in dict((k, rows) for k, _h, rows in sections)["ngo"]


def test_free_places_only_to_those_who_place_people(world):
    shelter = world.agencies["shelter"]
    FacilityService.objects.create(agency=shelter, service_type="accommodation", capacity=10)
    FacilityPlaces.objects.create(facility=shelter, group="women", places=6)
    assert selectors.shelter_places(world.health, [shelter])[shelter.pk].groups[0].free == 6
    assert selectors.shelter_places(world.far_supervisor, [shelter]) == {}
    assert selectors.shelter_places(world.auditor, [shelter]) == {}


@override_settings(SAFERETURN_REQUIRE_2FA=False)
def test_pages_and_api(world, client):
    meeting = _meeting(world)
    client.force_login(world.health.user)
    page = client.get("/directory/", {"q": "trung tam cong tac"})
    assert page.status_code == 200 and "Trung tâm Công tác xã hội Cần Thơ (thử)" in page.content.decode()
    assert client.get("/directory/who-to-call/", {"province": 92}).status_code == 200
    assert client.get(f"/directory/agencies/{world.agencies['far'].pk}/").status_code == 200
    detail = client.get(f"/meetings/{meeting.pk}/")
    assert detail.status_code == 200 and "Thống nhất" in detail.content.decode()
    assert AuditEvent.objects.filter(object_type="meeting", action="view", actor_id=world.health.user.pk).exists()
    api = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert api["minutes"].startswith("Thống nhất")
    bad = client.post(
        f"/api/meetings/{meeting.pk}/action-items/",
        {"description": "", "owner_agency": world.agencies["health"].pk, "due_date": TODAY().isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 400
    stale = client.patch(
        f"/api/meetings/{meeting.pk}/",
        {"version": 99, "kind": "ad_hoc", "held_on": TODAY().isoformat(), "purpose": "X", "agencies": []},
        content_type="application/json",
    )
    assert stale.status_code in (400, 409)
    client.force_login(world.outsider.user)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 404
    client.force_login(world.auditor.user)
    assert client.get("/directory/who-to-call/").status_code == 200  # every officer reads the directory
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 403
