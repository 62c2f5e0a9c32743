"""Scenario 3 on a phone: the commune's case worker records the girl's needs, her own plan and her escort
home to her grandmother; every page fits 390 px with no serious accessibility violation, and the case
page shows the escort and the first follow-up visit."""

import datetime

import pytest
from axe_selenium_python import Axe
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.directory.models import Role
from safereturn.testing.personas import actor_of, record_case

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    by_test_id,
    choose,
    click_and_wait,
    showing_text,
    sign_in,
    tick,
    type_into,
)

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}


def _fits_and_is_accessible(browser, name):
    scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{name} scrolls sideways: {scroll} > {inner}"
    axe = Axe(browser)
    axe.inject()
    serious = [(v["id"], v["nodes"][0]["target"]) for v in axe.run()["violations"] if v["impact"] in SERIOUS]
    assert serious == [], (name, serious)


def test_the_girl_is_escorted_home_to_her_grandmother_on_a_phone(live_server, browser, reference_data, make_agency,
                                                               make_officer, totp_device):  # fmt: skip
    commune = make_agency(
        "commune_committee", level="commune", commune_code=20455, name="Ủy ban nhân dân Xã Tây Giang (thử)"
    )
    intake = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD)
    worker = make_officer(Role.CASE_WORKER, agency=commune, password=PASSWORD, full_name="Hồ Văn Sơn")
    _device, code = totp_device(worker)
    case = record_case(
        actor_of(intake), full_name="Hồ Thị Mai", sex="female", birth_year=timezone.localdate().year - 15,
        channel="rescue_abroad", received_at=timezone.now() - datetime.timedelta(days=2), province_id=48,
        commune_id=20455, route="cross_border", destination_country="LA", risk_level="high",
    )  # fmt: skip
    today = timezone.localdate().strftime("%d/%m/%Y")
    sign_in(browser, live_server, worker, code)
    browser.set_window_size(390, 844)
    base = f"{live_server.url}/reintegration/cases/{case.pk}"

    browser.get(f"{base}/needs/new/")
    _fits_and_is_accessible(browser, "needs form")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("error-summary"), "Nguyện vọng")
    type_into(browser, "wishes", "Em muốn về ở với bà nội và đi học lại.")
    tick(browser, "safety", "urgent")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("needs-assessments"), "An toàn")

    browser.get(f"{base}/plans/new/")
    _fits_and_is_accessible(browser, "plan form")
    type_into(browser, "goals", "An toàn ở nhà bà nội; đi học lại.")
    type_into(browser, "child_wishes_heard_on", today)
    type_into(browser, "child_wishes", "Về với bà nội.")
    type_into(browser, "child_plan", "Học lại lớp 8.")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("support-plans"), "Đang thực hiện")

    browser.get(f"{base}/escort/new/")
    _fits_and_is_accessible(browser, "escort form")
    tick(browser, "destination", "guardian")
    type_into(browser, "receiver_name", "Hồ Thị Bông")
    tick(browser, "receiver_relationship", "grandparent")
    tick(browser, "receiver_id_checked", "yes")
    home = browser.find_element(By.NAME, "return_home")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", home)
    home.click()
    choose(browser, "follow_up_agency", str(commune.pk))
    click_and_wait(browser, "main form button[type=submit]")
    assert "Lỗi" not in browser.find_element(By.TAG_NAME, "h1").text
    escorts = showing_text(browser, by_test_id("child-escorts"), "Ông hoặc bà").text
    assert "Về với cha mẹ hoặc người giám hộ" in escorts and "Hồ Thị Bông" not in escorts
    showing_text(browser, by_test_id("follow-up-visits"), "Đã lên lịch")
    _fits_and_is_accessible(browser, "case page")
    browser.save_screenshot(str(ARTIFACTS / "scenario-3-escort-phone.png"))
