"""Issue 16: the case list filters by commune by name, among the communes of the officer's province
(not by a code typed in); a national agency has no commune filter. The API keeps its numeric filter."""

import pytest
from django.utils import translation

from safereturn.cases import list_page
from safereturn.cases.forms import CaseListFilterForm
from safereturn.cases.tests.test_list_page import drawn_by_django, drawn_here
from safereturn.geo.models import Commune
from safereturn.testing.personas import CAN_THO, DA_NANG, PHU_LOI, record_case

pytestmark = pytest.mark.django_db


def commune_options(html):
    return html.split('name="commune_id"', 1)[1].split("</select>", 1)[0]


def test_the_commune_is_chosen_by_name_among_the_provinces_communes(force_sign_in, personas):
    client = force_sign_in("police_verifier")
    with translation.override("vi"):
        html = client.get("/cases/").content.decode()
    options = commune_options(html)
    assert options.strip().startswith('id="id_commune_id">\n<option value="" selected>Tất cả</option>')
    assert "Phú Lợi" in options
    assert 'type="number" name="commune_id"' not in html
    in_can_tho = set(Commune.objects.filter(province_id=CAN_THO).values_list("code", flat=True))
    offered = {int(part.split('"', 1)[0]) for part in options.split('value="')[2:]}
    assert offered == in_can_tho


def test_choosing_a_commune_filters_the_list(force_sign_in, personas):
    here = record_case(personas.actor("intake"), full_name="Lò Thị Mai")
    other = Commune.objects.filter(province_id=CAN_THO).exclude(code=PHU_LOI).order_by("code").first()
    client = force_sign_in("intake")
    page = client.get("/cases/", {"commune_id": str(PHU_LOI)})
    assert page.status_code == 200 and here.number in page.content.decode()
    assert here.number not in client.get("/cases/", {"commune_id": str(other.code)}).content.decode()
    # A commune of another province is not one of the choices: an error, no list.
    elsewhere = Commune.objects.filter(province_id=DA_NANG).first()
    assert here.number not in client.get("/cases/", {"commune_id": str(elsewhere.code)}).content.decode()


def test_a_national_agency_has_no_commune_filter(force_sign_in, make_officer, make_agency):
    officer = make_officer("supervisor", agency=make_agency("ministry", level="national"))
    html = force_sign_in(officer).get("/cases/").content.decode()
    assert 'name="commune_id"' not in html


def test_the_options_are_not_shared_between_provinces():
    """list_page caches drawn options; the commune options depend on the province, so they are kept
    under it and an officer of Đà Nẵng never sees Cần Thơ's communes."""
    with translation.override("vi"):
        can_tho = list_page.filter_fields(CaseListFilterForm(province_id=CAN_THO), [])
        da_nang = list_page.filter_fields(CaseListFilterForm(province_id=DA_NANG), [])
    options = {
        p: next(f["options"] for f in fields if f["name"] == "commune_id")
        for p, fields in ((CAN_THO, can_tho), (DA_NANG, da_nang))
    }
    assert f'value="{PHU_LOI}"' in options[CAN_THO] and f'value="{PHU_LOI}"' not in options[DA_NANG]


def test_the_api_keeps_its_numeric_commune_filter(force_sign_in, personas):
    case = record_case(personas.actor("intake"))
    api = force_sign_in("intake")
    found = api.get("/api/cases/", {"commune_id": PHU_LOI})
    assert found.status_code == 200 and [c["number"] for c in found.json()["results"]] == [case.number]
    assert api.get("/api/cases/", {"commune_id": "99999999999"}).status_code == 400
    assert api.get("/api/cases/", {"commune_id": "0"}).status_code == 400


@pytest.mark.parametrize("data", [None, {"commune_id": str(PHU_LOI)}, {"commune_id": "20242"}])
def test_the_commune_choice_is_drawn_as_django_would_draw_it(data):
    form = CaseListFilterForm(data, province_id=CAN_THO)
    if data:
        form.is_valid()
    with translation.override("vi"):
        assert drawn_by_django(form) == drawn_here(form, [])
