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
    choose,
    click_and_wait,
    clickable,
    showing_text,
    sign_in,
    tick,
    type_into,
    visible,
)

pytestmark = pytest.mark.browser


def test_police_verifier_verifies_decides_and_prints_and_the_commune_sees_the_result(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    commune = make_agency(
        "commune_committee",
        level="commune",
        commune_code=31510,
        short_name="UBND",
        name="Ủy ban nhân dân Phường Phú Lợi (thử)",
    )
    police = make_agency("province_police", province_code=92, short_name="CAT", name="Công an Cần Thơ (thử)")
    intake = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD)
    commune_lead = make_officer(Role.SUPERVISOR, agency=commune, password=PASSWORD, full_name="Lâm Thị Thu")
    verifier = make_officer(Role.VERIFIER, agency=police, password=PASSWORD, full_name="Trịnh Văn Quân")
    _d, lead_code = totp_device(commune_lead)
    _d, verifier_code = totp_device(verifier)
    case = record_case(
        actor_of(intake),
        full_name="Danh Thị Kim",
        sex="female",
        date_of_birth=datetime.date(2002, 5, 9),
        address="Phường Phú Lợi, Cần Thơ",
        channel="self_return",
        received_at=timezone.now() - datetime.timedelta(hours=5),
        province_id=92,
        commune_id=31510,
        route="cross_border",
        destination_country="KH",
        risk_level="medium",
        exploitation_forms=["forced_labour"],
    )

    # The commune starts verification and asks the provincial police to verify identity.
    sign_in(browser, live_server, commune_lead, lead_code)
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    click_and_wait(browser, (By.XPATH, "//button[normalize-space()='Bắt đầu xác minh']"))
    assert "Đang xác minh" in showing_text(browser, by_test_id("case-status"), "Đang xác minh").text
    click_and_wait(browser, (By.LINK_TEXT, "Giao nhiệm vụ xác minh"))
    choose(browser, "kind", "identity")
    choose(browser, "assignee_agency", str(police.pk))
    due = timezone.localdate() + datetime.timedelta(days=2)
    type_into(browser, "due_date", due.strftime("%d/%m/%Y"))
    click_and_wait(browser, "main form button[type=submit]")
    tasks = visible(browser, by_test_id("verification-tasks")).text
    assert "Công an Cần Thơ (thử)" in tasks

    # The police verifier finds it in the work queue, records findings and evidence, decides, prints.
    sign_in(browser, live_server, verifier, verifier_code)
    this_week = visible(browser, "section[aria-labelledby=q-week]")
    assert case.number in this_week.text and due.strftime("%d/%m/%Y") in this_week.text
    click_and_wait(browser, this_week.find_element(By.PARTIAL_LINK_TEXT, case.number))
    task_url = browser.current_url
    click_and_wait(browser, "button[name=action][value=start]")
    assert showing_text(browser, by_test_id("task-status"), "Đang thực hiện").text == "Đang thực hiện"
    browser.get(f"{live_server.url}/identification/cases/{case.pk}/evidence/new/")
    choose(browser, "source", "person_or_relatives")
    type_into(browser, "obtained_on", timezone.localdate().strftime("%d/%m/%Y"))
    type_into(browser, "description", "Lời khai của người được tiếp nhận và mẹ.")
    click_and_wait(browser, "main form button[type=submit]")
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận quyết định"))
    tick(browser, "kind", "victim")
    type_into(browser, "decided_on", timezone.localdate().strftime("%d/%m/%Y"))
    clickable(browser, (By.XPATH, "(//input[@name='basis'])[1]/parent::label")).click()
    type_into(browser, "reason", "Đủ căn cứ xác định là nạn nhân bị mua bán người.")
    type_into(browser, "signer_name", "Nguyễn Văn Bình")
    type_into(browser, "signer_title", "Phó Giám đốc")
    click_and_wait(browser, "main form button[type=submit]")
    assert "Đã xác định là nạn nhân" in showing_text(browser, by_test_id("case-status"), "Đã xác định là nạn nhân").text
    decisions = visible(browser, by_test_id("decisions")).text
    assert "Xác định là nạn nhân" in decisions
    browser.save_screenshot(str(ARTIFACTS / "decision-vi.png"))
    # The document names the person: it is offered once the verifier reveals the identity with a reason.
    assert not browser.find_elements(By.CSS_SELECTOR, by_test_id("print-pdf"))
    type_into(browser, "reason", "In giấy xác nhận để trao cho nạn nhân")
    click_and_wait(browser, f"{by_test_id('reveal-form')} button[type=submit]")
    pdf_url = browser.find_element(By.CSS_SELECTOR, by_test_id("print-pdf")).get_attribute("href")
    fetched = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'),"
        " String.fromCharCode(...new Uint8Array(b.slice(0, 5)))])));",
        pdf_url,
    )
    assert fetched == [200, "application/pdf", "%PDF-"]
    # Findings close the task; with it the police's access to the case ends.
    browser.get(task_url)
    type_into(browser, "findings", "Khớp cơ sở dữ liệu dân cư; xác nhận nhân thân.")
    click_and_wait(browser, "button[name=action][value=complete]")
    # Back at the work queue, told that the access ended with the task (not the case page, now closed to them).
    assert browser.current_url.endswith("/identification/queue/")
    assert "đã kết thúc cùng nhiệm vụ" in browser.find_element(By.TAG_NAME, "main").text

    # Back at the commune: the status changed and the task is done. (A code is good once: the
    # second sign-in of the same officer uses the next one.)
    sign_in(browser, live_server, commune_lead, lambda: lead_code(1))
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    assert "Đã xác định là nạn nhân" in showing_text(browser, by_test_id("case-status"), "Đã xác định là nạn nhân").text
    assert "Đã hoàn thành" in browser.find_element(By.CSS_SELECTOR, by_test_id("verification-tasks")).text
    timeline = browser.find_element(By.CSS_SELECTOR, by_test_id("timeline")).text
    assert "Chuyển trạng thái" in timeline
    # The verifier's deadline queue no longer lists the finished task.
    sign_in(browser, live_server, verifier, lambda: verifier_code(1))
    assert case.number not in visible(browser, "section[aria-labelledby=q-week]").text
