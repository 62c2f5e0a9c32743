"""Every support page at 390×844 and 1366×900, as the shelter's case worker and its director: the
entitlements panel on the case page, the ledger, the form to record a service or payment (and its error
summary after bad input), the decision form, the approval of cash support and the agency's spending view.
Each fits the screen (no sideways scroll), axe-core finds no serious or critical violation, and a
Vietnamese screen shows no English word and no raw code."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.cases.models import Case
from safereturn.support import services as support
from safereturn.support.models import SupportRecord
from safereturn.testing.personas import actor_of

from .conftest import (
    ARTIFACTS,
    by_test_id,
    click_and_wait,
    present,
    sign_in,
    visible,
    wait_until,
)
from .support_world import page_problems, shelter_fixture  # noqa: F401 (the fixture "shelter")

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1366, 900)]


def _loaded(browser):
    wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", "page never loaded")


def _open(browser, url):
    browser.get(url)
    _loaded(browser)
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading not in ("Không được phép", "Không tìm thấy trang"), (url, heading)


def _summary_focused(browser):
    summary = visible(browser, by_test_id("error-summary"))
    wait_until(browser, lambda d: d.switch_to.active_element == summary, "the error summary did not take the focus")


def _keep(browser, name, width):
    browser.save_screenshot(str(ARTIFACTS / f"support-{name}-{width}.png"))


@pytest.fixture
def supported(shelter):
    """The woman, now identified as a victim, with 30 days of food recorded, an initial hardship allowance
    waiting for the director's approval and the director's decision extending the food cap."""
    woman, received_on = shelter["woman"], shelter["received_on"]
    Case.objects.filter(pk=woman.pk).update(status="identified")
    woman.refresh_from_db()
    worker, _code = shelter["worker"]
    director, _code = shelter["director"]
    support.record_add(
        actor=actor_of(worker),
        case=woman,
        data={
            "item_code": "food",
            "provider_kind": "agency",
            "provider_agency_id": shelter["agency"].pk,
            "date_from": received_on,
            "date_to": received_on + datetime.timedelta(days=29),
            "quantity": 30,
            "unit_rate": 70_000,
            "funding_source": "state_budget",
        },
    )
    support.record_add(
        actor=actor_of(worker),
        case=woman,
        data={
            "item_code": "hardship_allowance",
            "provider_kind": "agency",
            "provider_agency_id": shelter["agency"].pk,
            "date_from": timezone.localdate(),
            "quantity": 1,
            "unit_rate": 1_500_000,
            "funding_source": "state_budget",
        },
    )
    support.record_add(
        actor=actor_of(worker),
        case=woman,
        data={
            "item_code": "medical_care",
            "provider_kind": "hospital",
            "provider_name": "Bệnh viện Việt Tiệp",
            "date_from": received_on + datetime.timedelta(days=3),
            "quantity": 1,
            "outcome": "Khám tổng quát, không phát hiện bệnh cấp tính.",
        },
    )
    support.decision_record(
        actor=actor_of(director),
        case=woman,
        number="15/QĐ-UBND",
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        kind="extend_cap",
        item_code="food",
        decided_on=timezone.localdate(),
        reason="Chưa có nơi ở an toàn để trở về.",
        extra_units=30,
    )
    return shelter


def test_every_support_page_fits_a_phone_and_a_desktop_in_vietnamese(live_server, browser, supported):
    woman = supported["woman"]
    base = live_server.url
    problems = []
    for who, pages in (
        ("case-worker", ["case", "ledger", "record", "record-errors", "spending"]),
        ("director", ["case", "ledger", "decision", "decision-errors", "spending"]),
    ):
        officer, code = supported["worker" if who == "case-worker" else "director"]
        browser.set_window_size(1280, 900)
        sign_in(browser, live_server, officer, code)
        urls = {
            "case": f"{base}/cases/{woman.pk}/",
            "ledger": f"{base}/support/cases/{woman.pk}/",
            "record": f"{base}/support/cases/{woman.pk}/new/",
            "decision": f"{base}/support/cases/{woman.pk}/decisions/new/",
            "spending": f"{base}/support/spending/",
        }
        for width, height in SIZES:
            browser.set_window_size(width, height)
            for page in pages:
                if page.endswith("-errors"):
                    # Bad input: the form comes back with the error summary, which takes the focus.
                    _open(browser, urls[page.removesuffix("-errors")])
                    click_and_wait(browser, "main form button[type=submit]")
                    _summary_focused(browser)
                else:
                    _open(browser, urls[page])
                scope = None
                if page == "decision":
                    # The radio buttons are a group named by its legend.
                    legend = browser.find_element(By.XPATH, "//fieldset[.//input[@name='kind']]/legend")
                    assert legend.text == "Quyết định", legend.text
                if page == "case":
                    # The case page is the cases app's; its support panel is checked here.
                    scope = "#support"
                    browser.execute_script("arguments[0].scrollIntoView()", present(browser, scope))
                _keep(browser, f"{who}-{page}", width)
                problems += page_problems(browser, f"{who} {page}", width, scope)
    assert problems == [], "\n".join(map(repr, problems))


def test_the_director_approves_the_allowance_on_a_phone(live_server, browser, supported):
    woman = supported["woman"]
    director, code = supported["director"]
    browser.set_window_size(1280, 900)
    sign_in(browser, live_server, director, code)
    problems = []
    browser.set_window_size(390, 844)
    # The allowance waits in the director's work queue on her home page; its link leads to the ledger.
    _open(browser, f"{live_server.url}/")
    queued = visible(browser, (By.XPATH, "//li[contains(., 'Khoản hỗ trợ tiền mặt chờ phê duyệt')]"))
    assert "1.500.000 đ" in queued.text, queued.text
    click_and_wait(browser, queued.find_element(By.PARTIAL_LINK_TEXT, woman.number))
    assert browser.current_url.endswith(f"/support/cases/{woman.pk}/")
    waiting = SupportRecord.objects.get(item_code="hardship_allowance")
    row = visible(browser, f"[data-testid=ledger] tr[data-record='{waiting.pk}']")
    assert "Chờ phê duyệt" in row.text
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "button[name=approve][value=yes]"))
    status = visible(browser, "[role=status], .alert-success")
    assert "phê duyệt" in status.text.lower(), status.text
    waiting.refresh_from_db()
    assert waiting.status == "approved"
    row = visible(browser, f"[data-testid=ledger] tr[data-record='{waiting.pk}']")
    assert "Đã phê duyệt" in row.text
    _keep(browser, "director-approved", 390)
    problems += page_problems(browser, "director ledger after approval", 390)
    assert problems == [], "\n".join(map(repr, problems))
