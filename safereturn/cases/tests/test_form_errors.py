"""GOV.UK error pattern on the case pages: one error summary at the top that names each field and
links to it, choice groups as a fieldset with a legend, and the reveal reason checked by the server."""

import re

import pytest

from safereturn.audit.models import AuditEvent

from .test_intake_and_cases import intake_form

pytestmark = pytest.mark.django_db


def test_the_error_summary_names_each_field_and_links_to_it(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    data = intake_form(full_name="")
    del data["route"]
    page = client.post("/cases/intake/", data).content.decode()
    summary = re.search(r'<div class="sr-error-summary".*?</div>', page, re.S).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    assert '<a href="#id_full_name">Họ và tên: Trường này là bắt buộc.</a>' in summary
    # A radio group's error leads to its first radio button.
    assert '<a href="#id_route_0">Tuyến: Trường này là bắt buộc.</a>' in summary
    assert page.count('class="sr-error-summary"') == 1


@pytest.mark.parametrize(("name", "step"), [("route", 3), ("risk_level", 4), ("exploitation_forms", 3)])
def test_radio_and_checkbox_groups_are_a_fieldset_with_a_legend(client, personas, force_sign_in, name, step):
    force_sign_in(personas.intake)
    page = client.get(f"/cases/intake/step/{step}/").content.decode()
    group = r'<fieldset class="mb-3[^"]*"[^>]*>\s*<legend[^>]*>.+?</legend>(?:(?!</fieldset>).)*'
    groups = re.findall(group, page, re.S)
    assert any(f'name="{name}"' in g for g in groups), f"{name} is not inside a fieldset with a legend"


def test_a_short_reveal_reason_is_refused_by_the_server_with_a_vietnamese_message(
    client, personas, force_sign_in, make_case
):
    case = make_case()
    force_sign_in(personas.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    form = re.search(r'<form[^>]*data-testid="reveal-form"[^>]*>', page).group(0)
    assert "novalidate" in form, "the browser's tooltip must not stand in for the server's message"
    response = client.post(f"/cases/{case.pk}/reveal/", {"reason": "xem"}, follow=True)
    page = response.content.decode()
    assert "Hãy nêu lý do ít nhất 10 ký tự: lý do được ghi vào nhật ký truy cập." in page
    assert 'role="alert"' in page
    assert not AuditEvent.objects.filter(action="reveal", object_id=str(case.pk)).exists()


def test_the_case_list_filter_errors_name_their_field(client, personas, force_sign_in):
    force_sign_in(personas.intake)
    page = client.get("/cases/", {"received_from": "02/01/2026", "received_to": "01/01/2026"}).content.decode()
    summary = re.search(r'<div class="sr-error-summary".*?</div>', page, re.S).group(0)
    assert "autofocus" in summary
    assert '<a href="#id_received_to">Tiếp nhận đến ngày: Ngày kết thúc trước ngày bắt đầu.</a>' in summary
