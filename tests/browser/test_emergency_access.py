"""A commune officer of another province asks for emergency access to a case: a request, not access.
Their supervisor approves it from the work queue; the provincial auditor sees it in the review list."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.directory.models import Role
from safereturn.testing.personas import actor_of, record_case

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    by_test_id,
    click_and_wait,
    clickable,
    fits_a_phone,
    showing_text,
    sign_in,
    type_into,
    visible,
)

pytestmark = pytest.mark.browser

WHY = "Gia đình báo người này đang bị giữ tại bến xe Đà Nẵng, cần biết cơ quan nào đang xử lý để phối hợp ngay"


def _choose_radio(browser, name, value):
    label = visible(browser, (By.XPATH, f"//input[@name='{name}' and @value='{value}']/following-sibling::label"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    clickable(browser, label).click()


def test_another_province_asks_the_supervisor_approves_the_auditor_sees_it(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    phu_loi = make_agency("commune_committee", level="commune", commune_code=31510, name="UBND Phường Phú Lợi (thử)")
    tay_giang = make_agency("commune_committee", level="commune", commune_code=20455, name="UBND Xã Tây Giang (thử)")
    health_dn = make_agency("health_department", province_code=48, name="Sở Y tế Đà Nẵng (thử)")
    intake_ct = make_officer(Role.INTAKE_OFFICER, agency=phu_loi, password=PASSWORD)
    make_officer(Role.SUPERVISOR, agency=phu_loi, password=PASSWORD)
    asker = make_officer(Role.INTAKE_OFFICER, agency=tay_giang, password=PASSWORD, full_name="Hồ Văn Tâm")
    lead = make_officer(Role.SUPERVISOR, agency=tay_giang, password=PASSWORD, full_name="Alăng Thị Hoa")
    auditor = make_officer(Role.AUDITOR, agency=health_dn, password=PASSWORD, full_name="Zơ Râm Nhung")
    _d, asker_code = totp_device(asker)
    _d, lead_code = totp_device(lead)
    _d, auditor_code = totp_device(auditor)
    case = record_case(
        actor_of(intake_ct),
        full_name="Thạch Thị Sa Rươne",
        sex="female",
        received_at=timezone.now() - datetime.timedelta(hours=3),
        province_id=92,
        commune_id=31510,
        route="cross_border",
        destination_country="KH",
        risk_level="high",
    )

    # The Tây Giang officer asks: outside their province, it is a request for their supervisor.
    sign_in(browser, live_server, asker, asker_code)
    browser.get(f"{live_server.url}/cases/break-glass/")
    type_into(browser, "case_number", case.number)
    _choose_radio(browser, "category", "danger_to_life")
    type_into(browser, "justification", WHY)
    click_and_wait(browser, "main form button[type=submit]")
    request_page = visible(browser, by_test_id("emergency-access")).text
    assert "Chờ lãnh đạo phê duyệt" in request_page
    assert "Hồ sơ nằm ngoài địa bàn" in request_page
    browser.save_screenshot(str(ARTIFACTS / "emergency-request-vi.png"))
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    assert "Thạch Thị" not in browser.page_source and case.number not in visible(browser, (By.TAG_NAME, "main")).text
    fits_a_phone(browser, f"{live_server.url}/cases/break-glass/")

    # The supervisor finds it in today's work and approves it.
    sign_in(browser, live_server, lead, lead_code)
    today = visible(browser, "section[aria-labelledby=q-today]")
    assert case.number in today.text
    click_and_wait(browser, today.find_element(By.PARTIAL_LINK_TEXT, case.number))
    assert WHY in visible(browser, by_test_id("emergency-access")).text
    _choose_radio(browser, "decision", "approve")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("emergency-access"), "Mở đến")

    # The Đà Nẵng auditor sees it in the list of accesses waiting for review.
    sign_in(browser, live_server, auditor, auditor_code)
    browser.get(f"{live_server.url}/audit/")
    click_and_wait(browser, by_test_id("emergency-access-link"))
    table = visible(browser, by_test_id("emergency-access-table")).text
    assert case.number in table and "Được lãnh đạo phê duyệt" in table and "Chờ xem xét" in table
    assert "Gia đình báo" not in browser.page_source, "the justification stays in the audit trail"
    browser.save_screenshot(str(ARTIFACTS / "emergency-auditor-vi.png"))
    fits_a_phone(browser, f"{live_server.url}/audit/emergency-access/")
