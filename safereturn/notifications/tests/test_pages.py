import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safereturn.notifications import services
from safereturn.notifications.models import Notification, NotificationPreference

from .conftest import OVERDUE_PARAMS

pytestmark = pytest.mark.django_db


def _notify(recipients, link="/cases/"):
    return services.notify(kind="test_task_overdue", recipients=recipients, params=OVERDUE_PARAMS, link=link)


def _header(page):
    return page[page.index('<header class="sr-header">') : page.index("</header>")]


def test_the_inbox_shows_the_officers_own_notifications_newest_first(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    (older,) = _notify([mine])
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 1, 2, 8, 5)), read_at=timezone.now()
    )
    (newer,) = _notify([mine], link="")
    _notify([theirs])
    client = force_sign_in(mine)
    page = client.get("/notifications/").content.decode()
    items = re.findall(r'<li class="sr-card[^"]*" data-testid="notification"( data-unread="1")?>', page)
    assert len(items) == 2 and items == [' data-unread="1"', ""]  # newer and unread first, then the read one
    assert page.count("Nhiệm vụ xác minh (identity) hồ sơ 92-2026-000123 đã quá hạn") == 2
    assert "02/01/2026 08:05" in page
    assert page.count(">Mở</a>") == 1 and f'href="/notifications/{older.pk}/open/"' in page
    assert f"/notifications/{newer.pk}/open/" not in page  # no link, no "Mở"
    assert "Chưa đọc" in page


def test_the_inbox_speaks_english_to_an_officer_using_english(overdue_kind, officers, force_sign_in):
    _notify([officers[0]])
    client = force_sign_in(officers[0])
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    page = client.get("/notifications/").content.decode()
    assert "The verification task (identity) on case 92-2026-000123 is overdue: it was due 05/01/2026." in page


def test_the_inbox_pages_by_25(overdue_kind, officers, force_sign_in):
    for _ in range(30):
        _notify([officers[0]])
    client = force_sign_in(officers[0])
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    assert first.count('data-testid="notification"') == 25 and second.count('data-testid="notification"') == 5


def test_opening_marks_read_and_goes_to_the_link_only_for_the_recipient(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    (notification,) = _notify([mine], link="/cases/?q=92-2026-000123")
    client = force_sign_in(theirs)
    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    client = force_sign_in(mine)
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/cases/?q=92-2026-000123"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "link", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:alert(1)"]
)
def test_the_open_view_never_redirects_off_the_site(overdue_kind, officers, force_sign_in, link):
    (notification,) = _notify([officers[0]])
    Notification.objects.filter(pk=notification.pk).update(link=link)  # as if written around the service
    response = force_sign_in(officers[0]).get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_marking_one_and_all_read(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    first, second = _notify([mine]) + _notify([mine])
    _notify([theirs])
    client = force_sign_in(mine)
    assert client.get(f"/notifications/{first.pk}/read/").status_code == 405  # POST only
    response = client.post(f"/notifications/{first.pk}/read/", {"page": "2"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=2"
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(recipient=mine, read_at=None).exists()
    assert Notification.objects.filter(recipient=theirs, read_at=None).count() == 1


def test_the_inbox_needs_a_signed_in_officer(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_header_shows_the_unread_count_with_an_accessible_label(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    _notify([mine])
    _notify([mine])
    _notify([theirs])
    client = force_sign_in(mine)
    header = _header(client.get("/notifications/preferences/").content.decode())
    assert 'aria-label="Thông báo (2 chưa đọc)"' in header
    assert '<span class="badge text-bg-warning">2</span>' in header
    client.post("/notifications/read-all/")
    header = _header(client.get("/notifications/preferences/").content.decode())
    assert "chưa đọc" not in header and "badge" not in header
    assert 'href="/notifications/"' in header and ">Thông báo</a>" in header


def test_the_unread_count_is_one_count_per_page(overdue_kind, officers, force_sign_in):
    _notify([officers[0]])
    client = force_sign_in(officers[0])
    client.get("/notifications/preferences/")  # the session is renewed on the first page
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/preferences/").status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "notifications_notification" in counts[0]


def test_a_signed_out_visitor_has_no_notifications_link(client):
    page = client.get("/accounts/login/").content.decode()
    assert "/notifications/" not in page


# ---- e-mail preferences ----------------------------------------------------------------------


def test_preferences_list_every_kind_with_mandatory_ones_locked(overdue_kind, emergency_kind, officers, force_sign_in):
    page = force_sign_in(officers[0]).get("/notifications/preferences/").content.decode()
    assert "<legend" in page and "Gửi thư điện tử cho tôi" in page
    overdue = re.search(r'<input type="checkbox" name="email_test_task_overdue"[^>]*>', page).group(0)
    emergency = re.search(r'<input type="checkbox" name="email_test_break_glass"[^>]*>', page).group(0)
    assert "checked" in overdue and "disabled" not in overdue
    assert "checked" in emergency and "disabled" in emergency
    assert "Luôn gửi thư điện tử" in page


def test_saving_preferences_turns_email_off_but_never_for_a_mandatory_kind(
    overdue_kind, emergency_kind, officers, force_sign_in
):
    client = force_sign_in(officers[0])
    response = client.post("/notifications/preferences/", {}, follow=True)  # both boxes left empty
    assert response.redirect_chain == [("/notifications/preferences/", 302)]
    assert "Đã lưu lựa chọn nhận thư điện tử của bạn." in response.content.decode()
    stored = set(NotificationPreference.objects.values_list("user", "kind", "email"))
    assert (officers[0].pk, "test_task_overdue", False) in stored
    # A mandatory kind is never turned off, so no choice is stored for it.
    assert not {kind for _user, kind, _email in stored} & {"test_break_glass", "break_glass"}
    page = response.content.decode()
    assert "checked" not in re.search(r'<input type="checkbox" name="email_test_task_overdue"[^>]*>', page).group(0)
    client.post("/notifications/preferences/", {"email_test_task_overdue": "on"})
    assert NotificationPreference.objects.get(kind="test_task_overdue").email is True


def test_preferences_warn_an_officer_without_an_email_address(overdue_kind, make_officer, force_sign_in):
    officer = make_officer("verifier", email="")
    page = force_sign_in(officer).get("/notifications/preferences/").content.decode()
    assert 'data-testid="no-email"' in page
