"""A referral sent on a phone and accepted: the ward's case worker refers a woman to the city's state
legal-aid centre at 390 px (the form with its error summary, the draft, sending); the centre's case worker
opens the referral, reads only the basic facts, and accepts it. Every page fits the phone with no serious
accessibility violation, and the centre's officer never sees the woman's name."""

import datetime

import pytest
from axe_selenium_python import Axe
from django.utils import timezone

from safereturn.cases import services as case_services
from safereturn.directory.models import Role
from safereturn.referrals.models import Referral
from safereturn.testing.personas import actor_of, record_case

from .conftest import PASSWORD, by_test_id, choose, click_and_wait, showing_text, sign_in, tick

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}
NAME = "Lý Thị Hoa"


def _fits_and_is_accessible(browser, name):
    scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{name} scrolls sideways: {scroll} > {inner}"
    axe = Axe(browser)
    axe.inject()
    serious = [(v["id"], v["nodes"][0]["target"]) for v in axe.run()["violations"] if v["impact"] in SERIOUS]
    assert serious == [], (name, serious)


def test_a_referral_sent_on_a_phone_and_accepted(live_server, browser, reference_data, make_agency, make_officer,
                                                 totp_device):  # fmt: skip
    commune = make_agency(
        "commune_committee", level="commune", commune_code=31510, name="Ủy ban nhân dân Phường Phú Lợi (thử)"
    )
    legal_aid = make_agency("legal_aid_centre", province_code=92, name="Trung tâm Trợ giúp pháp lý Cần Thơ (thử)")
    intake = make_officer(Role.INTAKE_OFFICER, agency=commune, password=PASSWORD)
    worker = make_officer(Role.CASE_WORKER, agency=commune, password=PASSWORD)
    lawyer = make_officer(Role.CASE_WORKER, agency=legal_aid, password=PASSWORD)
    _device, worker_code = totp_device(worker)
    _device, lawyer_code = totp_device(lawyer)
    case = record_case(
        actor_of(intake), full_name=NAME, sex="female", birth_year=1999, province_id=92, commune_id=31510,
        received_at=timezone.now() - datetime.timedelta(days=3),
    )  # fmt: skip
    case_services.consent_record(
        actor=actor_of(worker), case=case, processing=True, share_with=["legal_aid_centre"],
        given_on=timezone.localdate(),
    )  # fmt: skip

    sign_in(browser, live_server, worker, worker_code)
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/cases/{case.pk}/")
    click_and_wait(browser, by_test_id("referral-new"))
    _fits_and_is_accessible(browser, "referral form")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("error-summary"), "Hãy chọn")
    _fits_and_is_accessible(browser, "referral form with errors")
    tick(browser, "kind", "legal_aid")
    choose(browser, "recipient_agency", str(legal_aid.pk))
    tick(browser, "sections", "basic")
    tick(browser, "wish", "return_home")
    click_and_wait(browser, "main form button[type=submit]")
    showing_text(browser, by_test_id("referral-status"), "Bản nháp")
    _fits_and_is_accessible(browser, "draft referral")
    click_and_wait(browser, by_test_id("referral-send"))
    showing_text(browser, by_test_id("referral-status"), "Đã gửi")
    _fits_and_is_accessible(browser, "sent referral")
    referral = Referral.objects.get()
    assert referral.status == "sent" and referral.basis == "consent"

    sign_in(browser, live_server, lawyer, lawyer_code)
    browser.get(f"{live_server.url}/referrals/")
    _fits_and_is_accessible(browser, "referral list")
    click_and_wait(browser, f"a[href='/referrals/{referral.pk}/']")
    showing_text(browser, "[data-section='basic']", case.number)
    assert NAME not in browser.page_source and "Hoa" not in browser.page_source
    assert not browser.find_elements("css selector", "[data-section='needs']")
    _fits_and_is_accessible(browser, "referral as its recipient sees it")
    click_and_wait(browser, by_test_id("referral-accept"))
    showing_text(browser, by_test_id("referral-status"), "Đã tiếp nhận")
    assert Referral.objects.get().status == "accepted"
