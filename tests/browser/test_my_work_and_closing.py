"""Issue #16 in the browser: a task due in 19 days is one click away ("Việc của tôi" in the header),
and closing a case asks for confirmation and a reason, and waits for open tasks unless cancelled."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.directory.models import Role
from safereturn.identification import services as identification_services
from safereturn.testing.personas import actor_of, record_case

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    by_test_id,
    click_and_wait,
    clickable,
    showing_text,
    sign_in,
    tick,
    type_into,
)

pytestmark = pytest.mark.browser


def test_my_work_lists_a_distant_task_and_closing_needs_a_reason(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    commune = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    police = make_agency("province_police", province_code=92, name="Công an Cần Thơ (thử)")
    intake = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD)
    lead = make_officer(Role.SUPERVISOR, agency=commune, password=PASSWORD, full_name="Lâm Thị Thu")
    verifier = make_officer(Role.VERIFIER, agency=police, password=PASSWORD, full_name="Trịnh Văn Quân")
    _d, lead_code = totp_device(lead)
    _d, verifier_code = totp_device(verifier)
    case = record_case(
        actor_of(intake),
        full_name="Danh Thị Kim",
        sex="female",
        birth_year=2002,
        channel="self_return",
        received_at=timezone.now() - datetime.timedelta(hours=5),
        province_id=92,
        commune_id=31510,
        route="domestic",
        risk_level="low",
    )
    case = identification_services.case_transition(
        actor=actor_of(lead), case=case, transition="start_verification", expected_version=case.version
    )
    due = timezone.localdate() + datetime.timedelta(days=19)
    identification_services.verification_task_create(
        actor=actor_of(lead), case=case, kind="identity", assignee_agency_id=police.pk, due_date=due
    )
    evidence = identification_services.evidence_add(
        actor=actor_of(verifier),
        case=case,
        source="person_or_relatives",
        obtained_on=timezone.localdate(),
        description="Lời khai",
    )
    case.refresh_from_db()
    identification_services.identification_decide(
        actor=actor_of(verifier),
        case=case,
        kind="victim",
        decided_on=timezone.localdate(),
        reason="Đủ căn cứ",
        evidence_ids=[evidence.pk],
        expected_version=case.version,
        place="Cần Thơ",
    )

    # The verifier: the task due in 19 days is on "Việc của tôi", one click from the header.
    sign_in(browser, live_server, verifier, verifier_code)
    click_and_wait(browser, by_test_id("my-work-link"))
    work = showing_text(browser, by_test_id("my-work"), case.number).text
    assert due.strftime("%d/%m/%Y") in work

    # The commune's supervisor closes the case: a confirmation page, a reason, the open task.
    sign_in(browser, live_server, lead, lead_code)
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    click_and_wait(browser, by_test_id("close-case"))
    assert case.number in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, by_test_id("open-tasks"))
    tick(browser, "closure_reason", "reintegrated")
    type_into(browser, "reason", "Đã hỗ trợ tái hòa nhập xong")
    click_and_wait(browser, "main form button[type=submit]")
    assert "vẫn đang mở" in showing_text(browser, by_test_id("close-refused"), "vẫn đang mở").text
    box = clickable(browser, (By.NAME, "cancel_open_tasks"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    click_and_wait(browser, "main form button[type=submit]")
    assert "Đã đóng" in showing_text(browser, by_test_id("case-status"), "Đã đóng").text
    assert "Đã hủy" in browser.find_element(By.CSS_SELECTOR, by_test_id("verification-tasks")).text
    browser.save_screenshot(str(ARTIFACTS / "case-closed-vi.png"))
