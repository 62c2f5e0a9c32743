"""Scenarios 4 and 3 of SCENARIOS.md in the demo. Hải Phòng (4): a woman rescued at the port stays at the
city's social support facility; a man claiming to be her cousin phones twice; the social worker raises a
danger alert, the police acknowledge it; restricted contact and secret whereabouts are decided, and the
first measure is reviewed after 30 days. Đà Nẵng (3): the child-specific risk assessment of the girl of
15. Made through the services (policy, audit, timeline, notifications), deterministic by seed; the dates
of scenario 4 are then set back to tell the story over five weeks. Skipped when made."""

import datetime
import random

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from safereturn.cases import vocab as case_vocab
from safereturn.cases.models import Case, CaseEvent
from safereturn.cases.services import IntakeData, PersonData, intake_record
from safereturn.directory.models import Agency
from safereturn.protection import services
from safereturn.protection.models import DangerAlert, RiskAssessment

from .cases import FEMALE_GIVEN, FEMALE_MIDDLE, LAST_NAMES
from .scenarios import DEMO_EMAIL, _actor

HAI_PHONG = 31
DAYS = 40  # the case was received this many days ago
CALLS = (
    "Một người đàn ông tự xưng là anh họ của chị gọi điện đến cơ sở hai lần trong buổi sáng (lúc 8 giờ 15 và "
    "10 giờ 40), hỏi chị đang ở đâu và khi nào được về. Cán bộ trực không cung cấp thông tin. Số gọi đến đã ghi lại."
)


def _name(rng):
    last = LAST_NAMES[int(rng.random() * len(LAST_NAMES))]
    middle = FEMALE_MIDDLE.pick(rng)
    given = FEMALE_GIVEN[int(rng.random() * len(FEMALE_GIVEN))]
    while given in (last, middle):
        given = FEMALE_GIVEN[int(rng.random() * len(FEMALE_GIVEN))]
    return f"{last} {middle} {given}"


def _back(case, kinds, moment):
    CaseEvent.objects.filter(case=case, kind__in=kinds).update(occurred_at=moment)


def has_protection_demo():
    return DangerAlert.objects.filter(case__province_id=HAI_PHONG, raised_by__email__endswith=DEMO_EMAIL).exists()


@transaction.atomic
def _scenario_4(seed):
    rng = random.Random(f"safereturn-demo-protection-{seed}")
    now = timezone.now()
    today = timezone.localdate()
    received = timezone.localtime(now - datetime.timedelta(days=DAYS)).replace(hour=9, minute=20, second=0)
    border_post = _actor("hp.dbp.intake_officer")
    social_worker = _actor("hp.ttctxh.case_worker")
    police = _actor("hp.ca.supervisor")
    shelter = social_worker.agency
    case = intake_record(
        actor=border_post,
        data=IntakeData(
            person=PersonData(full_name=_name(rng), sex="female", birth_year=received.year - 24),
            channel="rescue_domestic",
            received_at=received,
            province_id=HAI_PHONG,
            commune_id=None,
            route=case_vocab.Route.CROSS_BORDER,
            destination_country="CN",
            risk_level="high",
            exploitation_forms=["sexual"],
            immediate_needs_met=["food", "clothing", "accommodation"],
            responsible_agency_id=shelter.pk,
            consent_processing=True,
            consent_share_with=["social_support_facility"],
            consent_given_on=timezone.localdate(received),
        ),
    )
    first = services.risk_assess(
        actor=social_worker,
        case=case,
        level="high",
        codes=["traffickers", "retrafficking"],
        narrative="Đường dây đưa chị sang biên giới chưa bị triệt phá; chị lo bị tìm đến cơ sở.",
        assessed_on=timezone.localdate(received) + datetime.timedelta(days=1),
    )
    # Day 5: the calls, the alert, the police acknowledge it within a quarter of an hour.
    alert_day = received + datetime.timedelta(days=5, hours=2)
    alert = services.alert_raise(actor=social_worker, case=case, description=CALLS)
    alert = services.alert_acknowledge(
        actor=police,
        alert=alert,
        expected_version=alert.version,
        action_taken=(
            "Đã cử cán bộ đến cơ sở, xác minh số điện thoại gọi đến; đề nghị áp dụng biện pháp hạn chế tiếp cận."
        ),
    )
    shift = alert_day - alert.raised_at
    DangerAlert.objects.filter(pk=alert.pk).update(
        raised_at=alert_day,
        acknowledge_by=alert.acknowledge_by + shift,
        escalate_at=alert.escalate_at + shift,
        acknowledged_at=alert_day + datetime.timedelta(minutes=12),
    )
    _back(case, ["danger_alert_raised", "danger_alert_acknowledged"], alert_day)
    decided = timezone.localdate(alert_day)
    city_police = Agency.objects.get(agency_type__code="province_police", province_id=HAI_PHONG)
    common = {
        "actor": social_worker,
        "case": case,
        "protects": "victim",
        "requested_by_agency_id": shelter.pk,
        "deciding_agency_id": city_police.pk,
        "deciding_official": "Phó Giám đốc Công an thành phố Hải Phòng",
        "decided_on": decided,
        "start_date": decided,
    }
    types = services.measure_types_for(case)
    restricted = services.measure_record(
        measure_type_id=types.get(code="restrict_contact").pk,
        details="Không cho người ngoài tiếp cận, liên lạc; mọi cuộc gọi hỏi về chị chuyển cho công an.",
        **common,
    )
    services.measure_record(measure_type_id=types.get(code="keep_confidential").pk, **common)
    # Reviewed after 30 days: still needed, to the next review.
    services.measure_review(
        actor=social_worker,
        measure=restricted,
        expected_version=restricted.version,
        reviewed_on=min(decided + datetime.timedelta(days=30), today),
        note="Người tự xưng là anh họ không gọi lại; chị vẫn ở cơ sở. Tiếp tục hạn chế tiếp xúc.",
    )
    services.risk_assess(
        actor=social_worker,
        case=case,
        level="medium",
        codes=["traffickers"],
        narrative="Không còn cuộc gọi lạ sau khi áp dụng biện pháp; tiếp tục theo dõi.",
        assessed_on=min(decided + datetime.timedelta(days=30), today),
    )
    del first
    return 1


DA_NANG = 48


@transaction.atomic
def _scenario_3_child():
    """Scenario 3: the girl of 15 rescued across the Lao border (made by ``demo.scenarios``) gets the
    child-specific risk assessment from the health department's social worker. None when not there."""
    child = (
        Case.objects.filter(
            province_id=DA_NANG, age_group="child", channel="rescue_abroad", created_by__email__endswith=DEMO_EMAIL
        )
        .order_by("received_at", "pk")
        .first()
    )
    if child is None or RiskAssessment.objects.filter(case=child).exists():
        return 0
    services.risk_assess(
        actor=_actor("dn.syt.case_worker"),
        case=child,
        level="high",
        codes=["traffickers", "child_early_marriage", "child_school_dropout"],
        narrative="Em bị đưa sang biên giới để ép kết hôn; đã nghỉ học một năm. Bà nội nhận chăm sóc em.",
        assessed_on=timezone.localdate(child.received_at),
    )
    return 1


def seed_protection(seed=2026):
    """Scenario 4's protection records and scenario 3's child risk assessment; returns how many scenarios
    were made (0 when already there)."""
    made = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        if not has_protection_demo():
            made += _scenario_4(seed)
        made += _scenario_3_child()
    return made
