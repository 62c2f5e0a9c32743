"""Scenario 4's protection steps at the shelter, as the officers would do them: the case worker of Hải Phòng's
social support centre, on her phone (390 px), raises a danger alert (a man claiming to be her cousin phoned
twice); the city police's focal point, at his desk (1366 px), finds it from the menu and the home page (not by
typing an address), opens it and acknowledges it; the shelter sees it acknowledged. A restricted-contact
measure decided by the police is recorded; thirty days later the measure's review is due on the case
worker's home page and she records it: who, when, the outcome (continues, changed) and a note. Every page
fits its screen, has no serious accessibility violation and shows no English word or raw code;
screenshots go to test-artifacts/scenario4-protection-*.png.

The clock does not move in a test: "thirty days later" moves the case's dates thirty days back (reception,
stay, alert, measure), which is the same to every rule that counts from them."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.accounts.models import AuthenticatorDevice
from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case
from safereturn.directory.models import FocalPoint, Role
from safereturn.protection.models import DangerAlert, MeasureReview, ProtectionMeasure
from safereturn.shelters.models import Stay

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    PHONE,
    by_test_id,
    choose,
    click_and_wait,
    showing_text,
    sign_in,
    tick,
    too_wide,
    type_into,
    visible,
    wait_until,
)
from .support_world import day, not_vietnamese, serious_violations, shelter_fixture  # noqa: F401 (the fixture "shelter")

pytestmark = pytest.mark.browser

DESK = (1366, 768)
CALLS = "Một người đàn ông tự xưng là anh họ gọi điện đến cơ sở hai lần (9 giờ và 14 giờ) hỏi chị đang ở đâu."
DONE = "Đã cử hai cán bộ đến cơ sở; đã xác minh số điện thoại người gọi."
NOTE = "Người tự xưng là anh họ không gọi lại. Tiếp tục hạn chế tiếp xúc; thêm: chỉ mẹ được đến thăm, có cán bộ."


def _checked(browser, name, size):
    """The page shown fits ``size`` (no sideways scroll), with no serious axe violation and no English word or
    raw code; a screenshot is kept."""
    browser.set_window_size(*size)
    wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", name)
    browser.save_screenshot(str(ARTIFACTS / f"scenario4-protection-{name}-{size[0]}.png"))
    assert too_wide(browser) is None, (name, too_wide(browser))
    assert serious_violations(browser) == [], name
    assert not_vietnamese(browser) == [], name


def _sign_in(browser, live_server, officer, code):
    # The same officer signs in again within one 30-second period: not a replay here (as in scenario 4's
    # support test), so the device forgets the last period it accepted.
    AuthenticatorDevice.objects.filter(user=officer).update(last_t=-1)
    sign_in(browser, live_server, officer, code)


def _open_menu_link(browser, test_id):
    """Follow a link of the header's menu, opening the menu first when it is folded (on a phone)."""
    button = browser.find_element(By.CSS_SELECTOR, by_test_id("menu-button"))
    if button.is_displayed():
        button.click()
        wait_until(browser, lambda _d: button.get_attribute("aria-expanded") == "true", "the menu did not open")
    click_and_wait(browser, by_test_id(test_id))


def _thirty_days_pass(case):
    """Thirty days pass: every date of the case moves thirty days back."""
    days = datetime.timedelta(days=30)
    Case.objects.filter(pk=case.pk).update(received_at=F("received_at") - days)
    Stay.objects.filter(case=case).update(admitted_on=F("admitted_on") - days, allowed_until=F("allowed_until") - days)
    DangerAlert.objects.filter(case=case).update(
        raised_at=F("raised_at") - days,
        acknowledge_by=F("acknowledge_by") - days,
        escalate_at=F("escalate_at") - days,
        acknowledged_at=F("acknowledged_at") - days,
    )
    ProtectionMeasure.objects.filter(case=case).update(
        decided_on=F("decided_on") - days, start_date=F("start_date") - days, review_date=F("review_date") - days
    )


@pytest.fixture
def police(shelter, make_agency, make_officer, totp_device):
    """Hải Phòng's city police and border guard, each with a focal point who is an officer there."""
    people = {}
    for code, name, officer_name in (
        ("province_police", "Công an thành phố Hải Phòng (thử)", "Nguyễn Văn Hùng"),
        ("border_guard", "Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng (thử)", "Lê Văn Tâm"),
    ):
        agency = make_agency(code, province_code=31, name=name)
        officer = make_officer(Role.VERIFIER, agency=agency, password=PASSWORD, full_name=officer_name)
        FocalPoint.objects.create(agency=agency, full_name=officer.full_name, email=officer.email)
        people[code] = {"agency": agency, "officer": officer, "code": totp_device(officer)[1]}
    return people


def test_scenario_four_the_alert_acknowledged_by_the_police_and_the_measure_reviewed_after_30_days(
    live_server, browser, shelter, police
):
    woman = shelter["woman"]
    worker, worker_code = shelter["worker"]
    focal, focal_code = police["province_police"]["officer"], police["province_police"]["code"]
    city_police = police["province_police"]["agency"]

    # 1. The case worker, on her phone, raises the alert from the case page.
    browser.set_window_size(*PHONE)
    sign_in(browser, live_server, worker, worker_code)
    browser.get(f"{live_server.url}/cases/{woman.pk}/")
    click_and_wait(browser, by_test_id("raise-alert"))
    _checked(browser, "alert-form", PHONE)
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("error-summary"), "Ghi rõ sự việc")
    assert not DangerAlert.objects.exists()
    type_into(browser, "description", CALLS)
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, "main", "Cảnh báo nguy hiểm đã được gửi ngay")
    alert = DangerAlert.objects.get()
    assert set(alert.notified_agencies.all()) == {city_police, police["border_guard"]["agency"]}
    assert "chưa được xác nhận" in visible(browser, by_test_id("alert-status")).text
    _checked(browser, "alert-raised", PHONE)

    # 2. The police focal point, at his desk: the home page counts the alert, the menu leads to it.
    browser.set_window_size(*DESK)
    sign_in(browser, live_server, focal, focal_code)
    waiting = visible(browser, by_test_id("alerts-waiting"))
    assert "1 cảnh báo nguy hiểm đang chờ xác nhận" in waiting.text
    assert woman.person.full_name not in browser.find_element(By.TAG_NAME, "body").text
    _checked(browser, "police-home", DESK)
    _open_menu_link(browser, "danger-alerts-link")
    alerts = visible(browser, by_test_id("open-alerts"))
    assert woman.number in alerts.text and shelter["agency"].name in alerts.text
    _checked(browser, "police-alert-list", DESK)
    click_and_wait(browser, (By.LINK_TEXT, woman.number))
    assert CALLS in visible(browser, by_test_id("alert-text")).text
    _checked(browser, "police-alert", DESK)
    viewed = AuditEvent.objects.filter(
        action="view", actor_username=focal.username, details__what=f"danger_alert:{alert.pk}"
    )
    assert viewed.exists()  # reading the alert is a read of case data
    type_into(browser, "action_taken", DONE)
    click_and_wait(browser, f"{by_test_id('acknowledge-form')} button[type=submit]")
    showing_text(browser, by_test_id("alert-status"), "Đã xác nhận")
    acknowledged = visible(browser, by_test_id("alert-acknowledged")).text
    assert focal.full_name in acknowledged and city_police.name in acknowledged
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.acknowledged_by_agency) == ("acknowledged", focal, city_police)
    _checked(browser, "police-acknowledged", DESK)
    browser.get(f"{live_server.url}/")
    assert not browser.find_elements(By.CSS_SELECTOR, by_test_id("alerts-waiting"))

    # 3. The shelter sees it acknowledged: her notifications, the case page's panel, the alert.
    browser.set_window_size(*PHONE)
    _sign_in(browser, live_server, worker, worker_code)
    showing_text(browser, by_test_id("notifications"), woman.number)
    browser.get(f"{live_server.url}/cases/{woman.pk}/")
    panel_alerts = visible(browser, by_test_id("danger-alerts"))
    assert "Đã xác nhận" in panel_alerts.text and city_police.name in panel_alerts.text, panel_alerts.text
    click_and_wait(browser, panel_alerts.find_element(By.TAG_NAME, "a"))
    assert DONE in visible(browser, by_test_id("alert-acknowledged")).find_element(By.XPATH, "..").text
    _checked(browser, "shelter-sees-acknowledged", PHONE)

    # 4. The police decided to restrict contact: the case worker records the measure.
    browser.get(f"{live_server.url}/cases/{woman.pk}/")
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận biện pháp bảo vệ"))
    restricted = browser.find_element(
        By.XPATH, "//select[@name='measure_type']/option[contains(., 'liên hệ với người được bảo vệ')]"
    )
    choose(browser, "measure_type", restricted.get_attribute("value"))
    tick(browser, "protects", "victim")
    choose(browser, "deciding_agency", str(city_police.pk))
    type_into(browser, "deciding_official", "Trần Quốc Việt, Phó Giám đốc Công an thành phố")
    type_into(
        browser, "details", "Không cho người ngoài tiếp cận, liên lạc; mọi cuộc gọi hỏi về chị chuyển cho công an."
    )
    _checked(browser, "measure-form", PHONE)
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, "main", "Đã ghi nhận biện pháp bảo vệ.")
    measure = ProtectionMeasure.objects.get()
    assert measure.review_date == timezone.localdate() + datetime.timedelta(days=30)
    assert (measure.deciding_agency, measure.recorded_by) == (city_police, worker)

    # 5. Thirty days later the review is due today on her home page; she opens it from there.
    _thirty_days_pass(woman)
    browser.get(f"{live_server.url}/")
    due = visible(browser, (By.XPATH, "//section[@aria-labelledby='q-today']"))
    assert woman.number in due.text and "Rà soát biện pháp bảo vệ" in due.text, due.text
    click_and_wait(browser, due.find_element(By.CSS_SELECTOR, f"a[href*='/measures/{measure.pk}/']"))
    assert visible(browser, by_test_id("measure-review")).text.startswith(day(timezone.localdate()))
    _checked(browser, "measure-due", PHONE)
    # A review without a note is refused, nothing changed.
    tick(browser, "outcome", "change")
    click_and_wait(browser, f"{by_test_id('measure-review-form')} button[type=submit]")
    showing_text(browser, by_test_id("error-summary"), "Ghi kết quả rà soát")
    assert not MeasureReview.objects.exists()
    _checked(browser, "review-refused", PHONE)
    tick(browser, "outcome", "change")
    type_into(browser, "note", NOTE)
    click_and_wait(browser, f"{by_test_id('measure-review-form')} button[type=submit]")
    showing_text(browser, "main", "Đã ghi nhận kết quả rà soát biện pháp.")

    today = timezone.localdate()
    review = MeasureReview.objects.get()
    assert (review.measure, review.reviewed_by, review.reviewed_by_agency, review.reviewed_on) == (
        measure,
        worker,
        shelter["agency"],
        today,
    )
    assert (review.outcome, review.note, review.next_review_date) == ("change", NOTE, today + datetime.timedelta(30))
    measure.refresh_from_db()
    assert (measure.status, measure.last_reviewed_on) == ("active", today)
    assert measure.review_date == today + datetime.timedelta(days=30)
    assert woman.events.filter(kind="protection_measure_reviewed", data__review=review.pk).exists()
    panel_measures = visible(browser, by_test_id("protection-measures")).text
    assert f"rà soát lần gần nhất {day(today)}" in panel_measures, panel_measures
    browser.get(f"{live_server.url}/protection/cases/{woman.pk}/measures/{measure.pk}/")
    reviews = visible(browser, by_test_id("measure-reviews")).text
    assert day(today) in reviews and "Tiếp tục, có thay đổi" in reviews and worker.full_name in reviews, reviews
    assert "anh họ" not in reviews  # the note is free text about her: shown after a reveal only
    _checked(browser, "measure-reviewed", PHONE)


def test_on_a_phone_the_menu_leads_the_police_to_the_alerts_and_the_shelter_to_its_places(
    live_server, browser, shelter, police
):
    """At 390 px the menu folds behind its button; opened, it has "Cảnh báo nguy hiểm" for the police focal
    point and "Cơ sở tạm trú" for the shelter's case worker (who has no alerts link: alerts are not sent to
    her agency), and both pages fit the phone."""
    worker, worker_code = shelter["worker"]
    focal, focal_code = police["province_police"]["officer"], police["province_police"]["code"]

    browser.set_window_size(*PHONE)
    sign_in(browser, live_server, worker, worker_code)
    assert not browser.find_elements(By.CSS_SELECTOR, by_test_id("danger-alerts-link"))
    assert not browser.find_element(By.CSS_SELECTOR, by_test_id("shelters-link")).is_displayed()  # folded
    _open_menu_link(browser, "shelters-link")
    table = visible(browser, by_test_id("facility-table"))
    assert shelter["agency"].name in table.text and "Phụ nữ" in table.text, table.text
    _checked(browser, "menu-shelters", PHONE)

    browser.set_window_size(*PHONE)
    sign_in(browser, live_server, focal, focal_code)
    _open_menu_link(browser, "danger-alerts-link")
    showing_text(browser, "main", "Không có cảnh báo nguy hiểm nào đang chờ cơ quan của bạn.")
    _checked(browser, "menu-alerts", PHONE)
