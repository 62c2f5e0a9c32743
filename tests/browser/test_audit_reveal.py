"""A provincial auditor reads the audit trail of their province, on a desktop and on a phone: a
break-glass justification is hidden until the auditor gives a reason, and that reading is recorded."""

import pytest
from selenium.webdriver.common.by import By

from safereturn.audit.models import AuditEvent
from safereturn.audit.services import audit_record
from safereturn.directory.models import Role

from .conftest import ARTIFACTS, PASSWORD, by_test_id, click_and_wait, fits_a_phone, sign_in, type_into, visible

pytestmark = pytest.mark.browser

WHY = "Anh Lê Văn Nam, CCCD 001099012345, báo người này đang bị giữ tại bến xe"


def test_a_provincial_auditor_reads_a_justification_only_through_a_recorded_reveal(
    browser, live_server, reference_data, make_agency, make_officer, totp_device
):
    police = make_agency("province_police", name="Công an thành phố Cần Thơ (thử)")
    elsewhere = make_agency("province_police", province_code=48, name="Công an thành phố Đà Nẵng (thử)")
    audit_record(action="break_glass", actor_username="kit.ct", agency_id=police.pk, role="verifier", purpose=WHY)
    audit_record(action="break_glass", actor_username="kit.dn", agency_id=elsewhere.pk, role="verifier", purpose=WHY)
    auditor = make_officer(Role.AUDITOR, agency=make_agency("steering_committee"), password=PASSWORD)
    _device, code = totp_device(auditor)

    sign_in(browser, live_server, auditor, code)
    browser.get(f"{live_server.url}/audit/?action=break_glass")
    table = visible(browser, by_test_id("audit-table")).text
    assert "kit.ct" in table and "Công an thành phố Cần Thơ (thử)" in table and "Cán bộ xác minh" in table
    assert "kit.dn" not in table, "another province's events are not this auditor's"
    assert "001099012345" not in browser.page_source
    click_and_wait(browser, (By.LINK_TEXT, "Xem lý do"))
    assert "001099012345" not in browser.page_source
    type_into(browser, "reason", "Kiểm tra định kỳ các lần truy cập khẩn cấp quý IV")
    click_and_wait(browser, "main form button[type=submit]")
    assert visible(browser, by_test_id("purpose")).text == WHY
    assert AuditEvent.objects.filter(actor_id=auditor.pk, action="reveal", object_type="audit_event").count() == 1
    browser.save_screenshot(str(ARTIFACTS / "audit-reveal-vi.png"))
    fits_a_phone(browser, f"{live_server.url}/audit/", "audit-trail", restore=None)
    # On a phone the filters fold under their button and each event is a card naming its fields.
    assert not browser.find_element(By.NAME, "user").is_displayed()
    card = visible(browser, f"{by_test_id('audit-table')} tbody tr")
    assert browser.execute_script("return getComputedStyle(arguments[0]).display", card) == "block"
    time_cell = card.find_elements(By.TAG_NAME, "td")[1]
    shown = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", time_cell)
    assert shown == '"Thời gian: "', shown
    browser.set_window_size(1280, 900)
    event = AuditEvent.objects.get(actor_username="kit.ct")
    fits_a_phone(browser, f"{live_server.url}/audit/{event.pk}/", "audit-event")
