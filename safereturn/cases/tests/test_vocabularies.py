"""Nationality and ethnicity are chosen from authoritative lists and shown by name (issue #16)."""

import importlib

import pytest
from django.apps import apps as django_apps

from safereturn.cases.forms import IntakeForm
from safereturn.cases.models import Person
from safereturn.geo.ethnicity import DATA_FILE, ethnic_group_name, ethnic_groups

from .test_intake_and_cases import intake_form

pytestmark = pytest.mark.django_db


def test_nationality_is_a_select_of_country_names_with_viet_nam_first(personas):
    form = IntakeForm(agency=personas.commune)
    choices = list(form.fields["nationality"].choices)
    assert choices[0] == ("VN", "Việt Nam")
    assert ("KH", "Campuchia") in choices
    html = str(form["nationality"])
    assert html.startswith("<select") and '<option value="VN" selected>Việt Nam</option>' in html


def test_case_page_shows_the_nationality_by_name_never_the_code(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    response = client.post("/cases/intake/", intake_form(nationality="LA"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '<dd class="col-sm-9" data-testid="person-nationality">Lào</dd>' in page


def test_the_54_ethnic_groups_with_gso_codes_from_a_data_file_that_names_its_source():
    assert "121-TCTK/PPCĐ" in DATA_FILE.read_text(encoding="utf-8")
    groups = ethnic_groups()
    assert [g.code for g in groups] == [f"{n:02d}" for n in range(1, 55)]
    assert (groups[0].name_vi, groups[4].name_vi, groups[25].name_vi) == ("Kinh", "Khmer", "Cơ Tu")
    assert ethnic_group_name("08", "en") == "Hmong" and ethnic_group_name("08", "vi") == "Mông"


def test_ethnicity_is_a_select_stored_as_the_code_and_shown_by_name(client, personas, force_sign_in):
    form = IntakeForm(agency=personas.commune)
    choices = list(form.fields["ethnicity"].choices)
    assert choices[0] == ("", "Không xác định") and len(choices) == 55
    assert ("05", "Khmer") in choices
    force_sign_in(personas.intake)
    response = client.post("/cases/intake/", intake_form(ethnicity="05"))
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.ethnicity == "05"
    page = client.get(response["Location"]).content.decode()
    assert '<dd class="col-sm-9" data-testid="person-ethnicity">Khmer</dd>' in page
    refused = client.post("/cases/intake/", intake_form(ethnicity="Khơ me tự gõ"))
    assert "ethnicity" in refused.context["form"].errors


def test_person_api_takes_a_code_or_a_name_and_stores_the_code(client, personas, make_case, force_sign_in):
    case = make_case(personas.actor("commune_case_worker"), province_id=92, commune_id=31510)
    force_sign_in(personas.commune_case_worker)
    url = f"/api/cases/{case.pk}/person/"
    ok = client.patch(url, {"version": 1, "ethnicity": "Khơ-me"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    case.person.refresh_from_db()
    assert case.person.ethnicity == "05"
    bad = client.patch(url, {"version": 2, "ethnicity": "Người sao Hỏa"}, content_type="application/json")
    assert bad.status_code == 400 and "ethnicity" in bad.json()


def test_data_migration_maps_recorded_names_to_codes_and_keeps_other_text(personas, make_case):
    actor = personas.actor("commune_case_worker")
    spelled = {"Khơ-me": "05", "H'Mông": "08", "kinh": "01", "Cờ Tu": "26", "không rõ": "không rõ"}
    people = {}
    for text in spelled:
        case = make_case(actor, province_id=92, commune_id=31510)
        Person.objects.filter(pk=case.person_id).update(ethnicity=text)
        people[text] = case.person_id
    importlib.import_module("safereturn.cases.migrations.0017_person_ethnicity_codes").to_codes(django_apps, None)
    for text, expected in spelled.items():
        assert Person.objects.get(pk=people[text]).ethnicity == expected
