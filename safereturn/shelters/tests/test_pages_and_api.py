"""The shelter pages and API: the case page panel, admission through a form, occupancy to the province,
residents (masked) only to the facility, and the API's list, admission, discharge and extension."""

import datetime

import pytest
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.shelters import services
from safereturn.shelters.models import FacilityPlaces, Stay

TODAY = timezone.localdate


@pytest.fixture
def signed_in(client, force_sign_in):
    def sign(user):
        return force_sign_in(user)

    return sign


def _stay(world, case, days_ago=110):
    return services.stay_admit(
        actor=world.actor(world.worker), case=case, group="women", admitted_on=TODAY() - datetime.timedelta(days_ago)
    )


def test_the_case_page_shows_the_stay_the_days_used_and_the_cap(world, signed_in):
    case = world.case(days_ago=120)
    _stay(world, case)
    page = signed_in(world.worker).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="shelter-panel"' in page
    assert 'data-testid="shelter-days-used">111 / 120' in page
    assert (TODAY() + datetime.timedelta(days=9)).strftime("%d/%m/%Y") in page
    assert "162/2025" in page
    assert f"/shelters/cases/{case.pk}/stays/" in page  # discharge and transfer offered to the facility


def test_admission_through_the_form_and_bad_input_on_it(world, signed_in):
    case = world.case()
    client = signed_in(world.worker)
    assert client.get(f"/shelters/cases/{case.pk}/admit/").status_code == 200
    future = (TODAY() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    response = client.post(f"/shelters/cases/{case.pk}/admit/", {"group": "women", "admitted_on": future})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Stay.objects.exists()
    response = client.post(
        f"/shelters/cases/{case.pk}/admit/", {"group": "women", "admitted_on": TODAY().strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302 and Stay.objects.get().case == case


def test_occupancy_is_shown_in_the_province_and_residents_only_to_the_facility(world, signed_in, client):
    case = world.case(full_name="Đặng Thị Lụa")
    _stay(world, case, days_ago=3)
    page = signed_in(world.worker).get(f"/shelters/{world.shelter.pk}/").content.decode()
    assert 'data-testid="residents-table"' in page and case.number in page
    assert "Đặng T. L." in page and "Đặng Thị Lụa" not in page
    assert AuditEvent.objects.filter(object_type="shelter_residents", object_id=str(world.shelter.pk)).exists()
    client.logout()
    police = signed_in(world.police_supervisor)
    page = police.get(f"/shelters/{world.shelter.pk}/").content.decode()
    assert 'data-testid="occupancy-table"' in page and 'data-testid="residents-table"' not in page
    listing = police.get("/api/shelters/facilities/").json()
    row = next(r for r in listing if r["id"] == world.shelter.pk)
    assert {g["group"]: g["current"] for g in row["groups"]} == {"women": 1, "men": 0, "children": 0}
    client.logout()
    assert signed_in(world.outsider).get(f"/shelters/{world.shelter.pk}/").status_code == 404


def test_the_supervisor_edits_places_and_a_stale_form_is_refused(world, signed_in):
    client = signed_in(world.supervisor)
    form = {"women": 6, "women_version": 1, "men": 2, "men_version": 1, "children": 2, "children_version": 1}
    assert client.post(f"/shelters/{world.shelter.pk}/places/", form).status_code == 302
    assert FacilityPlaces.objects.get(facility=world.shelter, group="women").places == 6
    stale = client.post(f"/shelters/{world.shelter.pk}/places/", {**form, "women": 7})
    assert stale.status_code == 200 and 'role="alert"' in stale.content.decode()
    assert FacilityPlaces.objects.get(facility=world.shelter, group="women").places == 6


def test_the_api_lists_admits_discharges_and_extends(world, signed_in):
    case = world.case(days_ago=130)
    client = signed_in(world.worker)
    url = f"/api/cases/{case.pk}/stays/"
    bad = client.post(url, {"group": "women", "admitted_on": "2000-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "admitted_on" in bad.json()
    created = client.post(
        url,
        {"group": "women", "admitted_on": (TODAY() - datetime.timedelta(days=110)).isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    stay = created.json()
    listing = client.get(url).json()
    assert listing["days_used"] == 111 and listing["cap_days"] == 120 and listing["stays"][0]["id"] == stay["id"]
    refused = client.post(
        f"{url}{stay['id']}/extend/",
        {
            "version": stay["version"],
            "new_end": (TODAY() + datetime.timedelta(days=40)).isoformat(),
            "decision_number": "1/QĐ",
            "decided_on": TODAY().isoformat(),
            "reason": "Chưa có nơi ở an toàn",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403  # a case worker does not extend: the director does
    done = client.post(
        f"{url}{stay['id']}/discharge/",
        {"version": stay["version"], "discharged_on": TODAY().isoformat(), "reason": "returned_home"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["discharged_on"] == TODAY().isoformat()
    again = client.post(
        f"{url}{stay['id']}/discharge/",
        {"version": stay["version"] + 1, "discharged_on": TODAY().isoformat(), "reason": "returned_home"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_a_resident_is_named_only_after_the_audited_reveal_of_her_case(world, signed_in):
    first, second = world.case(full_name="Đặng Thị Lụa"), world.case(full_name="Vũ Thị Mai")
    _stay(world, first, days_ago=3)
    _stay(world, second, days_ago=2)
    client = signed_in(world.worker)
    assert client.post(f"/cases/{first.pk}/reveal/", {"reason": "Cần liên hệ gia đình nạn nhân"}).status_code == 302
    page = client.get(f"/shelters/{world.shelter.pk}/").content.decode()
    assert "Đặng Thị Lụa" in page, "revealed with a reason: named"
    assert "Vũ Thị Mai" not in page and "Vũ T. M." in page, "not revealed: masked"


def test_only_a_facility_offers_admission_on_the_case_page(world, signed_in, client):
    case = world.case()
    page = signed_in(world.worker).get(f"/cases/{case.pk}/").content.decode()
    assert f"/shelters/cases/{case.pk}/admit/" in page
    assert f"/shelters/cases/{case.pk}/over-capacity/" not in page, "the director's decision, not a case worker's"
    client.logout()
    page = signed_in(world.supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert f"/shelters/cases/{case.pk}/over-capacity/" in page
