import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.testing.personas import record_case

from .conftest import (
    ARTIFACTS,
    by_test_id,
    choose,
    click_and_wait,
    fits_a_phone,
    sign_in,
    type_into,
    visible,
    wait_until,
)

pytestmark = pytest.mark.browser


def test_commune_officer_filters_the_case_list_and_is_told_what_is_wrong_with_a_filter(
    live_server, browser, phu_loi_officer
):
    officer, actor, code = phu_loi_officer
    people = [("Lò Thị Mai", "female", "rescue_abroad"), ("Thạch Văn Sơn", "male", "self_return")]
    numbers = {}
    for days, (name, sex, channel) in enumerate(people, start=1):
        case = record_case(
            actor,
            full_name=name,
            sex=sex,
            birth_year=2001,
            channel=channel,
            received_at=timezone.now() - datetime.timedelta(days=days),
            province_id=92,
            commune_id=31510,
            route="cross_border",
            destination_country="CN",
            risk_level="low",
        )
        numbers[channel] = case.number

    sign_in(browser, live_server, officer, code)
    browser.get(f"{live_server.url}/cases/")
    table = visible(browser, by_test_id("case-table")).text
    assert "Lò T. M." in table and "Thạch V. S." in table and "Lò Thị Mai" not in table
    assert browser.find_element(By.CSS_SELECTOR, by_test_id("case-count")).text == "2 hồ sơ"
    # On a phone each case is a card naming its fields, and nothing scrolls sideways.
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/cases/")
    assert not browser.find_element(By.NAME, "q").is_displayed(), "on a phone the filters fold under their button"
    card = visible(browser, f"{by_test_id('case-table')} tbody tr")
    first = card.find_element(By.TAG_NAME, "td")
    shown = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", first)
    assert shown == '"Số hồ sơ: "', shown
    assert browser.execute_script("return getComputedStyle(arguments[0]).display", card) == "block"
    fits_a_phone(browser, name="case-list", restore=None)
    assert card.rect["x"] + card.rect["width"] <= 390
    browser.save_screenshot(str(ARTIFACTS / "case-list-phone-vi.png"))
    browser.set_window_size(1280, 900)
    browser.get(f"{live_server.url}/cases/")  # on a wide screen the filters are open
    agency_choice = browser.find_element(By.CSS_SELECTOR, "#id_receiving_agency_id option:checked")
    assert agency_choice.text == "Tất cả"

    choose(browser, "channel", "rescue_abroad")
    click_and_wait(browser, ".sr-filters button[type=submit]")
    table = visible(browser, by_test_id("case-table")).text
    assert numbers["rescue_abroad"] in table and numbers["self_return"] not in table
    assert browser.find_element(By.ID, "id_channel").get_attribute("value") == "rescue_abroad"  # kept selected
    browser.save_screenshot(str(ARTIFACTS / "case-list-vi.png"))

    type_into(browser, "received_from", "02/01/2026")
    type_into(browser, "received_to", "01/01/2026")
    click_and_wait(browser, ".sr-filters button[type=submit]")
    summary = visible(browser, ".sr-error-summary")
    assert "Ngày kết thúc trước ngày bắt đầu." in summary.text
    # The new page has loaded (click_and_wait), so an absent table is really absent: nothing listed.
    assert browser.find_elements(By.CSS_SELECTOR, by_test_id("case-table")) == []
    field = browser.find_element(By.ID, "id_received_to")
    assert field.get_attribute("aria-invalid") == "true" and field.get_attribute("value") == "01/01/2026"
    summary.find_element(By.CSS_SELECTOR, "a[href='#id_received_to']").click()
    wait_until(browser, lambda d: d.switch_to.active_element == field, "the error's link did not focus its field")
    assert browser.switch_to.active_element == field
    browser.save_screenshot(str(ARTIFACTS / "case-list-error-vi.png"))
