"""Scenario 4's support at the shelter, on a phone (390×844), as the officers would do it: the woman rescued
at the port stays at Hải Phòng's social support centre from the day she was received. Her essential needs and
her stay are one count (decision 38): 120 days at most, each day of the stay counted once. The case worker
records her food as the days go by, week by week and then day by day: the case page warns when the cap is near
(within the stay cap's 14 days, as the shelter is warned), then that it is reached. The next day, a further
day is refused with a message that says why and what is needed; the director records the extension decision
(numbered and signed, as the paper one is), which moves the stay's last day too; the same day is then
accepted, and its payment record is printed (PDF and Word, the amount in words in the PDF). Every page fits
the phone's width; screenshots go to test-artifacts/scenario4-support-*.png.

The clock does not move in a test: days passing move the case's dates (reception, stay, records) back, which
is the same to the count (it counts the stay's days to today)."""

import base64
import datetime
import io

import pytest
from django.db.models import F
from django.utils import timezone
from pypdf import PdfReader
from selenium.webdriver.common.by import By

from safereturn.accounts.models import AuthenticatorDevice
from safereturn.cases.models import Case
from safereturn.documents.rendering import amount_in_words_vnd
from safereturn.shelters.models import Stay
from safereturn.support import services as support
from safereturn.support.models import SupportDecision, SupportRecord
from safereturn.testing.personas import actor_of

from .conftest import (
    PHONE,
    by_test_id,
    choose,
    click_and_wait,
    fits_a_phone,
    present,
    showing_text,
    sign_in,
    tick,
    type_into,
    visible,
    wait_until,
)
from .support_world import day, not_vietnamese, serious_violations, shelter_fixture  # noqa: F401 (the fixture "shelter")

pytestmark = pytest.mark.browser

FOOD_RATE = 70_000  # the national default for food under Law 53/2024 (a placeholder to confirm), per day
NEAR = "sắp hết thời hạn: cần có quyết định để tiếp tục"
REACHED = "đã hết mức"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(r => r.arrayBuffer().then(b => {
  let text = '';
  for (const byte of new Uint8Array(b)) text += String.fromCharCode(byte);
  done([r.status, r.headers.get('content-type'), btoa(text)]);
}));
"""


def _fits(browser, name, element=None, scope=None):
    """The page fits the phone's width (no sideways scroll); in it (or in the part ``scope`` selects: the
    support panel of the case page, which is the cases app's), axe-core finds no serious or critical
    violation and no English word or raw code shows. A screenshot is kept, of ``element`` brought into
    view if given."""
    if element is not None:
        browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
    fits_a_phone(browser, size=PHONE, restore=None, screenshot=f"scenario4-support-{name}-390.png")
    assert serious_violations(browser, scope) == [], name
    assert not_vietnamese(browser, scope) == [], name


def _food_row(browser):
    """The food row of the entitlements panel on the case page."""
    panel = visible(browser, by_test_id("support-panel"))
    return panel.find_element(By.XPATH, ".//tr[td[normalize-space()='Tiền ăn']]")


def _record_food(browser, first, last=None, expect_refusal=False):
    """On the form "Ghi nhận dịch vụ hoặc khoản chi": food at the centre, paid from the state budget."""
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận dịch vụ hoặc khoản chi"))
    choose(browser, "item_code", "food")
    choose(browser, "provider_kind", "agency")
    type_into(browser, "date_from", day(first))
    type_into(browser, "date_to", day(last) if last else "")
    type_into(browser, "quantity", str(((last or first) - first).days + 1))
    type_into(browser, "unit_rate", str(FOOD_RATE))
    choose(browser, "funding_source", "state_budget")
    click_and_wait(browser, "main form button[type=submit]")
    if not expect_refusal:
        showing_text(browser, "main", "Đã ghi nhận dịch vụ hoặc khoản chi.")


def _case_page(browser, live_server, case):
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", "case page")
    return _food_row(browser)


def _sign_in_again(browser, live_server, officer, code):
    """django-otp refuses a code of a period it already accepted (a replay): signing the same officer in
    twice within 30 seconds is no replay here, so the device forgets the last period it took (as
    ``safereturn.testing.signin.sign_in`` does)."""
    AuthenticatorDevice.objects.filter(user=officer).update(last_t=-1)
    sign_in(browser, live_server, officer, code)


def _days_pass(case, days=1):
    """``days`` days pass (a negative number: the story starts that many days earlier): the case's dates
    move back, today stays today."""
    shift = datetime.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(received_at=F("received_at") - shift)
    SupportRecord.objects.filter(case=case).update(date_from=F("date_from") - shift, date_to=F("date_to") - shift)
    Stay.objects.filter(case=case).update(
        admitted_on=F("admitted_on") - shift, allowed_until=F("allowed_until") - shift
    )
    case.refresh_from_db()
    return timezone.localdate(case.received_at)


def test_scenario_four_food_up_to_the_cap_the_directors_extension_and_the_printed_record(live_server, browser, shelter):
    woman, centre = shelter["woman"], shelter["agency"]
    worker, worker_code = shelter["worker"]
    director, director_code = shelter["director"]
    received_on = shelter["received_on"]

    def nth(n):  # the n-th day of support, the day of reception being the first
        return received_on + datetime.timedelta(days=n - 1)

    assert nth(120) == timezone.localdate()
    # The story starts on her 98th day; days 1 to 98 were recorded month by month before.
    received_on = _days_pass(woman, -22)
    assert nth(98) == timezone.localdate()
    for first, last in ((1, 31), (32, 62), (63, 98)):
        support.record_add(
            actor=actor_of(worker),
            case=woman,
            data={
                "item_code": "food",
                "provider_kind": "agency",
                "provider_agency_id": centre.pk,
                "date_from": nth(first),
                "date_to": nth(last),
                "quantity": last - first + 1,
                "unit_rate": FOOD_RATE,
                "funding_source": "state_budget",
            },
        )

    # 1. The case worker, on her phone: 22 days left, no warning yet.
    browser.set_window_size(*PHONE)
    sign_in(browser, live_server, worker, worker_code)
    row = _case_page(browser, live_server, woman)
    assert "22 ngày" in row.text and NEAR not in row.text, row.text
    _fits(browser, "panel-22-days-left", row, "#support")

    # 2. A week later, a week of food: 15 days left, still no warning.
    received_on = _days_pass(woman, 7)
    _record_food(browser, nth(99), nth(105))
    _fits(browser, "ledger-after-a-week")
    row = _case_page(browser, live_server, woman)
    assert "15 ngày" in row.text and NEAR not in row.text, row.text

    # 3. Another week: 8 days left, within the 14 days of warning: the panel says a decision is needed.
    received_on = _days_pass(woman, 7)
    _record_food(browser, nth(106), nth(112))
    row = _case_page(browser, live_server, woman)
    assert "8 ngày" in row.text and NEAR in row.text, row.text
    assert "table-warning" in row.get_attribute("class")
    _fits(browser, "panel-cap-near", row, "#support")

    # 4. Day by day, then the rest of the week up to today, the 120th day: the cap is reached.
    received_on = _days_pass(woman, 1)
    _record_food(browser, nth(113))
    received_on = _days_pass(woman, 1)
    _record_food(browser, nth(114))
    row = _case_page(browser, live_server, woman)
    assert "6 ngày" in row.text and NEAR in row.text, row.text
    received_on = _days_pass(woman, 6)
    _record_food(browser, nth(115), nth(120))
    row = _case_page(browser, live_server, woman)
    assert REACHED in row.text and day(nth(120)) in row.text, row.text
    _fits(browser, "panel-cap-reached", row, "#support")

    # 5. The next day: one more day of food is refused, with a message saying why and what is needed;
    # the error summary takes the focus and nothing is saved.
    received_on = _days_pass(woman)
    assert nth(121) == timezone.localdate()
    row = _case_page(browser, live_server, woman)
    assert REACHED in row.text, row.text
    records = SupportRecord.objects.count()
    _record_food(browser, nth(121), expect_refusal=True)
    summary = visible(browser, by_test_id("error-summary"))
    wait_until(browser, lambda d: d.switch_to.active_element == summary, "the error summary did not take the focus")
    refusal = f"Thời hạn hỗ trợ trong đợt lưu trú này đã hết vào ngày {day(nth(120))}"
    assert refusal in summary.text, summary.text
    assert refusal in browser.find_element(By.ID, "id_date_to_error").text
    assert SupportRecord.objects.count() == records
    _fits(browser, "refused-after-the-cap")
    summary.find_element(By.TAG_NAME, "a").click()
    wait_until(
        browser, lambda d: d.switch_to.active_element.get_attribute("name") == "date_to", "the link missed its field"
    )

    # 6. The director, on her phone, records the extension decision from the case's ledger.
    sign_in(browser, live_server, director, director_code)
    row = _case_page(browser, live_server, woman)
    click_and_wait(browser, by_test_id("support-ledger-link"))
    click_and_wait(browser, (By.LINK_TEXT, "Ghi nhận quyết định về hỗ trợ"))
    tick(browser, "kind", "extend_cap")
    choose(browser, "item_code", "food")
    type_into(browser, "extra_units", "30")
    type_into(browser, "number", "27/QĐ-TTCTXH")
    type_into(browser, "decided_on", day(timezone.localdate()))
    type_into(browser, "signer_name", "Trần Thị Bình")
    type_into(browser, "signer_title", "Giám đốc")
    type_into(browser, "reason", "Chưa có nơi ở an toàn để trở về; gia đình chưa thể đón, cần tiếp tục hỗ trợ.")
    _fits(browser, "decision-form")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, "main", "Đã ghi nhận quyết định.")
    decisions = visible(browser, by_test_id("support-decisions"))
    assert "Gia hạn thời hạn hưởng: Tiền ăn (thêm 30 ngày)" in decisions.text, decisions.text
    decision = SupportDecision.objects.get()
    assert (decision.kind, decision.extra_units, decision.decided_by) == ("extend_cap", 30, director)
    assert "Quyết định số 27/QĐ-TTCTXH" in decisions.text and "Giám đốc Trần Thị Bình" in decisions.text
    _fits(browser, "ledger-with-the-decision", decisions)
    # One count: today (day 121) is used, 29 days are left, and the stay's last day moved with the decision.
    row = _case_page(browser, live_server, woman)
    assert REACHED not in row.text and "29 ngày" in row.text and day(nth(150)) in row.text, row.text
    stay_until = visible(browser, by_test_id("shelter-allowed-until"))
    assert day(nth(150)) in stay_until.text, stay_until.text

    # 7. The case worker records the day again: accepted.
    _sign_in_again(browser, live_server, worker, worker_code)
    _case_page(browser, live_server, woman)
    _record_food(browser, nth(121))
    entry = SupportRecord.objects.get(date_from=nth(121))
    assert (entry.quantity, entry.amount, entry.status) == (1, FOOD_RATE, "recorded")
    ledger_row = visible(browser, f"[data-testid=ledger] tr[data-record='{entry.pk}']")
    assert "70.000 đ" in ledger_row.text and "Bảy mươi nghìn đồng" in ledger_row.text, ledger_row.text
    _fits(browser, "ledger-accepted-after-the-extension", ledger_row)

    # 8. The payment record names her: printing asks for the identity to be revealed with a reason first.
    click_and_wait(browser, ledger_row.find_element(By.CSS_SELECTOR, by_test_id("payment-print-pdf")))
    showing_text(browser, "main", "Biên bản chi trả ghi tên người nhận.")
    type_into(browser, "reason", "In biên bản chi trả tiền ăn để người nhận ký")
    click_and_wait(browser, f"{by_test_id('reveal-form')} button[type=submit]")
    browser.get(f"{live_server.url}/support/cases/{woman.pk}/")
    ledger_row = visible(browser, f"[data-testid=ledger] tr[data-record='{entry.pk}']")
    pdf_url = ledger_row.find_element(By.CSS_SELECTOR, by_test_id("payment-print-pdf")).get_attribute("href")
    status, content_type, body = browser.execute_async_script(FETCH, pdf_url)
    assert (status, content_type) == (200, "application/pdf")
    pdf = base64.b64decode(body)
    assert pdf.startswith(b"%PDF-")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    words = amount_in_words_vnd(FOOD_RATE)
    assert words == "Bảy mươi nghìn đồng"
    assert words in text and "70.000 đồng" in text and "Đoàn Thị Hạnh" in text, text
    docx_url = ledger_row.find_element(By.CSS_SELECTOR, by_test_id("payment-print-docx")).get_attribute("href")
    status, content_type, body = browser.execute_async_script(FETCH, docx_url)
    assert (status, content_type) == (200, DOCX)
    assert base64.b64decode(body).startswith(b"PK")
    _fits(browser, "printed", present(browser, by_test_id("ledger")))
