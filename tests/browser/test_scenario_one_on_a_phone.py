"""Scenario 1 on a phone (390×844), from intake to the printed certificate: a young man walks back
across the Cambodian border and goes to his commune (Xã Tân Hồng, Đồng Tháp). The commune records the
intake in steps; the provincial health department, the law's lead agency, is told, starts verification
and asks the provincial police to verify; the police verifier records evidence, identifies him as a
victim and prints the certificate. Every page fits the phone's width; screenshots go to test-artifacts/."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.cases.models import Case
from safereturn.directory.models import Role

from .conftest import (
    PASSWORD,
    PHONE,
    by_test_id,
    choose,
    click_and_wait,
    clickable,
    fits_a_phone,
    showing_text,
    sign_in,
    tick,
    type_into,
    visible,
)

pytestmark = pytest.mark.browser

TAN_HONG, DONG_THAP = 29926, 82


def _fits(browser, name):
    """The page fits the phone's width (no sideways scroll); a screenshot is kept."""
    fits_a_phone(browser, size=PHONE, restore=None, screenshot=f"scenario1-{name}-390.png")


def _sign_in_on_the_phone(browser, live_server, officer, code):
    browser.set_window_size(*PHONE)
    sign_in(browser, live_server, officer, code)
    _fits(browser, f"home-{officer.username}")


def test_scenario_one_from_intake_to_printed_certificate_on_a_phone(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    commune = make_agency(
        "commune_committee", level="commune", commune_code=TAN_HONG, short_name="UBND", name="UBND Xã Tân Hồng (thử)"
    )
    health = make_agency("health_department", province_code=DONG_THAP, short_name="SYT", name="Sở Y tế Đồng Tháp (thử)")
    police = make_agency("province_police", province_code=DONG_THAP, short_name="CA", name="Công an Đồng Tháp (thử)")
    intake = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD, full_name="Phan Thị Lan")
    lead = make_officer(Role.SUPERVISOR, agency=health, password=PASSWORD, full_name="Võ Minh Khoa")
    verifier = make_officer(Role.VERIFIER, agency=police, password=PASSWORD, full_name="Huỳnh Văn Lộc")
    codes = {user: totp_device(user)[1] for user in (intake, lead, verifier)}

    # 1. The commune officer records the intake, step by step, on the phone.
    _sign_in_on_the_phone(browser, live_server, intake, codes[intake])
    clickable(browser, by_test_id("menu-button")).click()
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận tiếp nhận"))
    click_and_wait(browser, by_test_id("intake-start"))
    type_into(browser, "full_name", "Lâm Văn Tài")
    choose(browser, "sex", "male")
    type_into(browser, "birth_year", str(timezone.localdate().year - 22))
    _fits(browser, "intake-person")
    click_and_wait(browser, by_test_id("continue"))
    choose(browser, "channel", "self_return")
    choose(browser, "commune", str(TAN_HONG))
    _fits(browser, "intake-reception")
    click_and_wait(browser, by_test_id("continue"))
    tick(browser, "route", "cross_border")
    choose(browser, "destination_country", "KH")
    tick(browser, "exploitation_forms", "forced_labour")
    tick(browser, "exploitation_forms", "forced_crime")
    _fits(browser, "intake-episode")
    click_and_wait(browser, by_test_id("continue"))
    tick(browser, "immediate_needs_met", "food")
    tick(browser, "immediate_needs_met", "travel")
    tick(browser, "risk_level", "medium")
    click_and_wait(browser, by_test_id("continue"))
    clickable(browser, (By.NAME, "consent_processing")).click()
    type_into(browser, "consent_given_on", timezone.localdate().strftime("%d/%m/%Y"))
    click_and_wait(browser, by_test_id("continue"))
    _fits(browser, "intake-check")
    click_and_wait(browser, by_test_id("save"))
    case = Case.objects.get()
    assert "Sở Y tế Đồng Tháp (thử)" in visible(browser, "main").text, "the lead agency was told and takes part"
    _fits(browser, "case-after-intake")

    # 2. The health department starts verification and asks the provincial police to verify.
    _sign_in_on_the_phone(browser, live_server, lead, codes[lead])
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    click_and_wait(browser, (By.XPATH, "//button[normalize-space()='Bắt đầu xác minh']"))
    showing_text(browser, by_test_id("case-status"), "Đang xác minh")
    click_and_wait(browser, (By.LINK_TEXT, "Giao nhiệm vụ xác minh"))
    choose(browser, "kind", "initial")
    choose(browser, "assignee_agency", str(police.pk))
    due = timezone.localdate() + datetime.timedelta(days=3)
    type_into(browser, "due_date", due.strftime("%d/%m/%Y"))
    _fits(browser, "task-new")
    click_and_wait(browser, "main form button[type=submit]")
    assert "Công an Đồng Tháp (thử)" in visible(browser, by_test_id("verification-tasks")).text

    # 3. The police verifier works the task from the work queue, decides and prints, on the phone.
    _sign_in_on_the_phone(browser, live_server, verifier, codes[verifier])
    this_week = visible(browser, "section[aria-labelledby=q-week]")
    click_and_wait(browser, this_week.find_element(By.PARTIAL_LINK_TEXT, case.number))
    task_url = browser.current_url
    click_and_wait(browser, "button[name=action][value=start]")
    _fits(browser, "task")
    browser.get(f"{live_server.url}/identification/cases/{case.pk}/evidence/new/")
    choose(browser, "source", "person_or_relatives")
    type_into(browser, "obtained_on", timezone.localdate().strftime("%d/%m/%Y"))
    type_into(browser, "description", "Lời khai của người được tiếp nhận; mẹ xác nhận qua điện thoại.")
    click_and_wait(browser, "main form button[type=submit]")
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận quyết định"))
    tick(browser, "kind", "victim")
    type_into(browser, "decided_on", timezone.localdate().strftime("%d/%m/%Y"))
    clickable(browser, (By.XPATH, "(//input[@name='basis'])[1]/parent::label")).click()
    type_into(browser, "reason", "Đủ căn cứ xác định là nạn nhân bị mua bán người.")
    type_into(browser, "signer_name", "Trần Văn Hùng")
    type_into(browser, "signer_title", "Phó Giám đốc")
    _fits(browser, "decision-form")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("case-status"), "Đã xác định là nạn nhân")
    type_into(browser, "reason", "In giấy xác nhận để trao cho nạn nhân")
    click_and_wait(browser, f"{by_test_id('reveal-form')} button[type=submit]")
    _fits(browser, "case-decided")
    pdf_url = browser.find_element(By.CSS_SELECTOR, by_test_id("print-pdf")).get_attribute("href")
    fetched = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'),"
        " String.fromCharCode(...new Uint8Array(b.slice(0, 5)))])));",
        pdf_url,
    )
    assert fetched == [200, "application/pdf", "%PDF-"]
    browser.get(task_url)
    type_into(browser, "findings", "Khớp dữ liệu dân cư; mẹ xác nhận nhân thân.")
    click_and_wait(browser, "button[name=action][value=complete]")
    assert browser.current_url.endswith("/identification/queue/")
    _fits(browser, "queue-after-task")
