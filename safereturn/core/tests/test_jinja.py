"""The Jinja2 pages (the case page) and the Django pages share one chrome and one catalogue."""

import re
import uuid

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_filters_and_translations_behave_as_django_templates_do():
    assert render("{{ x|linebreaksbr }}", x="<b>a</b>\r\nb\nc") == "&lt;b&gt;a&lt;/b&gt;<br>b<br>c"
    with translation.override("vi"):
        assert render('{{ _("Cases") }} · {{ _("Case %(number)s")|format(number="92-1") }}') == "Hồ sơ · Hồ sơ 92-1"
    with translation.override("en"):
        assert render('{{ _("Cases") }}') == "Cases"
    assert render("{{ url('cases:list') }}|{{ url('cases:detail', k) }}", k=uuid.UUID(int=5)) == (
        f"{reverse('cases:list')}|{reverse('cases:detail', args=[uuid.UUID(int=5)])}"
    )


def test_the_case_pages_links_are_the_urlconfs():
    from types import SimpleNamespace

    from safereturn.cases import case_page

    case = SimpleNamespace(pk=uuid.uuid4())
    urls = case_page.case_urls(case)
    assert urls == {name: reverse(f"cases:{name}", args=[case.pk]) for name in case_page._CASE_LINKS}


def test_django_and_jinja2_pages_draw_the_same_header_and_footer(client, personas, make_case, force_sign_in):
    officer = personas.intake  # the Phú Lợi ward committee's intake officer
    case = make_case(personas.actor("intake"), full_name="Hà Thị Nhung", sex="female", birth_year=1994)
    force_sign_in(officer)

    def chrome(path):
        page = client.get(path).content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", page)
        page = re.sub(r'name="next" type="hidden" value="[^"]*"', "next", page)
        header = page[page.index('<header class="sr-header">') : page.index("</header>")]
        footer = page[page.index("<footer") : page.index("</footer>")]
        return header, footer

    django_page, jinja_page = chrome("/"), chrome(f"/cases/{case.pk}/")
    assert django_page == jinja_page
    assert officer.full_name in django_page[0] and 'href="/cases/"' in django_page[0]


def test_each_language_compiles_its_labels_in_and_links_are_filled_in():
    backend = engines["jinja2"]
    vi = backend.environment_for("vi").compile('{{ _("Cases") }}{{ obj._("x") }}', raw=True)
    assert "Hồ sơ" in vi and "'x'" in vi  # a method called _ is left alone
    assert "Hồ sơ" not in backend.environment_for(None).compile('{{ _("Cases") }}', raw=True)
    for case_id, document_id in ((uuid.uuid4(), 7), (uuid.uuid4(), 1234567)):
        assert render("{{ url('cases:document_download', c, d) }}", c=case_id, d=document_id) == reverse(
            "cases:document_download", args=[case_id, document_id]
        )
    assert render("{{ url('identification:transition', c, 'reopen') }}", c=case_id) == reverse(
        "identification:transition", args=[case_id, "reopen"]
    )


def test_the_remembered_header_is_each_officers_own_with_a_working_csrf_field(make_officer, make_agency, sign_in):
    from django.test import Client

    agency = make_agency("commune_committee", level="commune")
    pages = {}
    for name in ("Lê Văn Tâm", "Đỗ Thị Hoa"):
        officer = make_officer("intake_officer", agency=agency, full_name=name)
        client = sign_in(officer, client=Client(enforce_csrf_checks=True))  # the second factor's form, CSRF and all
        page = client.get("/cases/?status=identified").content.decode()
        header = page[page.index('<header class="sr-header">') : page.index("</header>")]
        pages[name] = header
        assert name in header and 'value="/cases/?status=identified"' in header
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
        switched = client.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
        assert switched.status_code == 302
    assert "Đỗ Thị Hoa" not in pages["Lê Văn Tâm"] and "Lê Văn Tâm" not in pages["Đỗ Thị Hoa"]
