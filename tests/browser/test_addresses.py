"""Residence on intake, in the browser: choosing the province fills the commune list (it stayed
empty: the picker sent ``home_province``, the endpoint read ``province``), and an address given
with the former units resolves to today's (issue #16)."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.cases.models import Case

from .conftest import ARTIFACTS, by_test_id, choose, click_and_wait, sign_in, tick, type_into, visible

pytestmark = pytest.mark.browser


def test_residence_commune_fills_and_a_former_address_resolves(live_server, browser, phu_loi_officer):
    officer, _actor, code = phu_loi_officer
    sign_in(browser, live_server, officer, code)
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận tiếp nhận"))
    click_and_wait(browser, by_test_id("intake-start"))
    type_into(browser, "full_name", "Lâm Thị Hồng")
    choose(browser, "sex", "female")
    type_into(browser, "birth_year", "2002")
    choose(browser, "nationality", "VN")
    choose(browser, "ethnicity", "05")
    # Today's residence: the commune list is filled by the province chosen (an htmx swap).
    choose(browser, "home_province", "92")
    choose(browser, "home_commune", "31510")
    # The address as the person gives it, with the units before 1 July 2025.
    choose(browser, "former_province", "94")
    choose(browser, "former_district", "941")
    choose(browser, "former_commune", "31522")
    click_and_wait(browser, by_test_id("continue"))
    choose(browser, "channel", "self_return")
    type_into(browser, "received_at", (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M"))
    choose(browser, "commune", "31510")
    click_and_wait(browser, by_test_id("continue"))
    tick(browser, "route", "cross_border")
    choose(browser, "destination_country", "KH")
    click_and_wait(browser, by_test_id("continue"))
    tick(browser, "risk_level", "low")
    click_and_wait(browser, by_test_id("continue"))
    click_and_wait(browser, by_test_id("continue"))  # no consent recorded at intake
    click_and_wait(browser, by_test_id("save"))

    case = Case.objects.get()
    assert browser.current_url.endswith(f"/cases/{case.pk}/")
    assert (case.person.home_commune_id, case.person.home_former_commune_id) == (31510, 31522)
    residence = visible(browser, by_test_id("person-residence")).text
    assert residence == "Phường 1, thành phố Sóc Trăng, tỉnh Sóc Trăng (cũ) — nay Phường Phú Lợi, thành phố Cần Thơ"
    assert browser.find_element(By.CSS_SELECTOR, by_test_id("person-nationality")).text == "Việt Nam"
    assert browser.find_element(By.CSS_SELECTOR, by_test_id("person-ethnicity")).text == "Khmer"
    browser.save_screenshot(str(ARTIFACTS / "case-detail-former-address-vi.png"))
