"""Scenario 4 at the shelter, in the browser: every shelter page fits a phone and a desktop with no
serious accessibility violation (axe-core), and the director records the extension decision when the
woman's essential-needs support nears the 120-day cap; bad input is shown on the form."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.directory.models import FacilityService, Role
from safereturn.shelters import services as shelters
from safereturn.shelters.models import FacilityPlaces, Stay
from safereturn.testing.personas import actor_of, record_case

from .conftest import PASSWORD, by_test_id, click_and_wait, present, sign_in, type_into, visible
from .test_shell import _check_pages

pytestmark = pytest.mark.browser


@pytest.fixture
def centre(reference_data, make_agency, make_officer, totp_device):
    """Hải Phòng's social support centre (places for each group), a case worker and its director, the
    woman of scenario 4 admitted 112 days ago, and a man received yesterday, not yet admitted."""
    agency = make_agency("social_support_facility", province_code=31, name="Trung tâm Công tác xã hội Hải Phòng (thử)")
    FacilityService.objects.create(agency=agency, service_type="accommodation", capacity=40)
    for group, places in (("women", 20), ("men", 12), ("children", 8)):
        FacilityPlaces.objects.create(facility=agency, group=group, places=places)
    worker = make_officer(Role.CASE_WORKER, agency=agency, password=PASSWORD, full_name="Phạm Thu Hà")
    director = make_officer(Role.SUPERVISOR, agency=agency, password=PASSWORD, full_name="Vũ Minh Châu")
    acting = actor_of(worker)
    woman = record_case(
        acting,
        full_name="Đoàn Thị Hạnh",
        sex="female",
        birth_year=2001,
        channel="rescue_domestic",
        received_at=timezone.now() - datetime.timedelta(days=115),
        province_id=31,
        route="cross_border",
        destination_country="CN",
        risk_level="high",
    )
    stay = shelters.stay_admit(
        actor=acting, case=woman, group="women", admitted_on=timezone.localdate() - datetime.timedelta(days=112)
    )
    man = record_case(acting, full_name="Lê Văn Tâm", sex="male", birth_year=1995, province_id=31)
    return {
        "agency": agency,
        "worker": (worker, totp_device(worker)[1]),
        "director": (director, totp_device(director)[1]),
        "woman": woman,
        "stay": stay,
        "man": man,
    }


def test_every_shelter_page_fits_a_phone_and_a_desktop(live_server, browser, centre):
    agency, woman, stay, man = centre["agency"], centre["woman"], centre["stay"], centre["man"]
    problems = []
    worker, code = centre["worker"]
    browser.set_window_size(1280, 900)
    sign_in(browser, live_server, worker, code)
    pages = [
        "/shelters/",
        f"/shelters/{agency.pk}/",
        f"/cases/{woman.pk}/",
        f"/shelters/cases/{man.pk}/admit/",
        f"/shelters/cases/{woman.pk}/stays/{stay.pk}/discharge/",
        f"/shelters/cases/{woman.pk}/stays/{stay.pk}/transfer/",
    ]
    _check_pages(browser, live_server.url, pages, "case worker", problems)
    director, code = centre["director"]
    browser.set_window_size(1280, 900)
    sign_in(browser, live_server, director, code)
    pages = [
        f"/shelters/{agency.pk}/places/",
        f"/shelters/cases/{woman.pk}/stays/{stay.pk}/extend/",
        f"/shelters/cases/{man.pk}/over-capacity/",
    ]
    _check_pages(browser, live_server.url, pages, "director", problems)
    assert problems == [], "\n".join(map(repr, problems))


def test_the_director_extends_the_stay_nearing_its_cap_on_a_phone(live_server, browser, centre):
    woman, stay = centre["woman"], centre["stay"]
    director, code = centre["director"]
    browser.set_window_size(1280, 900)
    sign_in(browser, live_server, director, code)
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/cases/{woman.pk}/")
    panel = visible(browser, by_test_id("shelter-panel"))
    assert "113 / 120" in panel.text and stay.allowed_until.strftime("%d/%m/%Y") in panel.text
    click_and_wait(browser, (By.PARTIAL_LINK_TEXT, "gia hạn"))
    # Too early a new end: the error summary names the field, nothing saved.
    type_into(browser, "new_end", stay.allowed_until.strftime("%d/%m/%Y"))
    type_into(browser, "decision_number", "15/QĐ-TTCTXH")
    type_into(browser, "decided_on", timezone.localdate().strftime("%d/%m/%Y"))
    type_into(browser, "reason", "Chưa có nơi ở an toàn để trở về; đang chờ gia đình đón")
    click_and_wait(browser, "main form button[type=submit]")
    assert "Ngày cuối cùng mới phải sau" in present(browser, "[role=alert]").text
    assert Stay.objects.get(pk=stay.pk).allowed_until == stay.allowed_until
    new_end = timezone.localdate() + datetime.timedelta(days=40)
    type_into(browser, "new_end", new_end.strftime("%d/%m/%Y"))
    click_and_wait(browser, "main form button[type=submit]")
    panel = visible(browser, by_test_id("shelter-panel"))
    assert new_end.strftime("%d/%m/%Y") in panel.text and "15/QĐ-TTCTXH" in panel.text
    assert Stay.objects.get(pk=stay.pk).allowed_until == new_end
