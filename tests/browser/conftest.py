"""Real headless Chromium (Debian's /usr/bin/chromium) driven through chromedriver."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

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
# Browser tests wait explicitly (the helpers below), never implicitly: a lookup that may race
# with a page load, a click or an htmx swap goes through a WebDriverWait with this deadline.
WAIT_SECONDS = 15


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
PHONE = (390, 844)
DESKTOP = (1280, 900)


def too_wide(browser):
    """How far the page is wider than the window, and the first elements sticking out (for the
    message); None when nothing scrolls sideways."""
    scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    if scroll <= inner:
        return None
    wide = browser.execute_script(
        "return [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    return scroll - inner, wide


def fits_a_phone(browser, url=None, name=None, size=PHONE, restore=DESKTOP, screenshot=None):
    """The one phone-width check ("no sideways scroll at 390 px"): at ``size``, open ``url`` (or keep
    the page shown), keep a screenshot (test-artifacts/phone-<name>.png, or ``screenshot`` if given)
    and assert that nothing makes the page wider than the screen, naming what sticks out.
    ``restore``: the window size to go back to afterwards (None: stay at ``size``)."""
    browser.set_window_size(*size)
    if url is not None:
        browser.get(url)
        wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", url)
    if name is None:
        name = (url or browser.current_url).rstrip("/").rsplit("/", 1)[-1] or "home"
    browser.save_screenshot(str(ARTIFACTS / (screenshot or f"phone-{name}.png")))
    wide = too_wide(browser)
    if restore is not None:
        browser.set_window_size(*restore)
    assert wide is None, f"{url or browser.current_url} scrolls sideways at {size[0]} px: {wide}"
    return True


@pytest.fixture
def phu_loi_officer(reference_data, make_agency, make_officer, totp_device):
    """An intake officer of the Phú Lợi ward committee (Cần Thơ) with a second factor: (officer, actor, code)."""
    from safereturn.directory.models import Role
    from safereturn.testing.personas import actor_of

    commune = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    officer = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD, full_name="Trần Thị Mai")
    _device, code = totp_device(officer)
    return officer, actor_of(officer), code


def by_test_id(name):
    """The CSS selector of the element marked data-testid=name."""
    return f"[data-testid={name}]"


def _locator(target):
    """A CSS selector, or a (By.…, value) pair, as a Selenium locator."""
    return (By.CSS_SELECTOR, target) if isinstance(target, str) else target


def wait_until(browser, condition, message="", timeout=WAIT_SECONDS):
    """Wait until condition(browser) is truthy, and return what it returned."""
    return WebDriverWait(browser, timeout).until(condition, message)


def present(browser, target, timeout=WAIT_SECONDS):
    """Wait until an element (a CSS selector or a locator) is in the page, and return it."""
    locator = _locator(target)
    return wait_until(browser, ec.presence_of_element_located(locator), f"never present: {locator}", timeout)


def visible(browser, target, timeout=WAIT_SECONDS):
    """Wait until an element (a CSS selector or a locator) is shown, and return it."""
    locator = _locator(target)
    return wait_until(browser, ec.visibility_of_element_located(locator), f"never visible: {locator}", timeout)


def clickable(browser, target, timeout=WAIT_SECONDS):
    """Wait until an element (a CSS selector, a locator or an element) is shown and enabled, and return it."""
    mark = target if isinstance(target, WebElement) else _locator(target)
    return wait_until(browser, ec.element_to_be_clickable(mark), f"never clickable: {mark}", timeout)


def showing_text(browser, target, text, timeout=WAIT_SECONDS):
    """Wait until an element (a CSS selector or a locator) contains text, and return the element."""
    locator = _locator(target)
    wait_until(browser, ec.text_to_be_present_in_element(locator, text), f"{text!r} never shown in {locator}", timeout)
    return browser.find_element(*locator)


def at_url(browser, part, timeout=WAIT_SECONDS):
    """Wait until the address contains part, and return the address."""
    wait_until(browser, ec.url_contains(part), f"never reached a URL containing {part!r}", timeout)
    return browser.current_url


def sign_in(browser, live_server, user, code):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/accounts/login/")
    type_into(browser, "username", user.username)
    type_into(browser, "password", PASSWORD)
    click_and_wait(browser, "main button[type=submit]")
    type_into(browser, "token", code())
    click_and_wait(browser, "main form button[type=submit]")
    assert visible(browser, (By.TAG_NAME, "h1")).text.startswith("Xin chào")


def choose(browser, name, value):
    """Pick an option of a drop-down. Headless Chromium leaves a clicked native list open and
    blocks the page behind it, so the choice is made the way the keyboard would: set and announce.
    The option may arrive by an htmx swap (the commune pickers), so wait for it first."""
    select = present(browser, (By.NAME, name))
    option = f"option[value='{value}']"
    wait_until(browser, lambda _driver: select.find_elements(By.CSS_SELECTOR, option), f"no {option} in {name}")
    assert select.find_elements(By.CSS_SELECTOR, option), (name, value)
    browser.execute_script(
        "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        select,
        value,
    )
    assert Select(select).first_selected_option.get_attribute("value") == value


def tick(browser, name, value):
    """Click the label of a radio button or checkbox, as a person would."""
    label = present(browser, (By.XPATH, f"//input[@name='{name}' and @value='{value}']/parent::label"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    try:
        clickable(browser, label).click()
    except Exception:
        browser.save_screenshot(str(ARTIFACTS / "tick-failure.png"))
        raise


def type_into(browser, name, value):
    field = visible(browser, (By.NAME, name))
    field.clear()
    field.send_keys(value)


def click_and_wait(browser, target):
    """Click something that loads a new page (an element, or a CSS selector or locator to wait
    for until it is clickable), and wait until the new page has replaced the old one."""
    element = clickable(browser, target)
    old_page = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def old_page_gone(_driver):
        # Chrome answers a query on a node of a page being replaced either "stale element" or
        # "node does not belong to the document", depending on timing: both mean it is gone.
        try:
            return ec.staleness_of(old_page)(_driver)
        except WebDriverException:
            return True

    wait_until(browser, old_page_gone, "the click did not load a new page")
    wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", "page never loaded")
