"""Nationality and ethnicity are chosen from authoritative lists and shown by name (issue #16)."""

import pytest

from safereturn.cases.forms import IntakeForm

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
