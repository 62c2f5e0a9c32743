"""Issue #18, meetings in the browser: a provincial border guard officer records a joint reception at the
border gate on a phone, with two action items; the health department's officer finds hers in "Việc của
tôi" and marks it done. The directory pages and the meeting pages fit a phone and a desktop with no
serious accessibility violation."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.coordination.models import ActionItem, Meeting
from safereturn.directory.models import FocalPoint, Role

from .conftest import (
    ARTIFACTS,
    PASSWORD,
    by_test_id,
    click_and_wait,
    fits_a_phone,
    showing_text,
    sign_in,
    tick,
    type_into,
)
from .test_shell import _check_pages

pytestmark = pytest.mark.browser


def test_a_joint_reception_with_two_action_items_reaches_the_owners_work_queue(
    live_server, browser, reference_data, make_agency, make_officer, totp_device
):
    guard_agency = make_agency("border_guard", province_code=92, name="Bộ Chỉ huy Bộ đội Biên phòng Cần Thơ (thử)")
    health = make_agency("health_department", province_code=92, name="Sở Y tế Cần Thơ (thử)")
    centre = make_agency("social_support_facility", province_code=92, name="Trung tâm Công tác xã hội Cần Thơ (thử)")
    FocalPoint.objects.create(agency=health, full_name="Lê Thị Hoa", title="Phó trưởng phòng", phone="0292 3820 111")
    guard = make_officer(Role.INTAKE_OFFICER, agency=guard_agency, password=PASSWORD, full_name="Nguyễn Văn Hải")
    owner = make_officer(Role.CASE_WORKER, agency=health, password=PASSWORD, full_name="Lê Thị Hoa")
    make_officer(Role.CASE_WORKER, agency=centre, password=PASSWORD)
    _d, guard_code = totp_device(guard)
    _d, owner_code = totp_device(owner)
    today = timezone.localdate()
    first_due = today + datetime.timedelta(days=5)

    # The border guard's officer, on a phone: the meeting, then its two action items.
    sign_in(browser, live_server, guard, guard_code)
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/meetings/")
    click_and_wait(browser, by_test_id("meeting-new"))
    tick(browser, "kind", "joint_reception")
    type_into(browser, "held_on", today.strftime("%d/%m/%Y"))
    type_into(browser, "place", "Cửa khẩu cảng Cần Thơ")
    type_into(browser, "purpose", "Tiếp nhận 5 phụ nữ trở về qua cửa khẩu")
    tick(browser, "agencies", str(health.pk))
    tick(browser, "agencies", str(centre.pk))
    type_into(browser, "minutes", "Thống nhất phân công xác minh và bố trí chỗ ở")
    fits_a_phone(browser, name="meeting-form", restore=None)
    click_and_wait(browser, "main form button[type=submit]")
    meeting = Meeting.objects.get()
    assert browser.current_url.endswith(f"/meetings/{meeting.pk}/")

    click_and_wait(browser, by_test_id("item-add"))
    type_into(browser, "description", "Gửi văn bản đề nghị xác minh nhân thân")
    tick(browser, "owner_agency", str(health.pk))
    type_into(browser, "due_date", first_due.strftime("%d/%m/%Y"))
    click_and_wait(browser, by_test_id("item-save-another"))
    type_into(browser, "description", "Bố trí chỗ ở tạm thời")
    tick(browser, "owner_agency", str(centre.pk))
    type_into(browser, "due_date", (today + datetime.timedelta(days=2)).strftime("%d/%m/%Y"))
    fits_a_phone(browser, name="action-item-form", restore=None)
    click_and_wait(browser, by_test_id("item-save"))
    assert len(browser.find_elements(By.CSS_SELECTOR, by_test_id("action-item"))) == 2
    fits_a_phone(browser, name="meeting-detail")
    assert ActionItem.objects.filter(meeting=meeting).count() == 2

    # The health department's officer: the item is in her work, one click from the header; she marks it done.
    sign_in(browser, live_server, owner, owner_code)
    click_and_wait(browser, by_test_id("my-work-link"))
    work = showing_text(browser, by_test_id("my-work"), first_due.strftime("%d/%m/%Y"))
    click_and_wait(browser, work.find_element(By.CSS_SELECTOR, f"a[href*='/meetings/{meeting.pk}/']"))
    item = ActionItem.objects.get(owner_agency=health)
    mine = browser.find_element(By.ID, f"item-{item.pk}")
    click_and_wait(browser, mine.find_element(By.CSS_SELECTOR, by_test_id("item-done")))
    item.refresh_from_db()
    assert item.status == "done"
    assert not browser.find_element(By.ID, f"item-{item.pk}").find_elements(By.CSS_SELECTOR, by_test_id("item-done"))
    browser.save_screenshot(str(ARTIFACTS / "meeting-item-done-vi.png"))

    # Every page of the slice: no sideways scroll, no serious accessibility violation.
    problems = []
    paths = [
        "/directory/?q=so+y+te",
        "/directory/who-to-call/?province=92",
        f"/directory/agencies/{health.pk}/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/{meeting.pk}/items/new/",
    ]
    _check_pages(browser, live_server.url, paths, "health officer", problems)
    assert problems == [], problems
