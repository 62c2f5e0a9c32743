"""The 403, 404 and 500 pages an officer meets: in Vietnamese, in plain words, with a way back."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_vietnamese_page_with_the_site_chrome_and_a_way_home(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="vi")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="h2 mb-3">Không tìm thấy trang</h1>' in page
    assert '<a href="/">Về trang chủ</a>' in page
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert "Page not found" not in page and "urlpatterns" not in page


def test_a_page_the_role_does_not_open_is_a_vietnamese_403(client, personas, force_sign_in, settings):
    settings.DEBUG = False
    force_sign_in(personas.intake)
    response = client.get("/audit/")  # the audit trail is the auditors'
    page = response.content.decode()
    assert response.status_code == 403
    assert "Không được phép" in page and "hãy đề" in page and '<a href="/">Về trang chủ</a>' in page
    assert "Forbidden" not in page


def test_the_500_page_needs_nothing_but_itself_and_offers_a_way_back():
    response = defaults.server_error(RequestFactory().get("/cases/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in page and "Lỗi hệ thống" in page
    assert '<a href="/">Về trang chủ</a>' in page
    assert 'rel="icon"' in page


def test_the_500_page_follows_the_officers_language():
    with translation.override("en"):
        page = defaults.server_error(RequestFactory().get("/cases/")).content.decode()
    assert '<html lang="en">' in page and "System error" in page and "Lỗi" not in page
