"""An address given with the units before 1 July 2025 (old province, district, commune) resolves to
today's province and commune; both are stored and both are shown (issue #16)."""

import pytest

from safereturn.cases.models import Person

from .test_api_input import GOOD
from .test_intake_and_cases import intake_form

pytestmark = pytest.mark.django_db

# Phường 1 of the former Sóc Trăng city (district 941, province 94) is today's Phường Phú Lợi, Cần Thơ.
SOC_TRANG = {"former_province": "94", "former_district": "941", "former_commune": "31522"}
SHOWN = "Phường 1, thành phố Sóc Trăng, tỉnh Sóc Trăng (cũ) — nay Phường Phú Lợi, thành phố Cần Thơ"


def test_intake_offers_the_former_units_pickers(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    page = client.get("/cases/intake/step/1/").content.decode()
    assert 'name="former_province"' in page and 'hx-get="/geo/former-districts/"' in page
    assert 'hx-get="/geo/former-communes/"' in page and ">Tỉnh Sóc Trăng</option>" in page


def test_former_address_resolves_to_todays_units_and_both_are_shown(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    response = client.post("/cases/intake/", intake_form(**SOC_TRANG))
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get()
    assert (person.home_former_commune_id, person.home_province_id, person.home_commune_id) == (31522, 92, 31510)
    page = client.get(response["Location"]).content.decode()
    assert f'data-testid="person-residence">{SHOWN}</dd>' in page


def test_former_address_in_another_province_than_the_residence_is_refused(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    response = client.post("/cases/intake/", intake_form(home_province="48", **SOC_TRANG))
    assert response.status_code == 200
    assert "Thành phố Cần Thơ" in " ".join(response.context["form"].errors["home_province"])
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "former, field",
    [
        ({"former_province": "93", "former_district": "941", "former_commune": "31522"}, "former_district"),
        ({"former_province": "94", "former_district": "941"}, "former_commune"),
        ({"former_province": "94", "former_district": "942", "former_commune": "31522"}, "former_commune"),
    ],
)
def test_inconsistent_former_units_are_refused(client, personas, force_sign_in, former, field):
    force_sign_in(personas.intake)
    response = client.post("/cases/intake/", intake_form(**former))
    assert response.status_code == 200 and field in response.context["form"].errors


def test_person_page_records_and_shows_a_former_address(client, personas, make_case, force_sign_in):
    case = make_case(personas.actor("commune_case_worker"), province_id=92, commune_id=31510)
    force_sign_in(personas.commune_case_worker)
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Ghi lại địa chỉ cũ theo lời khai của chị"})
    form = {"version": "1", "full_name": "Kim Thị Duyên", "sex": "female", "nationality": "VN", **SOC_TRANG}
    saved = client.post(f"/cases/{case.pk}/person/", form)
    assert saved.status_code == 302, saved.context["form"].errors
    case.person.refresh_from_db()
    assert (case.person.home_former_commune_id, case.person.home_commune_id) == (31522, 31510)
    again = client.get(f"/cases/{case.pk}/person/").content.decode()
    assert '<option value="31522" selected>Phường 1</option>' in again
    assert SHOWN in client.get(f"/cases/{case.pk}/").content.decode()


def test_intake_api_takes_a_former_commune_and_an_ethnic_group_name(force_sign_in):
    api = force_sign_in("intake")
    body = {**GOOD, "former_commune": 31522, "ethnicity": "Khơ-me"}
    response = api.post("/api/cases/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    person = Person.objects.get()
    assert (person.home_former_commune_id, person.home_province_id, person.home_commune_id) == (31522, 92, 31510)
    assert person.ethnicity == "05"


def test_person_api_sets_a_former_commune_and_resolves_todays_units(personas, make_case, force_sign_in):
    case = make_case(personas.actor("commune_case_worker"), province_id=92, commune_id=31510)
    api = force_sign_in(personas.commune_case_worker)
    url = f"/api/cases/{case.pk}/person/"
    clash = api.patch(
        url, {"version": 1, "former_commune": 31522, "home_province": 48}, content_type="application/json"
    )
    assert clash.status_code == 400 and "home_province" in clash.json()
    ok = api.patch(url, {"version": 1, "former_commune": 31522}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    case.person.refresh_from_db()
    assert (case.person.home_former_commune_id, case.person.home_province_id, case.person.home_commune_id) == (
        31522,
        92,
        31510,
    )
    assert api.get(url).json()["former_commune"] == 31522
