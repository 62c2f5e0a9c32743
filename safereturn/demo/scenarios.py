"""Demo data a trainer can teach with (SCENARIOS.md): in every demo province, tips from several
sources at every status, commune register entries, and cases at every stage — received, under
verification with open tasks, identified with a decision, closed.

Made through the services, as officers would make them (the timeline, the audit trail, the
notifications and the sharing rules all as in real use): the volume is small. ``seed_cases`` stays
the bulk path for thousands of cases. Deterministic for a seed (the same people, sources, statuses
and stages; dates count back from the day it runs) and safe to run again: a province that already
has its scenario data is left alone.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases import vocab as case_vocab
from safereturn.cases.models import Case
from safereturn.cases.services import IntakeData, PersonData, intake_record
from safereturn.directory.models import Membership
from safereturn.geo.models import Commune, Province
from safereturn.identification import services as identification
from safereturn.tips import services as tips
from safereturn.tips import vocab as tip_vocab
from safereturn.tips.models import Tip

from .cases import FEMALE_GIVEN, FEMALE_MIDDLE, LAST_NAMES, MALE_GIVEN, MALE_MIDDLE
from .officers import DEMO_PROVINCES

DEMO_EMAIL = "@demo.safereturn.invalid"
# Where people were taken, by province (SCENARIOS.md): Cambodia from the Mekong delta, Laos from the
# central highlands, China from the north.
DESTINATIONS = {92: "KH", 48: "LA", 31: "CN", 82: "KH"}

# Today's commune and the former commune (before 1 July 2025) of a demo person's home, by province:
# Phường 1 of the former Sóc Trăng city is today's Phường Phú Lợi, Cần Thơ (geo's conversion tables).
FORMER_HOMES = {92: (31510, 31522)}


@dataclass
class _Province:
    code: int
    key: str
    name: str
    communes: list  # [(Commune, login key)]


def _actor(username):
    membership = Membership.objects.select_related(
        "user", "agency__agency_type", "agency__province", "agency__commune"
    ).get(user__username=username, is_active=True)
    return Actor(membership.user, membership)


def _provinces():
    for code, (pkey, commune_codes) in DEMO_PROVINCES.items():
        communes = []  # in the order listed: the first is where scenario 1's officer works (Tân Hồng in Đồng Tháp)
        for commune_code in commune_codes:
            commune = Commune.objects.get(code=commune_code, province_id=code)
            communes.append((commune, commune.codename.split("_", 1)[-1].replace("_", "")))
        yield _Province(code, pkey, Province.objects.get(code=code).name, communes)


def has_scenarios(province_code):
    """Whether the province already has its scenario data (tips recorded by demo officers)."""
    return Tip.objects.filter(province_id=province_code, created_by__email__endswith=DEMO_EMAIL).exists()


class _Story:
    """One province's scenario data, drawn from one seeded generator in a fixed order."""

    def __init__(self, province, seed, today):
        self.p = province
        self.rng = random.Random(f"safereturn-demo-scenarios-{seed}-{province.code}")
        self.today = today
        self.now = timezone.now()
        self.counts = {"tips": 0, "register_entries": 0, "cases": 0, "tasks": 0, "decisions": 0}

    # ---- who acts ---------------------------------------------------------------------------

    def officer(self, agency_key, role, commune_index=None):
        if commune_index is None:
            return _actor(f"{self.p.key}.{agency_key}.{role}")
        return _actor(f"{self.p.key}.{self.p.communes[commune_index][1]}.{agency_key}.{role}")

    def name(self, sex):
        """An invented name from the bulk cases' tables (safereturn/demo/cases.py): three different words."""
        female = sex == "female"
        last = LAST_NAMES[int(self.rng.random() * len(LAST_NAMES))]
        middle = (FEMALE_MIDDLE if female else MALE_MIDDLE).pick(self.rng)
        given_names = FEMALE_GIVEN if female else MALE_GIVEN
        given = given_names[int(self.rng.random() * len(given_names))]
        while given in (last, middle):
            given = given_names[int(self.rng.random() * len(given_names))]
        return f"{last} {middle} {given}"

    def at(self, days_ago, hour):
        moment = self.now - datetime.timedelta(days=days_ago)
        moment = timezone.localtime(moment).replace(hour=hour, minute=int(self.rng.random() * 60), second=0)
        return min(moment, self.now - datetime.timedelta(minutes=30))

    # ---- the pieces -------------------------------------------------------------------------

    def case(
        self, actor, *, sex, age, days_ago, channel, route, exploitation, needs, risk="medium", former=False, **extra
    ):
        commune = actor.agency.commune or self.p.communes[0][0]
        received_at = self.at(days_ago, 8 + int(self.rng.random() * 9))
        # Scenario 2: a woman of Cần Thơ recorded with her address before 1 July 2025 (Sóc Trăng).
        today_and_former = FORMER_HOMES.get(self.p.code) if former else None
        person = PersonData(
            full_name=self.name(sex),
            sex=sex,
            birth_year=received_at.year - age,
            home_province_id=self.p.code,
            home_commune_id=today_and_former[0] if today_and_former else commune.code,
            home_former_commune_id=today_and_former[1] if today_and_former else None,
        )
        data = IntakeData(
            person=person,
            channel=channel,
            received_at=received_at,
            province_id=self.p.code,
            commune_id=actor.agency.commune_id,
            route=route,
            risk_level=risk,
            destination_country=DESTINATIONS[self.p.code] if route == case_vocab.Route.CROSS_BORDER else "",
            exploitation_forms=exploitation,
            immediate_needs_met=needs,
            consent_processing=True,
            consent_given_on=timezone.localdate(received_at),
            **extra,
        )
        self.counts["cases"] += 1
        return intake_record(actor=actor, data=data)

    def start_verification(self, case):
        case.refresh_from_db()
        return identification.case_transition(
            actor=self.officer("syt", "supervisor"),
            case=case,
            transition="start_verification",
            expected_version=case.version,
        )

    def task(self, case, kind, assignee_key):
        assignee = self.officer(assignee_key, "verifier").agency
        self.counts["tasks"] += 1
        return identification.verification_task_create(
            actor=self.officer("syt", "supervisor"), case=case, kind=kind, assignee_agency_id=assignee.pk
        )

    def identify(self, case, findings):
        """The provincial police check identity and decide (a victim), then close their task (the police
        take part in the case while their task is open)."""
        police = self.officer("ca", "verifier")
        task = self.task(case, "identity", "ca")
        identification.verification_task_start(actor=police, task=task)
        evidence = identification.evidence_add(
            actor=self.officer("syt", "supervisor"),
            case=case,
            source="rescuing_body",
            obtained_on=timezone.localdate(case.received_at),
            description="Biên bản tiếp nhận và lời khai của người được tiếp nhận",
        )
        case.refresh_from_db()
        self.counts["decisions"] += 1
        decision = identification.identification_decide(
            actor=police,
            case=case,
            kind="victim",
            decided_on=self.today,
            reason="Đủ căn cứ xác định là nạn nhân bị mua bán theo kết quả xác minh.",
            evidence_ids=[evidence.pk],
            expected_version=case.version,
            place=self.p.name,
        )
        task.refresh_from_db()
        identification.verification_task_complete(actor=police, task=task, findings=findings)
        return decision

    def tip(self, actor, *, source, days_ago, summary, pathway, priority="normal", subject=True, commune_index=0):
        data = tips.TipData(
            received_at=self.at(days_ago, 9),
            source=source,
            province_id=self.p.code,
            commune_id=self.p.communes[commune_index][0].code,
            summary=summary,
            suspected_pathway=pathway,
            priority=priority,
            reporter_name=self.name("female") if source == tip_vocab.Source.FAMILY else "",
            subject_name=self.name(self.rng.choice(["female", "male"])) if subject else "",
        )
        self.counts["tips"] += 1
        return tips.tip_register(actor=actor, data=data)

    def register_entry(self, actor, *, category, sex, age, months_ago, circumstances, linked_tip=None):
        data = tips.RegisterEntryData(
            commune_id=actor.agency.commune_id,
            category=category,
            full_name=self.name(sex),
            sex=sex,
            birth_year=self.today.year - age,
            since=self.today - datetime.timedelta(days=30 * months_ago),
            circumstances=circumstances,
            linked_tip_id=linked_tip.pk if linked_tip else None,
        )
        self.counts["register_entries"] += 1
        return tips.register_entry_add(actor=actor, data=data)

    # ---- the province's story ---------------------------------------------------------------

    def build(self):
        S, R, E, N = tip_vocab.Source, case_vocab.Route, case_vocab.ExploitationForm, case_vocab.ImmediateNeed
        commune_intake = self.officer("ubnd", "intake_officer", 0)
        commune_police = self.officer("ca", "intake_officer", 1)
        border_post = self.officer("dbp", "intake_officer")

        # Cases at every stage.
        received = self.case(
            commune_intake, sex="male", age=22, days_ago=1, channel="self_return", route=R.CROSS_BORDER,
            exploitation=[E.FORCED_LABOUR, E.FORCED_CRIME], needs=[N.FOOD, N.TRAVEL],
        )  # fmt: skip
        verifying = self.case(
            border_post, sex="female", age=27, days_ago=3, channel="official_handover", route=R.CROSS_BORDER,
            exploitation=[E.FORCED_MARRIAGE], needs=[N.FOOD, N.CLOTHING, N.ACCOMMODATION], handover_place="border_gate",
            former=True,
        )  # fmt: skip
        self.start_verification(verifying)
        self.task(verifying, "identity", "ca")
        self.task(verifying, "nationality", "xnc")  # she came back without papers
        # Scenario 3: a girl of 15 taken across the border to be married, rescued by the police; recorded
        # by the police of the demo's second commune (Xã Tây Giang near the Lao border, in Đà Nẵng).
        child = self.case(
            commune_police, sex="female", age=15, days_ago=2, channel="rescue_abroad", route=R.CROSS_BORDER,
            exploitation=[E.FORCED_MARRIAGE], needs=[N.FOOD, N.MEDICAL, N.PSYCHOLOGICAL], risk="high",
        )  # fmt: skip
        self.start_verification(child)
        self.task(child, "circumstances", "ca")
        identified = self.case(
            commune_police, sex="female", age=19, days_ago=25, channel="rescue_domestic", route=R.DOMESTIC,
            exploitation=[E.SEXUAL], needs=[N.MEDICAL, N.PSYCHOLOGICAL], risk="high",
        )  # fmt: skip
        self.start_verification(identified)
        self.identify(identified, "Khớp căn cước công dân và lời khai của gia đình.")
        closed = self.case(
            commune_intake, sex="male", age=34, days_ago=120, channel="self_report", route=R.CROSS_BORDER,
            exploitation=[E.FORCED_LABOUR], needs=[N.FOOD], risk="low",
        )  # fmt: skip
        self.start_verification(closed)
        self.identify(closed, "Khớp hồ sơ xuất cảnh và xác nhận của doanh nghiệp tuyển dụng.")
        closed.refresh_from_db()
        identification.case_transition(
            actor=self.officer("syt", "supervisor"),
            case=closed,
            transition="close",
            expected_version=closed.version,
            reason="Đã xác định là nạn nhân, đã hỗ trợ trở về gia đình; không còn việc cần làm.",
            closure_reason="reintegrated",
        )

        # Tips from several sources, at every status.
        hotline = self.tip(
            _actor("tw.111.intake_officer"), source=S.HOTLINE_111, days_ago=0, priority="urgent",
            summary="Người gọi báo một thiếu nữ được hứa việc làm lương cao, sắp được đưa qua biên giới.",
            pathway=tip_vocab.Pathway.ONLINE_JOB,
        )  # fmt: skip
        family = self.tip(
            commune_intake, source=S.FAMILY, days_ago=210, subject=True,
            summary="Mẹ báo con trai đi làm ở nước ngoài theo lời mời trên mạng, đã mất liên lạc.",
            pathway=tip_vocab.Pathway.ONLINE_JOB,
        )  # fmt: skip
        tips.tip_triage(actor=commune_intake, tip=family, expected_version=family.version, priority="normal")
        union = self.tip(
            commune_police, source=S.MASS_ORGANISATION, days_ago=6, commune_index=1,
            summary="Hội Phụ nữ xã báo có người môi giới kết hôn với người nước ngoài đến vận động các gia đình.",
            pathway=tip_vocab.Pathway.MARRIAGE_ABROAD,
        )  # fmt: skip
        tips.tip_forward(
            actor=commune_police,
            tip=union,
            expected_version=union.version,
            to_agency=self.officer("ca", "verifier").agency,
        )
        found = self.tip(
            self.officer("syt", "case_worker"), source=S.PROVINCIAL_HOTLINE, days_ago=40,
            summary="Người gọi báo một phụ nữ đi du lịch không trở về; sau đó gia đình báo chị đã về nhà an toàn.",
            pathway=tip_vocab.Pathway.TOURISM,
        )  # fmt: skip
        tips.tip_close(
            actor=self.officer("syt", "case_worker"), tip=found, expected_version=found.version,
            reason=tip_vocab.CloseReason.PERSON_FOUND_SAFE,
        )  # fmt: skip
        linked = self.tip(
            commune_intake, source=S.SELF, days_ago=1, subject=False,
            summary="Người tự đến trình báo đã bị ép làm việc trong cơ sở lừa đảo trực tuyến ở nước ngoài.",
            pathway=tip_vocab.Pathway.ONLINE_JOB,
        )  # fmt: skip
        tips.tip_link_case(actor=commune_intake, tip=linked, expected_version=linked.version, case=received)
        del hotline

        # The commune register: a missing person (the family's tip), a person at risk, and one who came back.
        self.register_entry(
            commune_intake, category=tip_vocab.RegisterCategory.MISSING_PERSON, sex="male", age=24, months_ago=7,
            circumstances="Đi khỏi địa phương theo lời mời việc làm trên mạng, gia đình mất liên lạc.",
            linked_tip=family,
        )  # fmt: skip
        self.register_entry(
            self.officer("ubnd", "intake_officer", 1), category=tip_vocab.RegisterCategory.AT_RISK, sex="female",
            age=17, months_ago=2, circumstances="Bỏ học, được người lạ hứa giới thiệu việc làm ở thành phố.",
        )  # fmt: skip
        returned = self.register_entry(
            commune_intake, category=tip_vocab.RegisterCategory.MISSING_PERSON, sex="male", age=34, months_ago=14,
            circumstances="Đi làm thuê ở nước ngoài qua môi giới, không liên lạc về nhà.",
        )  # fmt: skip
        tips.register_entry_link_case(
            actor=commune_intake, entry=returned, expected_version=returned.version, case=Case.objects.get(pk=closed.pk)
        )
        return self.counts


def seed_scenarios(seed=2026):
    """Every demo province's scenario data (those that have it already are skipped): the counts made."""
    today = timezone.localdate()
    totals = {}
    # The notifications are made as in real use; their e-mails (to the demo's .invalid addresses) are not
    # printed by the demo's console backend, which would bury the logins under some fifty messages.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for province in _provinces():
            if has_scenarios(province.code):
                continue
            with transaction.atomic():  # a province's story whole or not at all
                made = _Story(province, seed, today).build()
            for name, count in made.items():
                totals[name] = totals.get(name, 0) + count
    return totals
