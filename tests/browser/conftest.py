"""Real headless Chromium (Debian's /usr/bin/chromium) driven through chromedriver."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1280,900",
    "--lang=vi",
]


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    driver_path = os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")
    profile = tempfile.mkdtemp(prefix="safereturn-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi,vi-VN"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(15)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def reference_data(transactional_db):
    """Live-server tests flush the database between tests, so reload the reference data they need."""
    from safereturn.geo.models import Commune

    if not Commune.objects.exists():
        call_command("load_geography", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    call_command("load_rules", verbosity=0)  # the flush also removed the rule rows the migration seeded


PASSWORD = "a long demo passphrase 2026"


@pytest.fixture
def phu_loi_officer(reference_data, make_agency, make_officer, totp_device):
    """An intake officer of the Phú Lợi ward committee (Cần Thơ) with a second factor: (officer, actor, code)."""
    from safereturn.access.policy import Actor
    from safereturn.directory.models import Role

    commune = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    officer = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD, full_name="Trần Thị Mai")
    _device, code = totp_device(officer)
    return officer, Actor(officer, officer.memberships.select_related("agency__agency_type").get()), code


def sign_in(browser, live_server, user, code):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(user.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    browser.find_element(By.NAME, "token").send_keys(code())
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
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


def click_and_wait(browser, element):
    """Click something that loads a new page, and wait until the new page has replaced the old one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old_page = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def old_page_gone(_driver):
        # Chrome answers a query on a node of a page being replaced either "stale element" or
        # "node does not belong to the document", depending on timing: both mean it is gone.
        try:
            return expected_conditions.staleness_of(old_page)(_driver)
        except WebDriverException:
            return True

    WebDriverWait(browser, 15).until(old_page_gone)
    WebDriverWait(browser, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
