"""The page chrome on a phone and on a desktop, for officers of several roles: every page reachable
from the menu fits the screen (no sideways scroll) and axe-core finds no serious or critical
accessibility violation; on a phone the menu folds behind a "Menu" button that opens it."""

import datetime

import pytest
from axe_selenium_python import Axe
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from safereturn.cases import services as case_services
from safereturn.directory.models import Role
from safereturn.directory.services import membership_grant
from safereturn.testing.factories import ApiTokenFactory, MatchRequestFactory, TipFactory
from safereturn.testing.personas import actor_of, record_case

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    by_test_id,
    clickable,
    fits_a_phone,
    sign_in,
    too_wide,
    visible,
    wait_until,
)

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1366, 900)]
NARROWEST = (360, 740)  # the smallest phone in use: checked for sideways scroll only
SERIOUS = {"serious", "critical"}
CASES_LINK = (By.CSS_SELECTOR, "#sr-menu a.nav-link[href='/cases/']")


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
        if (wide := too_wide(browser)) is not None:
            problems.append((who, NARROWEST[0], path, "scrolls sideways", wide))
    for width, height in SIZES:
        browser.set_window_size(width, height)
        for path in paths:
            browser.get(base + path)
            wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", path)
            heading = browser.find_element(By.TAG_NAME, "h1").text
            if heading in ("Không được phép", "Không tìm thấy trang"):
                problems.append((who, width, path, "not this officer's page", heading))
            if (wide := too_wide(browser)) is not None:
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
    # A case in Đà Nẵng the intake officer asks emergency access to (outside their province: a request
    # their supervisor decides), and that asks Phú Lợi whether its person is Phú Lợi's.
    tay_giang = make_agency("commune_committee", level="commune", commune_code=20455, name="UBND Xã Tây Giang (thử)")
    elsewhere = record_case(
        actor_of(make_officer(Role.INTAKE_OFFICER, agency=tay_giang, password=PASSWORD)),
        full_name="Lò Thị Mai",
        sex="female",
        birth_year=2001,
        received_at=timezone.now() - datetime.timedelta(days=1),
        province_id=48,
        commune_id=20455,
        risk_level="low",
    )
    grant = case_services.emergency_access_ask(
        actor=actor_of(intake),
        case_id=elsewhere.pk,
        category="danger_to_life",
        justification="Gia đình báo người này đang bị giữ tại bến xe, cần biết cơ quan nào đang xử lý để phối hợp",
    )
    match = MatchRequestFactory(case=elsewhere, candidate=case.person, holding_agency=phu_loi)
    # An administrator of the ward asks for a case worker's role (a supervisor approves it), and the
    # intake officer holds an API token: the role-requests and token pages have a row to draw.
    admin = make_officer(Role.SYSTEM_ADMIN, agency=phu_loi, password=PASSWORD)
    newcomer = make_officer(Role.REPORTING_OFFICER, agency=phu_loi, password=PASSWORD, full_name="Đinh Văn Khải")
    membership_grant(user=newcomer, agency=phu_loi, role=Role.CASE_WORKER, by=admin)
    ApiTokenFactory(user=intake)
    ApiTokenFactory(user=supervisor)
    consent = case_services.consent_record(
        actor=actor_of(intake),
        case=case,
        processing=True,
        share_with=["ngo", "social_support_facility"],
        given_on=timezone.localdate(),
    )
    withdraw = f"/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    # A tip the ward received, with police to forward it to (the picker's groups: the ward, the province).
    make_agency("commune_police", level="commune", commune_code=31510, name="Công an Phường Phú Lợi (thử)")
    make_agency("province_police", name="Công an thành phố Cần Thơ (thử)")
    tip = TipFactory.through_service(
        actor_of(intake),
        received_at=timezone.now() - datetime.timedelta(hours=2),
        source="family",
        suspected_pathway="labour_export",
        province_id=92,
        commune_id=31510,
        summary="Mẹ báo con gái đi làm ở Trung Quốc qua môi giới, mất liên lạc từ tháng trước.",
        reporter_name="Trần Văn Bình",
        reporter_contact="0912345678",
        subject_name="Đặng Thị Lụa",
    )
    extra = {
        "intake officer": [f"/cases/emergency-access/{grant.pk}/", withdraw, f"/tips/{tip.pk}/"],
        "supervisor": [
            withdraw,
            f"/cases/emergency-access/{grant.pk}/",
            f"/cases/match-requests/{match.pk}/",
            "/accounts/role-requests/",
        ],
    }
    return (
        {
            "intake officer": (intake, totp_device(intake)[1]),
            "supervisor": (supervisor, totp_device(supervisor)[1]),
            "auditor": (auditor, totp_device(auditor)[1]),
        },
        case,
        extra,
    )


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
    "/accounts/tokens/",
    "/my-work/",
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
    people, case, extra = officers
    problems = []
    browser.delete_all_cookies()
    _check_pages(browser, live_server.url, ["/accounts/login/"], "signed out", problems)
    for who, (officer, code) in people.items():
        browser.set_window_size(1280, 900)
        sign_in(browser, live_server, officer, code)
        pages = AUDITOR_PAGES if who == "auditor" else [*CASE_PAGES, *(f"/cases/{case.pk}/{p}" for p in CASE_FORMS)]
        pages += extra.get(who, [])
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
    assert too_wide(browser) is None

    browser.set_window_size(1366, 900)
    browser.get(live_server.url + "/cases/")
    assert not browser.find_element(By.CSS_SELECTOR, by_test_id("menu-button")).is_displayed()
    assert browser.find_element(*CASES_LINK).is_displayed()


def test_on_a_phone_the_figures_page_wraps_its_note_and_never_splits_a_small_cell(live_server, browser, officers):
    """Issue 16: at 390 px the explanatory sentence and the small-cell note wrap inside the screen, and
    "< 5" (the one case of the fixture is a small cell) always stays on one line."""
    people, _case, _extra = officers
    officer, code = people["supervisor"]
    sign_in(browser, live_server, officer, code)
    for width in (360, 390):
        fits_a_phone(browser, f"{live_server.url}/cases/figures/", name=f"figures-{width}", size=(width, 844))
        browser.set_window_size(width, 844)
        browser.get(f"{live_server.url}/cases/figures/")
        small = browser.find_elements(By.XPATH, "//main//*[contains(normalize-space(.), '<\u00a05')][not(*)]")
        assert small, "no small cell shown"
        for element in small:
            lines = browser.execute_script(
                "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size",
                element,
            )
            assert lines == 1, (width, element.text)
        note = browser.find_element(By.CSS_SELECTOR, by_test_id("figures-explained"))
        assert note.rect["x"] + note.rect["width"] <= width
