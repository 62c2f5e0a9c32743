"""GOV.UK error pattern in the browser, on a phone: the error summary takes the focus when the page
comes back, names each field and leads to it; the reveal reason is checked by the server, whose
Vietnamese message is shown (not a browser tooltip that blocks the form)."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.testing.personas import record_case

from .conftest import ARTIFACTS, by_test_id, click_and_wait, showing_text, sign_in, type_into, visible, wait_until

pytestmark = pytest.mark.browser


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(live_server, browser, phu_loi_officer):
    officer, _actor, code = phu_loi_officer
    sign_in(browser, live_server, officer, code)
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/cases/intake/step/1/")
    click_and_wait(browser, by_test_id("continue"))
    summary = visible(browser, by_test_id("error-summary"))
    wait_until(browser, lambda d: d.switch_to.active_element == summary, "the error summary did not take the focus")
    assert "Họ và tên: Trường này là bắt buộc." in summary.text
    browser.save_screenshot(str(ARTIFACTS / "error-summary-phone.png"))
    summary.find_element(By.LINK_TEXT, "Họ và tên: Trường này là bắt buộc.").click()
    field = browser.find_element(By.ID, "id_full_name")
    wait_until(browser, lambda d: d.switch_to.active_element == field, "the error's link did not reach its field")


def test_a_short_reveal_reason_gets_the_servers_message(live_server, browser, phu_loi_officer):
    officer, actor, code = phu_loi_officer
    case = record_case(
        actor,
        full_name="Lò Thị Mai",
        sex="female",
        birth_year=2001,
        channel="rescue_abroad",
        received_at=timezone.now() - datetime.timedelta(days=1),
        province_id=92,
        commune_id=31510,
        route="cross_border",
        destination_country="CN",
        risk_level="low",
    )
    sign_in(browser, live_server, officer, code)
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    type_into(browser, "reason", "xem")
    click_and_wait(browser, f"{by_test_id('reveal-form')} button[type=submit]")
    showing_text(browser, "[role=alert]", "Hãy nêu lý do ít nhất 10 ký tự")
    assert "Lò Thị Mai" not in browser.page_source
