"""Nationality and ethnicity are chosen from authoritative lists and shown by name (issue #16)."""

import importlib

import pytest
from django.apps import apps as django_apps

from safereturn.cases.forms import IntakeForm
from safereturn.cases.models import IntakeDraft, Person
from safereturn.geo.ethnicity import DATA_FILE, ethnic_group_code, ethnic_group_name, ethnic_groups
from safereturn.testing.factories import IntakeDraftFactory

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


# The General Statistics Office's list (Decision 121-TCTK/PPCĐ of 1979), a handful of codes pinned.
GSO_CODES = {
    "01": "Kinh",
    "04": "Mường",
    "05": "Khmer",
    "06": "Hoa",
    "08": "Mông",
    "21": "Ra Glai",
    "23": "Bru Vân Kiều",
    "27": "Gié Triêng",
    "47": "Cơ Lao",
    "54": "Rơ Măm",
}


def test_codes_are_those_of_the_gso_list():
    names = {g.code: g.name_vi for g in ethnic_groups()}
    for code, name in GSO_CODES.items():
        assert names[code] == name, code
    assert len(set(names.values())) == 54
    header = "".join(line for line in DATA_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    assert "Tổng cục Thống kê" in header and "Danh mục các dân tộc Việt Nam" in header and "1979" in header


def test_a_name_typed_the_old_way_still_finds_its_group():
    assert ethnic_group_code("Raglay") == "21" and ethnic_group_code("Giẻ Triêng") == "27"
    assert ethnic_group_code("Hoa (Hán)") == "06" and ethnic_group_code("Mường") == "04"


def test_stored_muong_and_hoa_codes_move_so_each_person_keeps_their_group(personas, make_case):
    """Before the check the file had Hoa as 04 and Mường as 06: a person recorded as Hoa was stored
    "04". Migration 0020 moves the stored codes; free text from before 0017 ends in the same place
    whether 0017 and 0020 run together or months apart."""
    actor = personas.actor("commune_case_worker")
    stored = {"04": "06", "06": "04", "05": "05", "Hoa": "06", "Mường": "04", "": ""}
    people = {}
    for value in stored:
        case = make_case(actor, province_id=92, commune_id=31510)
        Person.objects.filter(pk=case.person_id).update(ethnicity=value)
        people[value] = case.person_id
    draft = IntakeDraftFactory(answers={"full_name": "Lò Thị Hoa", "ethnicity": "04"})
    importlib.import_module("safereturn.cases.migrations.0017_person_ethnicity_codes").to_codes(django_apps, None)
    importlib.import_module("safereturn.cases.migrations.0020_ethnicity_gso_codes_muong_hoa").swap_codes(
        django_apps, None
    )
    for value, expected in stored.items():
        assert Person.objects.get(pk=people[value]).ethnicity == expected, value
    assert ethnic_group_name(Person.objects.get(pk=people["04"]).ethnicity, "vi") == "Hoa"
    draft = IntakeDraft.objects.get(pk=draft.pk)
    assert draft.answers == {"full_name": "Lò Thị Hoa", "ethnicity": "06"}
