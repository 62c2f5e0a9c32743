"""``seed_demo --scenarios``: in every demo province, what a trainer needs to teach scenarios 1–5
(SCENARIOS.md): the agencies, tips at every status, register entries, cases at every stage."""

import io

import pytest
from django.core.management import call_command

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case, CaseEvent, Person
from safereturn.cases.vocab import CaseStatus
from safereturn.demo import scenarios
from safereturn.demo.officers import DEMO_PROVINCES
from safereturn.directory.models import Agency, FacilityService
from safereturn.identification.models import IdentificationDecision, VerificationTask
from safereturn.identification.vocab import OPEN_TASK_STATUSES
from safereturn.testing.fixtures import built_once
from safereturn.tips.models import RegisterEntry, Tip
from safereturn.tips.vocab import RegisterCategory, TipStatus

PROVINCES = list(DEMO_PROVINCES)
pytestmark = pytest.mark.django_db


def _seed():
    out = io.StringIO()
    call_command("seed_demo", "--scenarios", "--quiet-logins", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _seed)


@pytest.mark.parametrize("province", PROVINCES)
def test_every_demo_province_has_the_agencies_the_scenarios_need(seeded, province):
    types = set(Agency.objects.filter(province_id=province).values_list("agency_type__code", flat=True))
    assert types >= {
        "ngo",
        "social_support_facility",
        "immigration_office",
        "border_post",
        "legal_aid_centre",
        "province_police",
        "border_guard",
        "health_department",
        "commune_committee",
        "commune_police",
    }
    shelter = FacilityService.objects.get(
        agency__province_id=province, agency__agency_type__code="social_support_facility", service_type="accommodation"
    )
    assert shelter.capacity and shelter.capacity > 0  # a shelter with places
    border_post = Agency.objects.get(province_id=province, agency_type__code="border_post")
    assert border_post.parent.agency_type.code == "border_guard"
    immigration = Agency.objects.get(province_id=province, agency_type__code="immigration_office")
    assert immigration.parent.agency_type.code == "province_police"
    assert immigration.memberships.filter(role="verifier", is_active=True).exists()


@pytest.mark.parametrize("province", PROVINCES)
def test_every_demo_province_has_tips_from_several_sources_at_every_status(seeded, province):
    tips = Tip.objects.filter(province_id=province)
    assert set(tips.values_list("status", flat=True)) == set(TipStatus.values)
    assert len(set(tips.values_list("source", flat=True))) >= 4
    linked = tips.get(status=TipStatus.LINKED)
    assert linked.linked_case.province_id == province
    assert tips.get(status=TipStatus.FORWARDED).forwarded_to.agency_type.code == "province_police"
    # Made through the services: each has its timeline and its audit event.
    for tip in tips:
        assert tip.events.filter(kind="registered").exists()
        assert AuditEvent.objects.filter(object_type="tip", object_id=str(tip.pk), action="create").exists()


@pytest.mark.parametrize("province", PROVINCES)
def test_every_demo_province_has_commune_register_entries(seeded, province):
    entries = RegisterEntry.objects.filter(province_id=province)
    assert set(entries.values_list("category", flat=True)) == set(RegisterCategory.values)
    assert entries.filter(linked_tip__isnull=False).exists()
    assert entries.filter(linked_case__isnull=False).exists()
    assert entries.values("commune").distinct().count() == 2  # both demo communes keep a register
    first_commune = DEMO_PROVINCES[province][1][0]
    assert Tip.objects.filter(province_id=province, status=TipStatus.LINKED, commune_id=first_commune).exists()


@pytest.mark.parametrize("province", PROVINCES)
def test_every_demo_province_has_cases_at_every_stage(seeded, province):
    cases = Case.objects.filter(province_id=province)
    assert set(cases.values_list("status", flat=True)) >= {
        CaseStatus.BEING_IDENTIFIED,
        CaseStatus.UNDER_VERIFICATION,
        CaseStatus.IDENTIFIED,
        CaseStatus.CLOSED,
    }
    verifying = cases.get(status=CaseStatus.UNDER_VERIFICATION, receiving_agency__agency_type__code="border_post")
    open_tasks = VerificationTask.objects.filter(case=verifying, status__in=OPEN_TASK_STATUSES)
    assert {t.assignee_agency.agency_type.code for t in open_tasks} == {"province_police", "immigration_office"}
    assert verifying.receiving_agency.agency_type.code == "border_post"
    # Scenario 3: rescued by the police, verification under way (Hải Phòng's shelter also houses a girl).
    child = cases.exclude(receiving_agency__agency_type__code="social_support_facility").get(age_group="child")
    assert child.status == CaseStatus.UNDER_VERIFICATION and child.receiving_agency.agency_type.code == "commune_police"
    assert VerificationTask.objects.filter(case=child, status__in=OPEN_TASK_STATUSES).exists()
    for status in (CaseStatus.IDENTIFIED, CaseStatus.CLOSED):
        case = cases.get(status=status)
        decision = IdentificationDecision.objects.get(case=case)
        assert decision.kind == "victim" and decision.document_number
        assert not VerificationTask.objects.filter(case=case, status__in=OPEN_TASK_STATUSES).exists()
    for case in cases:
        assert CaseEvent.objects.filter(case=case, kind="case_created").exists()
        assert case.consents.exists()


def test_seeding_the_scenarios_again_adds_nothing(seeded):
    counts = (Case.objects.count(), Tip.objects.count(), RegisterEntry.objects.count())
    assert "demo scenarios: already there" in _seed()
    assert (Case.objects.count(), Tip.objects.count(), RegisterEntry.objects.count()) == counts


def test_the_scenario_people_are_the_same_for_a_seed_and_differ_for_another(seeded):
    province = next(scenarios._provinces())

    def names(seed):
        story = scenarios._Story(province, seed, today=None)
        return [story.name("female"), story.name("male"), story.rng.random()]

    assert names(7) == names(7)
    assert names(7) != names(8)


def test_a_can_tho_woman_is_recorded_with_her_former_soc_trang_address(seeded, db):
    person = Person.objects.filter(home_former_commune_id=31522).get()
    assert (person.home_province_id, person.home_commune_id) == (92, 31510)
