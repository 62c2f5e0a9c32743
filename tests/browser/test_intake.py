import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.cases.models import Case
from safereturn.directory.models import Role
from safereturn.testing.personas import record_case

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    by_test_id,
    choose,
    click_and_wait,
    clickable,
    present,
    sign_in,
    tick,
    type_into,
    visible,
)

pytestmark = pytest.mark.browser


def test_commune_officer_records_a_self_return_links_the_known_person_and_others_cannot_open_it(
    live_server, browser, phu_loi_officer, make_agency, make_officer, totp_device
):
    officer, actor, code = phu_loi_officer
    # The person was recorded here once before (re-trafficking happens).
    earlier = record_case(
        actor,
        full_name="Thạch Văn Sơn",
        sex="male",
        birth_year=2003,
        channel="self_return",
        received_at=timezone.now() - datetime.timedelta(days=400),
        province_id=92,
        commune_id=31510,
        route="cross_border",
        destination_country="KH",
        risk_level="low",
        exploitation_forms=["forced_labour"],
    )

    sign_in(browser, live_server, officer, code)
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận tiếp nhận"))
    assert visible(browser, (By.TAG_NAME, "h1")).text == "Ghi nhận tiếp nhận"
    browser.set_window_size(390, 844)  # a commune officer's phone
    click_and_wait(browser, by_test_id("intake-start"))

    def step(number, title):
        assert visible(browser, by_test_id("progress")).text == f"Bước {number}/5"
        assert visible(browser, (By.TAG_NAME, "h1")).text == title
        fits = "return document.getElementById('intake-step').getBoundingClientRect().right <= window.innerWidth"
        assert browser.execute_script(fits), "the step's form fits a 390 px screen"

    step(1, "Người được tiếp nhận")
    click_and_wait(browser, by_test_id("continue"))  # nothing typed: the step is refused on its own
    summary = visible(browser, by_test_id("error-summary"))
    assert "Họ và tên" in summary.text and "Hình thức tiếp nhận" not in summary.text
    browser.save_screenshot(str(ARTIFACTS / "intake-step-errors-390.png"))
    type_into(browser, "full_name", "Thach Van Son")
    choose(browser, "sex", "male")
    type_into(browser, "birth_year", "2004")
    click_and_wait(browser, by_test_id("continue"))

    step(2, "Tiếp nhận")
    assert (
        browser.find_element(By.NAME, "received_at")
        .get_attribute("value")
        .startswith(timezone.localtime().strftime("%d/%m/%Y"))
    ), "received now, by default"
    choose(browser, "channel", "self_return")
    type_into(browser, "received_at", (timezone.localtime() - datetime.timedelta(hours=3)).strftime("%d/%m/%Y %H:%M"))
    choose(browser, "commune", "31510")
    click_and_wait(browser, by_test_id("continue"))

    step(3, "Sự việc")
    tick(browser, "route", "cross_border")
    choose(browser, "destination_country", "KH")
    tick(browser, "exploitation_forms", "forced_crime")
    click_and_wait(browser, by_test_id("continue"))

    # The connection drops and the page is lost: the officer opens the intake again and resumes the draft.
    browser.get(f"{live_server.url}/")
    browser.get(f"{live_server.url}/cases/intake/")
    click_and_wait(browser, by_test_id("draft-resume"))
    step(4, "Hỗ trợ ban đầu và an toàn")
    tick(browser, "immediate_needs_met", "food")
    tick(browser, "risk_level", "medium")
    click_and_wait(browser, by_test_id("continue"))

    step(5, "Sự đồng ý")
    clickable(browser, (By.NAME, "consent_processing")).click()
    tick(browser, "consent_share_groups", "shelter")
    type_into(browser, "consent_given_on", timezone.localdate().strftime("%d/%m/%Y"))
    browser.save_screenshot(str(ARTIFACTS / "intake-step-consent-390.png"))
    click_and_wait(browser, by_test_id("continue"))

    assert visible(browser, (By.TAG_NAME, "h1")).text == "Kiểm tra câu trả lời trước khi lưu"
    assert "Thach Van Son" in visible(browser, "main").text
    browser.save_screenshot(str(ARTIFACTS / "intake-check-answers-390.png"))
    # Change one answer from the check page, and come back to it.
    click_and_wait(browser, browser.find_elements(By.CSS_SELECTOR, by_test_id("change"))[1])
    type_into(browser, "reception_place", "Trụ sở phường")
    click_and_wait(browser, by_test_id("continue"))
    assert "Trụ sở phường" in visible(browser, "main").text
    browser.set_window_size(1280, 900)
    assert not Case.objects.exclude(pk=earlier.pk).exists(), "nothing saved before the check page's button"
    click_and_wait(browser, by_test_id("save"))

    warning = visible(browser, by_test_id("duplicate-warning"))
    assert "Người này có thể đã có hồ sơ" in warning.text
    assert earlier.number in warning.text and "Thạch V. S." in warning.text
    browser.save_screenshot(str(ARTIFACTS / "intake-duplicate-vi.png"))
    click_and_wait(browser, warning.find_element(By.CSS_SELECTOR, by_test_id("link-person")))

    assert "Hồ sơ" in visible(browser, (By.TAG_NAME, "h1")).text
    new_case = Case.objects.exclude(pk=earlier.pk).get()
    assert browser.current_url.endswith(f"/cases/{new_case.pk}/")
    assert new_case.person_id == earlier.person_id
    assert browser.find_element(By.CSS_SELECTOR, by_test_id("person-name")).text == "Thạch V. S."
    assert "Liên kết với hồ sơ trước đây" in browser.find_element(By.CSS_SELECTOR, by_test_id("timeline")).text
    browser.save_screenshot(str(ARTIFACTS / "case-detail-vi.png"))

    # A police officer of another province cannot open it, nor find it in a list.
    police = make_agency("province_police", province_code=48, name="Công an Đà Nẵng (thử)")
    stranger = make_officer(Role.VERIFIER, agency=police, password=PASSWORD)
    _d, stranger_code = totp_device(stranger)
    sign_in(browser, live_server, stranger, stranger_code)
    browser.get(f"{live_server.url}/cases/{new_case.pk}/")
    present(browser, "main")  # the answer has loaded, so what it lacks it really lacks
    assert "Thạch" not in browser.page_source and new_case.number not in browser.page_source
    browser.get(f"{live_server.url}/cases/?q={new_case.number}")
    assert "Không có hồ sơ nào phù hợp." in visible(browser, "main").text
