"""The case list page draws its filter form itself (cases.list_page): it must say what Django's
widgets would say, for an empty form, a filled one and one with errors, in both languages."""

from html.parser import HTMLParser

import pytest
from django.template import engines
from django.utils import translation

from safereturn.cases import list_page
from safereturn.cases.forms import CaseFilterForm
from safereturn.directory.models import Agency


class Elements(HTMLParser):
    """Form elements as comparable facts: (tag, sorted attributes, text) in document order."""

    def __init__(self, html):
        super().__init__()
        self.found, self._option = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "select", "option"):
            # Django draws an empty value as no attribute; both mean the same to a browser.
            attrs = tuple(sorted((k, v or "") for k, v in attrs if not (k == "value" and tag == "input" and not v)))
            self.found.append([tag, attrs, ""])
            self._option = self.found[-1] if tag == "option" else None

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        self._option = None


def drawn_by_django(form):
    return Elements("".join(str(form[name]) for name in form.fields if name != "sort")).found


def drawn_here(form, agencies):
    template = engines["jinja2"].get_template("includes/filter_widget.html")
    return Elements("".join(template.render({"field": f}) for f in list_page.filter_fields(form, agencies))).found


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "nguyen", "status": "under_verification", "received_from": "01/02/2026", "commune_id": "31510"},
        {"channel": "no-such-channel", "received_from": "31/02/2026", "commune_id": "-4", "receiving_agency_id": "x"},
    ],
)
def test_the_filter_form_is_drawn_as_django_would_draw_it(make_agency, language, data):
    agency = make_agency("province_police", level="province")
    make_agency("commune_committee", level="commune")
    agencies = Agency.objects.filter(province_id=agency.province_id)
    if data and "receiving_agency_id" not in data:
        data["receiving_agency_id"] = str(agency.pk)
    with translation.override(language):
        form = CaseFilterForm(data)
        form.fields["receiving_agency_id"].queryset = agencies
        if data:
            form.is_valid()
        expected = drawn_by_django(form)
        assert expected == drawn_here(form, agencies.values_list("pk", "name"))
    assert len([e for e in expected if e[0] == "option"]) > 30
    if data and "channel" in data:
        assert {name for name in form.errors} >= {"channel", "received_from", "commune_id", "receiving_agency_id"}
        assert sum(1 for e in expected if ("aria-invalid", "true") in e[1]) == 4


def test_the_case_count_is_said_in_each_language():
    with translation.override("vi"):
        assert list_page.count_text(1) == "1 hồ sơ" and list_page.count_text(30) == "30 hồ sơ"
    with translation.override("en"):
        assert list_page.count_text(1) == "1 case" and list_page.count_text(30) == "30 cases"
