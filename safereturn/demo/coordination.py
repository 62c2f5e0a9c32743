"""Demo coordination data (invented): the demo agencies' switchboards, addresses and opening hours where
none is recorded, and in every demo province a joint reception at its border gate, recorded by the
provincial border guard's officer through the services, with two action items — one for the health
department, due in a few days, and one for the social work centre, already done.

Deterministic (no random draw: the officers' names a seed gives stay as they were) and safe to run
again: contacts already filled are left as they are, and a province that has its meeting is skipped."""

import datetime
import zlib

from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.coordination import services
from safereturn.coordination.models import Meeting
from safereturn.directory.models import Agency, Membership

from .officers import BORDER_POSTS, DEMO_PROVINCES, NATIONAL_AGENCIES

OFFICE_HOURS = "Thứ 2 – Thứ 6: 7:30–11:30, 13:30–17:00"
ROUND_THE_CLOCK = "24/7 (tiếp nhận khẩn cấp cả ngày lẫn đêm)"
ROUND_THE_CLOCK_TYPES = {"province_police", "commune_police", "border_guard", "border_post", "hotline"}
SHELTER_HOURS = "24/7; làm việc hành chính Thứ 2 – Thứ 6"
PURPOSE = "Tiếp nhận công dân trở về qua cửa khẩu, phân công xác minh và hỗ trợ"


def _phone(agency):
    """A made-up switchboard number of the province's area code, the same on every run."""
    area = agency.province.phone_code if agency.province_id and agency.province.phone_code else 24
    return f"0{area} {3800000 + zlib.crc32(agency.name.encode()) % 99999:07d}"


def _hours(agency):
    code = agency.agency_type.code
    if code == "social_support_facility":
        return SHELTER_HOURS
    return ROUND_THE_CLOCK if code in ROUND_THE_CLOCK_TYPES else OFFICE_HOURS


def seed_contacts():
    """Switchboard, address and opening hours of the demo agencies that have none. Returns how many."""
    national = [name for _key, _type, name, _symbol, _roles in NATIONAL_AGENCIES]
    agencies = Agency.objects.filter(opening_hours="").select_related("agency_type", "province", "commune")
    agencies = agencies.filter(province_id__in=list(DEMO_PROVINCES)) | agencies.filter(name__in=national)
    made = 0
    for agency in agencies:
        agency.opening_hours = _hours(agency)
        agency.phone = agency.phone or _phone(agency)
        if not agency.address:
            where = agency.commune.name if agency.commune_id else None
            agency.address = ", ".join(
                p for p in (where, agency.province.name if agency.province_id else "Hà Nội") if p
            )
        agency.save(update_fields=["opening_hours", "phone", "address"])
        made += 1
    return made


def _actor(username):
    membership = (
        Membership.objects.select_related("user", "agency__agency_type", "agency__province", "agency__commune")
        .filter(user__username=username, is_active=True)
        .first()
    )
    return Actor(membership.user, membership) if membership else None


def seed_meetings():
    """A joint reception with two action items in every demo province. Returns how many meetings were made."""
    made = 0
    today = timezone.localdate()
    for province_code, (pkey, _communes) in DEMO_PROVINCES.items():
        guard = _actor(f"{pkey}.bdbp.intake_officer")
        if guard is None or Meeting.objects.filter(province_id=province_code, purpose=PURPOSE).exists():
            continue
        health = Agency.objects.filter(province_id=province_code, agency_type__code="health_department").first()
        centre = Agency.objects.filter(province_id=province_code, agency_type__code="social_support_facility").first()
        others = Agency.objects.filter(
            province_id=province_code,
            jurisdiction_level="province",
            agency_type__code__in=(
                "health_department",
                "social_support_facility",
                "border_post",
                "ngo",
                "province_police",
            ),
        )
        meeting = services.meeting_record(
            actor=guard,
            data=services.MeetingData(
                kind="joint_reception",
                held_on=today - datetime.timedelta(days=3),
                purpose=PURPOSE,
                place=BORDER_POSTS[province_code],
                minutes=(
                    "Đoàn liên ngành tiếp nhận công dân do phía nước bạn trao trả. Bộ đội Biên phòng lập biên bản "
                    "tiếp nhận; Sở Y tế bố trí xác minh; Trung tâm Công tác xã hội chuẩn bị chỗ ở tạm thời; tổ "
                    "chức phi chính phủ hỗ trợ tâm lý."
                ),
                decisions="Sở Y tế xác minh trong 7 ngày; Trung tâm bố trí chỗ ở cho người cần ở lại.",
                agency_ids=list(others.values_list("pk", flat=True)),
            ),
        )
        services.action_item_add(
            actor=guard,
            meeting=meeting,
            description="Gửi văn bản đề nghị xác minh nhân thân cho Công an tỉnh",
            owner_agency_id=health.pk,
            due_date=today + datetime.timedelta(days=4),
        )
        done = services.action_item_add(
            actor=guard,
            meeting=meeting,
            description="Bố trí chỗ ở tạm thời cho người cần ở lại",
            owner_agency_id=centre.pk,
            due_date=today - datetime.timedelta(days=1),
        )
        services.action_item_set_status(
            actor=_actor(f"{pkey}.ttctxh.case_worker"), item=done, status="done", expected_version=done.version
        )
        made += 1
    return made
