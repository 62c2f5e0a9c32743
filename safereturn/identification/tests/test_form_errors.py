"""The verification forms (task, evidence, decision) get the same error summary as every form page."""

import re

import pytest

from safereturn.identification import services

pytestmark = pytest.mark.django_db

DECISION = "Quyết định"


@pytest.mark.parametrize(
    "page, data",
    [("tasks/new", {"kind": "identity"}), ("evidence/new", {"source": "person_or_relatives"})],
)
def test_verification_forms_open_with_an_error_summary_naming_the_fields(world, make_case, force_sign_in, page, data):
    # The decision and return-certificate forms are drawn by the same page (identification/_form_page.html).
    case = make_case()
    client = force_sign_in("commune_supervisor")
    response = client.post(f"/identification/cases/{case.pk}/{page}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="sr-error-summary" role="alert" tabindex="-1" autofocus' in html
    assert ": Trường này là bắt buộc.</a>" in html
    assert html.index("sr-error-summary") < html.index('<form method="post"')


def test_the_decision_form_names_its_fields_and_groups_its_choices(world, make_case, force_sign_in):
    case = services.case_transition(
        actor=world["actors"]["commune_supervisor"],
        case=make_case(),
        transition="start_verification",
        expected_version=1,
    )
    services.verification_task_create(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        kind="identity",
        assignee_agency_id=world["agencies"]["police"].pk,
    )
    client = force_sign_in("police_verifier")
    response = client.post(f"/identification/cases/{case.pk}/decision/new/", {"version": case.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="sr-error-summary" role="alert" tabindex="-1" autofocus' in html
    kind = f'<a href="#id_kind_0">{DECISION}: Trường này là bắt buộc.</a>'
    assert kind in html
    assert re.search(rf'<fieldset class="mb-3[^"]*"[^>]*>\s*<legend[^>]*>{DECISION}</legend>', html)
