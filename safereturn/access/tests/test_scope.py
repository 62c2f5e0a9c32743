"""The case scope at scale: participations inside an agency's own jurisdiction are flagged, so a
supervisor's scope is "the jurisdiction, or a participation outside it"; the flag follows the case
and the agency when either moves."""

import pytest
from django.db import connection
from django.utils import timezone

from safereturn.access.policy import Actor, visible_cases
from safereturn.cases import services
from safereturn.cases.models import Case, CaseParticipant

pytestmark = pytest.mark.django_db

CAN_THO, DA_NANG = 92, 48


def actor_of(user):
    return Actor(user, user.memberships.select_related("agency__agency_type").first())


def record_case(actor, *, province, commune=None, name="Hà Thị Nhung"):
    return services.intake_record(
        actor=actor,
        data=services.IntakeData(
            person=services.PersonData(full_name=name, sex="female", birth_year=1994),
            channel="self_return",
            received_at=timezone.now(),
            province_id=province,
            commune_id=commune,
            route="domestic",
            risk_level="low",
        ),
    )


@pytest.fixture
def world(make_agency, make_officer):
    health_ct = make_agency("health_department", level="province", province_code=CAN_THO)
    commune_ct = make_agency("commune_committee", level="commune", province_code=CAN_THO, commune_code=31510)
    police_dn = make_agency("province_police", level="province", province_code=DA_NANG)
    return {
        "supervisor": actor_of(make_officer("supervisor", agency=health_ct)),
        "commune_officer": actor_of(make_officer("intake_officer", agency=commune_ct)),
        "dn_officer": actor_of(make_officer("case_worker", agency=police_dn)),
        "health_ct": health_ct,
        "commune_ct": commune_ct,
    }


def test_supervisor_sees_the_province_and_participations_outside_it_only_while_active(world):
    supervisor, dn_officer = world["supervisor"], world["dn_officer"]
    in_province = record_case(world["commune_officer"], province=CAN_THO, commune=31510)
    elsewhere = record_case(dn_officer, province=DA_NANG, name="Trần Văn Lộc")
    visible = set(visible_cases(supervisor).values_list("pk", flat=True))
    assert in_province.pk in visible and elsewhere.pk not in visible

    referral = CaseParticipant.objects.create(case=elsewhere, agency=world["health_ct"], role="referral_recipient")
    assert referral.in_agency_jurisdiction is False
    assert visible_cases(supervisor).filter(pk=elsewhere.pk).exists()
    own = CaseParticipant.objects.get(case=in_province, agency=world["commune_ct"])
    assert own.in_agency_jurisdiction is True

    CaseParticipant.objects.filter(pk=referral.pk).update(is_active=False)
    assert not visible_cases(supervisor).filter(pk=elsewhere.pk).exists()
    # An officer who is not a supervisor sees only what the agency takes part in.
    assert set(visible_cases(world["commune_officer"]).values_list("pk", flat=True)) == {in_province.pk}
    assert set(visible_cases(dn_officer).values_list("pk", flat=True)) == {elsewhere.pk}


def test_the_flag_follows_a_case_moved_to_another_commune(world):
    officer = world["commune_officer"]
    case = record_case(officer, province=CAN_THO, commune=31510)
    receiver = CaseParticipant.objects.get(case=case, agency=world["commune_ct"])
    assert receiver.in_agency_jurisdiction is True
    from safereturn.geo.models import Commune

    other_commune = Commune.objects.filter(province_id=CAN_THO).exclude(code=31510).order_by("code").first().code
    services.case_update(actor=officer, case=case, expected_version=case.version, changes={"commune_id": other_commune})
    receiver.refresh_from_db()
    assert receiver.in_agency_jurisdiction is False
    assert visible_cases(officer).filter(pk=case.pk).exists()  # the agency still takes part


def test_the_flag_follows_an_agency_whose_jurisdiction_changes(world):
    case = record_case(world["commune_officer"], province=CAN_THO, commune=31510)
    responsible = CaseParticipant.objects.create(case=case, agency=world["health_ct"], role="referral_recipient")
    assert responsible.in_agency_jurisdiction is True
    agency = world["health_ct"]
    agency.province_id = DA_NANG
    agency.save()
    responsible.refresh_from_db()
    assert responsible.in_agency_jurisdiction is False
    # The supervisor, now overseeing Đà Nẵng, keeps the Cần Thơ case the agency takes part in.
    supervisor = actor_of(world["supervisor"].user)
    assert visible_cases(supervisor).filter(pk=case.pk).exists()
    assert not Case.objects.filter(province_id=DA_NANG).exists()


def test_scope_is_written_so_postgresql_can_use_its_indexes(world):
    sql = str(visible_cases(world["supervisor"]).query)
    if connection.vendor == "postgresql":
        assert sql.count("= ANY(ARRAY(SELECT") == 2 and "EXISTS" not in sql
    else:
        assert sql.count("IN (SELECT") == 2
