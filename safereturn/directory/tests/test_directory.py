import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from safereturn.access.policy import CASE_ROLES, can_manage_users, role_may_handle_cases
from safereturn.audit.models import AuditEvent
from safereturn.directory.models import Agency, AgencyType, Membership, Role
from safereturn.directory.services import membership_grant, membership_revoke
from safereturn.geo.models import Commune

pytestmark = pytest.mark.django_db


def test_every_agency_type_of_the_mission_is_loaded():
    codes = set(AgencyType.objects.values_list("code", flat=True))
    for code in [
        "commune_committee",
        "commune_police",
        "province_police",
        "immigration_office",
        "border_guard",
        "coast_guard",
        "health_department",
        "social_support_facility",
        "foreign_affairs",
        "mission_abroad",
        "justice_department",
        "legal_aid_centre",
        "health_facility",
        "school",
        "vocational_centre",
        "social_policy_bank",
        "court",
        "procuracy",
        "womens_union",
        "fatherland_front",
        "youth_union",
        "ngo",
        "international_org",
        "steering_committee",
        "ministry",
        "hotline",
    ]:
        assert code in codes, code


def test_database_refuses_a_commune_agency_without_a_commune():
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(
            name="UBND thiếu xã",
            agency_type=AgencyType.objects.get(code="commune_committee"),
            jurisdiction_level="commune",
            province_id=92,
        )


def test_clean_explains_a_commune_outside_the_province():
    commune_elsewhere = Commune.objects.filter(province_id=48).first()
    agency = Agency(
        name="UBND sai tỉnh",
        agency_type=AgencyType.objects.get(code="commune_committee"),
        jurisdiction_level="commune",
        province_id=92,
        commune=commune_elsewhere,
    )
    with pytest.raises(ValidationError) as err:
        agency.full_clean()
    assert "commune" in err.value.message_dict


def test_officer_can_hold_several_roles_in_several_agencies(make_agency, make_officer):
    police = make_agency("province_police")
    shelter = make_agency("social_support_facility")
    officer = make_officer(Role.VERIFIER, agency=police)
    membership_grant(user=officer, agency=police, role=Role.SUPERVISOR)
    membership_grant(user=officer, agency=shelter, role=Role.CASE_WORKER)
    held = set(Membership.objects.filter(user=officer, is_active=True).values_list("agency__name", "role"))
    assert held == {
        (police.name, Role.VERIFIER),
        (police.name, Role.SUPERVISOR),
        (shelter.name, Role.CASE_WORKER),
    }
    # Granting again does not duplicate.
    membership_grant(user=officer, agency=police, role=Role.VERIFIER)
    assert Membership.objects.filter(user=officer).count() == 3


def test_system_admin_role_alone_opens_the_admin_and_is_audited(make_agency, make_officer):
    agency = make_agency()
    admin_user = make_officer(Role.SYSTEM_ADMIN, agency=agency)
    admin_user.refresh_from_db()
    assert admin_user.is_staff and can_manage_users(admin_user)
    membership = Membership.objects.get(user=admin_user, role=Role.SYSTEM_ADMIN)
    membership_revoke(membership=membership)
    admin_user.refresh_from_db()
    assert not admin_user.is_staff and not can_manage_users(admin_user)
    changes = AuditEvent.objects.filter(action="membership_changed", object_id=str(membership.pk))
    assert sorted(e.details["change"] for e in changes) == ["granted", "revoked"]


def test_system_admin_and_auditor_have_no_case_role():
    assert not role_may_handle_cases(Role.SYSTEM_ADMIN)
    assert not role_may_handle_cases(Role.AUDITOR)
    assert {Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR} == set(CASE_ROLES)


def test_home_shows_the_agency_and_role_and_can_switch(client, make_agency, make_officer, force_sign_in):
    police = make_agency("province_police", name="Công an Cần Thơ (kiểm thử)")
    shelter = make_agency("social_support_facility", name="Trung tâm CTXH (kiểm thử)")
    officer = make_officer(Role.VERIFIER, agency=police)
    other = membership_grant(user=officer, agency=shelter, role=Role.CASE_WORKER)
    force_sign_in(officer)
    page = client.get("/").content.decode()
    assert "Công an Cần Thơ (kiểm thử)" in page
    assert "Cán bộ xác minh" in page  # verifier, in Vietnamese
    client.post("/acting-as/", {"membership": other.pk})
    page = client.get("/").content.decode()
    card = page.split('data-testid="acting-as"')[1].split("<form")[0]
    assert "Trung tâm CTXH (kiểm thử)" in card
    assert "Công an Cần Thơ (kiểm thử)" not in card


def test_cannot_switch_to_someone_elses_membership(client, make_officer, force_sign_in):
    officer = make_officer()
    stranger = make_officer()
    foreign = Membership.objects.get(user=stranger)
    force_sign_in(officer)
    assert client.post("/acting-as/", {"membership": foreign.pk}).status_code == 400
    assert client.post("/acting-as/", {"membership": "x"}).status_code == 400


def test_agency_directory_api(client, make_officer, force_sign_in):
    officer = make_officer()
    force_sign_in(officer)
    response = client.get("/api/agencies/", {"jurisdiction_level": "province"})
    assert response.status_code == 200
    assert all(row["jurisdiction_level"] == "province" for row in response.json()["results"])
