"""The htmx unit pickers: each <select> sends its own name, and each endpoint reads it."""

import pytest

from safereturn.cases.forms import IntakeForm

pytestmark = pytest.mark.django_db


def test_residence_province_fills_the_residence_commune_list(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    page = client.get("/cases/intake/step/1/").content.decode()
    # The intake's residence province asks the commune endpoint, sending its own name ...
    assert 'name="home_province"' in page and 'hx-target="#id_home_commune"' in page
    # ... and the endpoint answers with that province's communes.
    options = client.get("/geo/communes/", {"home_province": "92"}).content.decode()
    assert '<option value="31510">Phường Phú Lợi</option>' in options
    assert options.count("<option") > 50


def test_reception_province_still_fills_its_commune_list(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    options = client.get("/geo/communes/", {"province": "92"}).content.decode()
    assert "Phường Phú Lợi" in options
    assert client.get("/geo/communes/", {"province": "x"}).content.decode().count("<option") == 1


def test_former_units_pickers(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    districts = client.get("/geo/former-districts/", {"former_province": "94"}).content.decode()
    assert "Thành phố Sóc Trăng" in districts
    communes = client.get("/geo/former-communes/", {"former_district": "941"}).content.decode()
    assert '<option value="31522">Phường 1</option>' in communes


@pytest.mark.parametrize(
    "picker, value, target, expected",
    [
        ("province", "92", "commune", "Phường Phú Lợi"),
        ("home_province", "92", "home_commune", "Phường Phú Lợi"),
        ("former_province", "94", "former_district", "Thành phố Sóc Trăng"),
        ("former_district", "941", "former_commune", "Phường 1"),
    ],
)
def test_every_intake_picker_is_answered_under_the_name_it_sends(
    client, personas, force_sign_in, picker, value, target, expected
):
    """htmx sends the changed <select>'s value under the select's own name, to its hx-get."""
    force_sign_in(personas.intake)
    widget = IntakeForm(agency=personas.commune).fields[picker].widget.attrs
    assert widget["hx-target"] == f"#id_{target}"
    options = client.get(widget["hx-get"], {picker: value}).content.decode()
    assert expected in options


def test_pickers_need_a_signed_in_officer(client):
    assert client.get("/geo/communes/", {"home_province": "92"}).status_code == 302
