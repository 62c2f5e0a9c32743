import base64

import pytest
from django_otp.oath import totp
from selenium.webdriver.common.by import By

from safereturn.directory.models import Role

from .conftest import ARTIFACTS, at_url, by_test_id, click_and_wait, present, visible
from .conftest import type_into as fill

pytestmark = pytest.mark.browser
PASSWORD = "a long demo passphrase 2026"


def test_officer_signs_in_with_second_factor_and_sees_home_in_vietnamese(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    agency = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    officer = make_officer(Role.INTAKE_OFFICER, agency=agency, password=PASSWORD, full_name="Trần Thị Mai")
    _device, code = totp_device(officer)

    browser.get(live_server.url + "/")
    at_url(browser, "/accounts/login/")
    assert "/accounts/login/" in browser.current_url
    assert present(browser, (By.TAG_NAME, "html")).get_attribute("lang") == "vi"
    assert "Đăng nhập" in visible(browser, (By.TAG_NAME, "h1")).text
    fill(browser, "username", officer.username)
    fill(browser, "password", PASSWORD)
    click_and_wait(browser, "main button[type=submit]")

    assert "Bước hai của đăng nhập" in visible(browser, (By.TAG_NAME, "h1")).text
    fill(browser, "token", code())
    click_and_wait(browser, "main form button[type=submit]")

    heading = visible(browser, (By.TAG_NAME, "h1")).text
    assert heading == "Xin chào, Trần Thị Mai"
    card = browser.find_element(By.CSS_SELECTOR, by_test_id("acting-as")).text
    assert "Cán bộ tiếp nhận" in card
    assert "Ủy ban nhân dân Phường Phú Lợi (thử)" in card and "Thành phố Cần Thơ" in card
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Hàng đợi công việc" in page and "Không có việc quá hạn." in page
    browser.save_screenshot(str(ARTIFACTS / "home-vi.png"))

    click_and_wait(browser, "button[name=language][value=en]")
    assert present(browser, (By.TAG_NAME, "html")).get_attribute("lang") == "en"
    assert "Work queues" in visible(browser, "main").text
    assert "Intake officer" in browser.find_element(By.CSS_SELECTOR, by_test_id("acting-as")).text


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes(
    live_server, browser, reference_data, make_officer
):
    officer = make_officer(Role.VERIFIER, password=PASSWORD)
    browser.get(live_server.url + "/accounts/login/")
    fill(browser, "username", officer.username)
    fill(browser, "password", PASSWORD)
    click_and_wait(browser, "main button[type=submit]")

    at_url(browser, "/accounts/2fa/setup/")
    assert "/accounts/2fa/setup/" in browser.current_url
    qr = visible(browser, ".sr-qr img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml") and qr.size["width"] > 100
    secret = browser.find_element(By.CSS_SELECTOR, by_test_id("totp-secret")).text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    fill(browser, "token", f"{totp(key):06d}")
    click_and_wait(browser, "main form button[type=submit]")

    present(browser, f"{by_test_id('recovery-codes')} li")
    codes = browser.find_elements(By.CSS_SELECTOR, f"{by_test_id('recovery-codes')} li")
    assert len(codes) == 10
    browser.save_screenshot(str(ARTIFACTS / "recovery-codes-vi.png"))
    click_and_wait(browser, (By.LINK_TEXT, "Tôi đã lưu các mã"))
    assert visible(browser, (By.TAG_NAME, "h1")).text.startswith("Xin chào")


def test_wrong_password_shows_the_error_summary(live_server, browser, reference_data, make_officer):
    officer = make_officer(password=PASSWORD)
    browser.get(live_server.url + "/accounts/login/")
    fill(browser, "username", officer.username)
    fill(browser, "password", "not the password")
    click_and_wait(browser, "main button[type=submit]")
    summary = visible(browser, ".sr-error-summary")
    assert "Có lỗi cần sửa" in summary.text
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in summary.text
