import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from safereturn.access.policy import Actor
from safereturn.cases import services
from safereturn.cases.models import Case
from safereturn.directory.models import Role

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
PASSWORD = "a long demo passphrase 2026"


def sign_in(browser, live_server, user, code):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(user.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    browser.find_element(By.NAME, "token").send_keys(code())
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Xin chào")


def choose(browser, name, value):
    """Pick an option of a drop-down. Headless Chromium leaves a clicked native list open and
    blocks the page behind it, so the choice is made the way the keyboard would: set and announce."""
    select = browser.find_element(By.NAME, name)
    assert select.find_elements(By.CSS_SELECTOR, f"option[value='{value}']"), (name, value)
    browser.execute_script(
        "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        select,
        value,
    )
    assert Select(select).first_selected_option.get_attribute("value") == value


def tick(browser, name, value):
    """Click the label of a radio button or checkbox, as a person would."""
    label = browser.find_element(By.XPATH, f"//input[@name='{name}' and @value='{value}']/parent::label")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    try:
        label.click()
    except Exception:
        browser.save_screenshot(str(ARTIFACTS / "tick-failure.png"))
        raise


def type_into(browser, name, value):
    field = browser.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def test_commune_officer_records_a_self_return_links_the_known_person_and_others_cannot_open_it(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    commune = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    officer = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD, full_name="Trần Thị Mai")
    _device, code = totp_device(officer)
    # The person was recorded here once before (re-trafficking happens).
    membership = officer.memberships.select_related("agency__agency_type").get()
    earlier = services.intake_record(
        actor=Actor(officer, membership),
        data=services.IntakeData(
            person=services.PersonData(full_name="Thạch Văn Sơn", sex="male", birth_year=2003),
            channel="self_return",
            received_at=timezone.now() - datetime.timedelta(days=400),
            province_id=92,
            commune_id=31510,
            route="cross_border",
            destination_country="KH",
            risk_level="low",
            exploitation_forms=["forced_labour"],
        ),
    )

    sign_in(browser, live_server, officer, code)
    browser.find_element(By.LINK_TEXT, "Ghi nhận tiếp nhận").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ghi nhận tiếp nhận"
    type_into(browser, "full_name", "Thach Van Son")
    choose(browser, "sex", "male")
    type_into(browser, "birth_year", "2004")
    choose(browser, "channel", "self_return")
    type_into(browser, "received_at", (timezone.localtime() - datetime.timedelta(hours=3)).strftime("%d/%m/%Y %H:%M"))
    choose(browser, "commune", "31510")
    tick(browser, "route", "cross_border")
    choose(browser, "destination_country", "KH")
    tick(browser, "exploitation_forms", "forced_crime")
    tick(browser, "immediate_needs_met", "food")
    tick(browser, "risk_level", "medium")
    browser.find_element(By.NAME, "consent_processing").click()
    type_into(browser, "consent_given_on", timezone.localdate().strftime("%d/%m/%Y"))
    browser.find_element(By.CSS_SELECTOR, "#intake-form > button[type=submit]").click()

    warning = browser.find_element(By.CSS_SELECTOR, "[data-testid=duplicate-warning]")
    assert "Người này có thể đã có hồ sơ" in warning.text
    assert earlier.number in warning.text and "Thạch V. S." in warning.text
    browser.save_screenshot(str(ARTIFACTS / "intake-duplicate-vi.png"))
    warning.find_element(By.CSS_SELECTOR, "[data-testid=link-person]").click()

    assert "Hồ sơ" in browser.find_element(By.TAG_NAME, "h1").text
    new_case = Case.objects.exclude(pk=earlier.pk).get()
    assert browser.current_url.endswith(f"/cases/{new_case.pk}/")
    assert new_case.person_id == earlier.person_id
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=person-name]").text == "Thạch V. S."
    assert "Liên kết với hồ sơ trước đây" in browser.find_element(By.CSS_SELECTOR, "[data-testid=timeline]").text
    browser.save_screenshot(str(ARTIFACTS / "case-detail-vi.png"))

    # A police officer of another province cannot open it, nor find it in a list.
    police = make_agency("province_police", province_code=48, name="Công an Đà Nẵng (thử)")
    stranger = make_officer(Role.VERIFIER, agency=police, password=PASSWORD)
    _d, stranger_code = totp_device(stranger)
    sign_in(browser, live_server, stranger, stranger_code)
    browser.get(f"{live_server.url}/cases/{new_case.pk}/")
    assert "Thạch" not in browser.page_source and new_case.number not in browser.page_source
    browser.get(f"{live_server.url}/cases/?q={new_case.number}")
    assert "Không có hồ sơ nào phù hợp." in browser.find_element(By.TAG_NAME, "main").text
