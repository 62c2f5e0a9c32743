import pytest

from safereturn.notifications import services
from safereturn.notifications.models import Notification

from .conftest import OVERDUE_PARAMS

pytestmark = pytest.mark.django_db


def _notify(recipients, link="/cases/"):
    return services.notify(kind="test_task_overdue", recipients=recipients, params=OVERDUE_PARAMS, link=link)


def test_the_list_is_the_callers_own_newest_first_with_the_message_drawn(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    (first,) = _notify([mine])
    (second,) = _notify([mine], link="")
    _notify([theirs])
    services.notification_mark_read(user=mine, notification_id=first.pk)
    body = force_sign_in(mine).get("/api/notifications/").json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [second.pk, first.pk]
    row = body["results"][1]
    assert set(row) == {"id", "kind", "message", "link", "created_at", "read"}
    assert row["kind"] == "test_task_overdue" and row["link"] == "/cases/" and row["read"] is True
    assert row["message"] == "Nhiệm vụ xác minh (identity) hồ sơ 92-2026-000123 đã quá hạn: hạn là ngày 05/01/2026."


def test_the_list_filters_unread(overdue_kind, officers, force_sign_in):
    mine = officers[0]
    (first,) = _notify([mine])
    (second,) = _notify([mine])
    services.notification_mark_read(user=mine, notification_id=first.pk)
    client = force_sign_in(mine)
    assert [r["id"] for r in client.get("/api/notifications/?unread=true").json()["results"]] == [second.pk]
    assert [r["id"] for r in client.get("/api/notifications/?unread=false").json()["results"]] == [first.pk]


def test_the_message_follows_the_callers_language(overdue_kind, officers, force_sign_in):
    _notify([officers[0]])
    body = force_sign_in(officers[0]).get("/api/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["results"][0]["message"].startswith("The verification task (identity)")


def test_marking_read_is_for_the_recipient_only(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    (notification,) = _notify([mine])
    client = force_sign_in(theirs)
    assert client.post(f"/api/notifications/{notification.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None
    client = force_sign_in(mine)
    response = client.post(f"/api/notifications/{notification.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_read_all_and_the_unread_count(overdue_kind, officers, force_sign_in):
    mine, theirs = officers
    _notify([mine])
    _notify([mine])
    _notify([theirs])
    client = force_sign_in(mine)
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 2}
    assert client.post("/api/notifications/read-all/").json() == {"marked": 2}
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 0}
    assert Notification.objects.filter(recipient=theirs, read_at=None).count() == 1


def test_the_api_needs_a_signed_in_caller(client):
    assert client.get("/api/notifications/").status_code in (401, 403)
    assert client.get("/api/notifications/unread-count/").status_code in (401, 403)


def test_the_endpoints_are_in_the_openapi_schema(officers, force_sign_in):
    schema = force_sign_in(officers[0]).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/notifications/",
        "/api/notifications/{notification_id}/read/",
        "/api/notifications/read-all/",
        "/api/notifications/unread-count/",
    ):
        assert path in paths, path
    assert any(p["name"] == "unread" for p in paths["/api/notifications/"]["get"]["parameters"])
