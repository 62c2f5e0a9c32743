"""The page chrome on a phone and on a desktop, for officers of several roles: every page reachable
from the menu fits the screen (no sideways scroll) and axe-core finds no serious or critical
accessibility violation; on a phone the menu folds behind a "Menu" button that opens it."""

import datetime

import pytest
from axe_selenium_python import Axe
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from safereturn.directory.models import Role
from safereturn.testing.personas import actor_of, record_case

from .conftest import ARTIFACTS, PASSWORD, by_test_id, clickable, sign_in, visible, wait_until

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1366, 900)]
NARROWEST = (360, 740)  # the smallest phone in use: checked for sideways scroll only
SERIOUS = {"serious", "critical"}
CASES_LINK = (By.CSS_SELECTOR, "#sr-menu a.nav-link[href='/cases/']")


def _too_wide(browser):
    """The page's width beyond the window, and the first elements sticking out (for the message)."""
    scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    wide = browser.execute_script(
        "return [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    return (scroll - inner, wide) if scroll > inner else None


def _serious_violations(browser):
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]], v["nodes"][0].get("failureSummary", ""))
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


def _check_pages(browser, base, paths, who, problems):
    browser.set_window_size(*NARROWEST)
    for path in paths:
        browser.get(base + path)
        if (wide := _too_wide(browser)) is not None:
            problems.append((who, NARROWEST[0], path, "scrolls sideways", wide))
    for width, height in SIZES:
        browser.set_window_size(width, height)
        for path in paths:
            browser.get(base + path)
            wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", path)
            heading = browser.find_element(By.TAG_NAME, "h1").text
            if heading in ("Không được phép", "Không tìm thấy trang"):
                problems.append((who, width, path, "not this officer's page", heading))
            if (wide := _too_wide(browser)) is not None:
                problems.append((who, width, path, "scrolls sideways", wide))
            if found := _serious_violations(browser):
                problems.append((who, width, path, "axe", found))
        name = f"{who}-{width}".replace(" ", "-")
        browser.save_screenshot(str(ARTIFACTS / f"shell-{name}.png"))


@pytest.fixture
def officers(reference_data, make_agency, make_officer, totp_device):
    phu_loi = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    intake = make_officer(Role.INTAKE_OFFICER, agency=phu_loi, password=PASSWORD, full_name="Trần Thị Mai")
    supervisor = make_officer(Role.SUPERVISOR, agency=phu_loi, password=PASSWORD)
    auditor = make_officer(Role.AUDITOR, agency=make_agency("steering_committee"), password=PASSWORD)
    case = record_case(
        actor_of(intake),
        full_name="Lò Thị Mai",
        sex="female",
        birth_year=2001,
        channel="rescue_abroad",
        received_at=timezone.now() - datetime.timedelta(days=2),
        province_id=92,
        commune_id=31510,
        route="cross_border",
        destination_country="CN",
        risk_level="low",
    )
    return {
        "intake officer": (intake, totp_device(intake)[1]),
        "supervisor": (supervisor, totp_device(supervisor)[1]),
        "auditor": (auditor, totp_device(auditor)[1]),
    }, case


CASE_PAGES = [
    "/",
    "/cases/",
    "/cases/intake/",
    "/tips/",
    "/tips/register/",
    "/cases/figures/",
    "/notifications/",
    "/cases/emergency-access/",
    "/identification/queue/",
    "/tips/new/",
    "/tips/register/new/",
    "/notifications/preferences/",
    "/accounts/security/",
]
# The case page and the forms it leads to.
CASE_FORMS = ["", "edit/", "person/", "consents/", "documents/"]
AUDITOR_PAGES = [
    "/",
    "/cases/figures/",
    "/notifications/",
    "/audit/",
    "/audit/emergency-access/",
    "/accounts/security/",
]


def test_every_menu_page_fits_a_phone_and_a_desktop_with_no_serious_accessibility_violation(
    live_server, browser, officers
):
    people, case = officers
    problems = []
    browser.delete_all_cookies()
    _check_pages(browser, live_server.url, ["/accounts/login/"], "signed out", problems)
    for who, (officer, code) in people.items():
        browser.set_window_size(1280, 900)
        sign_in(browser, live_server, officer, code)
        pages = AUDITOR_PAGES if who == "auditor" else [*CASE_PAGES, *(f"/cases/{case.pk}/{p}" for p in CASE_FORMS)]
        _check_pages(browser, live_server.url, pages, who, problems)
    # The phone's menu, opened: its links and buttons are checked too (axe skips what is hidden).
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/")
    clickable(browser, by_test_id("menu-button")).click()
    menu = browser.find_element(By.ID, "sr-menu")
    wait_until(browser, lambda _d: menu.get_attribute("class").split()[-1] == "show", "the menu did not open")
    if found := _serious_violations(browser):
        problems.append(("auditor", 390, "/ (menu open)", "axe", found))
    assert problems == [], "\n".join(map(repr, problems))


def test_on_a_phone_the_menu_folds_behind_a_menu_button_and_opens_with_the_keyboard(
    live_server, browser, phu_loi_officer
):
    officer, _actor, code = phu_loi_officer
    sign_in(browser, live_server, officer, code)
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/cases/")
    button = visible(browser, by_test_id("menu-button"))
    assert button.text == "Danh mục" and button.get_attribute("aria-expanded") == "false"
    sign_out = browser.find_element(By.XPATH, "//header//button[normalize-space()='Đăng xuất']")
    assert not sign_out.is_displayed() and not browser.find_element(*CASES_LINK).is_displayed()
    button.send_keys("\n")  # the keyboard opens it as well as a tap
    wait_until(browser, lambda _d: button.get_attribute("aria-expanded") == "true", "the menu did not open")
    assert clickable(browser, CASES_LINK).text == "Hồ sơ"
    assert clickable(browser, sign_out).is_displayed()
    assert browser.find_element(By.XPATH, "//header//button[@lang='en']").is_displayed()  # the language switch
    browser.save_screenshot(str(ARTIFACTS / "shell-phone-menu-open.png"))
    # The keyboard focus on a menu link is a yellow block, not a faint outline.
    link = browser.find_element(*CASES_LINK)
    button.send_keys(Keys.TAB)  # from the Menu button to the first link of the menu
    assert browser.switch_to.active_element == link
    background = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", link)
    assert background == "rgb(255, 221, 0)", background
    assert browser.execute_script("return getComputedStyle(arguments[0]).color", link) == "rgb(11, 12, 12)"
    assert _too_wide(browser) is None

    browser.set_window_size(1366, 900)
    browser.get(live_server.url + "/cases/")
    assert not browser.find_element(By.CSS_SELECTOR, by_test_id("menu-button")).is_displayed()
    assert browser.find_element(*CASES_LINK).is_displayed()
