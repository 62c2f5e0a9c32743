"""Demo needs, support plans, the child's escort and follow-up visits for the scenario cases
(SCENARIOS.md 1 and 3), in every demo province, made through the services as officers would.

Scenario 1: the young man back from the scam compound in Cambodia — needs assessed with the health
department (his health and state of mind, seen only by health and social-support staff), his family
contacted, a plan (vocational course, a Social Policy Bank loan, psychological support) that he agreed
to, his return home and the follow-up visits at 1, 3 and 6 months from the rule table.
Scenario 3: the girl of 15 rescued across the Lao border — her needs, her wishes heard and her own
plan (school, psychological support, child protection), her escort home to her grandmother by the
commune police, and the follow-up visits that start from it.

Deterministic (fixed words, dates counted from today) and safe to run again: a case that already has a
needs assessment is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from safereturn.cases.models import Case
from safereturn.reintegration import services
from safereturn.reintegration.models import NeedsAssessment

from .scenarios import _actor, _provinces


def _scenario_case(username, **filters):
    return Case.objects.filter(created_by__username=username, **filters).order_by("-received_at").first()


def _returning_man(p, commune_key, case, today):
    health = _actor(f"{p.key}.syt.case_worker")
    commune = _actor(f"{p.key}.{commune_key}.ubnd.case_worker")
    services.needs_assess(
        actor=health,
        case=case,
        assessed_on=today,
        wishes="Muốn về nhà với mẹ, học nghề sửa xe máy rồi vay vốn mở tiệm ở xã.",
        answers={
            "health": "some", "health_notes": "Sụt cân, đau lưng do ngồi máy tính nhiều giờ; cần khám tổng quát.",
            "psychological": "some", "psychological_notes": "Mất ngủ, lo sợ bị nhóm lừa đảo tìm về quê.",
            "education": "none", "education_level": "lower_secondary",
            "skills": "urgent", "skills_notes": "Chưa có nghề; biết dùng máy tính.",
            "family": "none", "family_situation": "with_family", "family_notes": "Mẹ và em gái ở xã.",
            "safety": "some", "safety_notes": "Còn nợ môi giới; cần theo dõi người lạ hỏi thăm.",
        },
    )  # fmt: skip
    services.family_contact_record(
        actor=commune, case=case, contacted_on=today, method="phone", outcome="ready",
        notes="Mẹ anh đã được báo, sẵn sàng đón con về.",
    )  # fmt: skip
    plan = services.plan_create(
        actor=commune, case=case, starts_on=today, owner_agency_id=commune.agency.pk, person_agreed=True,
        agreed_on=today, goals="Trở về gia đình an toàn; học nghề sửa xe máy trong 3 tháng; vay vốn mở tiệm.",
    )  # fmt: skip
    for kind, owner, days in (("vocational", commune, 30), ("loan", commune, 120), ("psychological", health, 14)):
        services.service_add(
            actor=commune, plan=plan, service_type=kind, owner_agency_id=owner.agency.pk,
            target_date=today + datetime.timedelta(days=days),
        )  # fmt: skip
    services.return_record(
        actor=commune, case=case, returned_on=today, place="family", follow_up_agency_id=commune.agency.pk
    )


def _rescued_girl(p, commune_key, case, today):
    health = _actor(f"{p.key}.syt.case_worker")
    police = _actor(f"{p.key}.{commune_key}.ca.intake_officer")
    services.needs_assess(
        actor=health,
        case=case,
        assessed_on=today,
        wishes="Em muốn về ở với bà nội và đi học lại.",
        answers={
            "health": "some", "health_notes": "Cần khám sức khỏe sinh sản.",
            "psychological": "urgent", "psychological_notes": "Sợ hãi, hay khóc, không muốn nói chuyện với người lạ.",
            "education": "urgent", "education_level": "primary", "education_notes": "Bỏ học từ lớp 8.",
            "family": "some", "family_situation": "with_guardian", "family_notes": "Bố mẹ đi làm ăn xa; bà nội nuôi.",
            "safety": "urgent", "safety_notes": "Người đưa em đi là người quen trong bản.",
        },
    )  # fmt: skip
    plan = services.plan_create(
        actor=health, case=case, starts_on=today, owner_agency_id=health.agency.pk, person_agreed=True,
        agreed_on=today, child_wishes_heard_on=today, child_wishes="Về với bà nội, đi học lại cùng các bạn.",
        child_plan="Học lại lớp 8 ở trường xã; gặp cô tư vấn mỗi tuần; bà đưa đi học.",
        goals="An toàn ở nhà bà nội; đi học lại; hỗ trợ tâm lý; bảo vệ trẻ em tại xã.",
    )  # fmt: skip
    for kind, days in (("schooling", 30), ("psychological", 7), ("child_protection", 14)):
        services.service_add(
            actor=health, plan=plan, service_type=kind, owner_agency_id=health.agency.pk,
            target_date=today + datetime.timedelta(days=days),
        )  # fmt: skip
    services.escort_record(
        actor=police, case=case, escorted_on=today, destination="guardian", receiver_name="Hồ Thị Bông",
        receiver_relationship="grandparent", receiver_id_checked=True, return_home=True,
        follow_up_agency_id=health.agency.pk, notes="Đã bàn giao tại nhà bà nội, có trưởng thôn chứng kiến.",
    )  # fmt: skip


def seed_reintegration():
    """The scenario cases' support records in every demo province; the number of cases given them."""
    today = timezone.localdate()
    made = 0
    for p in _provinces():
        first, second = p.communes[0][1], p.communes[1][1]
        stories = (
            (_returning_man, first, _scenario_case(f"{p.key}.{first}.ubnd.intake_officer", channel="self_return",
                                                    person_sex="male")),
            (_rescued_girl, second, _scenario_case(f"{p.key}.{second}.ca.intake_officer", channel="rescue_abroad",
                                                   age_group="child")),
        )  # fmt: skip
        for tell, commune_key, case in stories:
            if case is None or NeedsAssessment.objects.filter(case=case).exists():
                continue
            with transaction.atomic():
                tell(p, commune_key, case, today)
            made += 1
    return made
