"""The verification forms (task, evidence, decision) get the same error summary as every form page."""

import pytest

pytestmark = pytest.mark.django_db


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
