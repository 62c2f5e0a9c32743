import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.tips.models import RegisterEntry, Tip, TipEvent

from .conftest import SUBJECT, SUMMARY

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _tip_json(world, **overrides):
    data = {
        "received_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "source": "provincial_hotline",
        "suspected_pathway": "marriage_abroad",
        "province": 92,
        "commune": world.commune_a.code,
        "summary": SUMMARY,
        "subject_name": SUBJECT,
    }
    data.update(overrides)
    return data


def _counts():
    return Tip.objects.count(), TipEvent.objects.count(), AuditEvent.objects.filter(action="create").count()


def test_create_list_and_detail(world, force_sign_in):
    client = force_sign_in(world.intake)
    response = client.post("/api/tips/", _tip_json(world), content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["number"].startswith("TB-92-") and created["status"] == "new"
    assert created["subject_name"] == "Đặng T. L." and SUMMARY not in response.content.decode()
    listing = client.get("/api/tips/", {"source": "provincial_hotline"}).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == created["id"]
    assert client.get("/api/tips/", {"q": "Lua Dang"}).json()["count"] == 1
    assert client.get("/api/tips/", {"status": "closed"}).json()["count"] == 0
    detail = client.get(f"/api/tips/{created['id']}/")
    assert detail.status_code == 200 and detail.json()["number"] == created["number"]
    timeline = client.get(f"/api/tips/{created['id']}/timeline/")
    assert [e["kind"] for e in timeline.json()] == ["registered"]
    views = AuditEvent.objects.filter(action="view", object_type="tip", object_id=created["id"]).order_by("id")
    assert [v.details["via"] for v in views] == ["api", "api:timeline"]
    assert views[0].agency_id == world.hotline.pk and views[0].role == "intake_officer"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"received_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "received_at",
        ),
        ({"received_at": "yesterday"}, "received_at"),
        ({"commune": 99999999}, "commune"),
        ({"province": 48}, "commune"),
        ({"province": "Cần Thơ"}, "province"),
        ({"source": "rumour"}, "source"),
        ({"summary": ""}, "summary"),
        ({"summary": None}, "summary"),
    ],
)
def test_bad_input_is_400_with_field_messages_and_changes_nothing(world, force_sign_in, overrides, field):
    client = force_sign_in(world.intake)
    before = _counts()
    response = client.post("/api/tips/", _tip_json(world, **overrides), content_type=JSON)
    assert response.status_code == 400 and field in response.json(), response.content
    assert all(isinstance(m, str) for m in response.json()[field])
    assert _counts() == before


@pytest.mark.parametrize("body", ['{"source": "family", ', "[1, 2]", '"text"', "null"])
def test_malformed_json_is_400_and_changes_nothing(world, force_sign_in, body):
    client = force_sign_in(world.intake)
    before = _counts()
    assert client.post("/api/tips/", body, content_type=JSON).status_code == 400
    assert client.post("/api/register-entries/", body, content_type=JSON).status_code == 400
    assert _counts() == before and RegisterEntry.objects.count() == 0


def test_bad_list_filters_are_400(world, force_sign_in):
    client = force_sign_in(world.intake)
    response = client.get("/api/tips/", {"status": "lost"})
    assert response.status_code == 400 and "status" in response.json()


def test_actions_through_the_api(world, new_tip, new_case, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.intake)
    triaged = client.post(f"/api/tips/{tip.pk}/triage/", {"version": 1, "priority": "urgent"}, JSON)
    assert triaged.status_code == 200 and triaged.json()["status"] == "triaged"
    forwarded = client.post(f"/api/tips/{tip.pk}/forward/", {"version": 2, "to_agency": world.police.pk}, JSON)
    assert forwarded.status_code == 200 and forwarded.json()["forwarded_to"] == world.police.pk
    case = new_case()
    police = force_sign_in(world.police_officer)
    linked = police.post(f"/api/tips/{tip.pk}/link-case/", {"version": 3, "case_number": case.number}, JSON)
    assert linked.status_code == 200 and linked.json()["linked_case"] == str(case.pk)
    assert CaseEvent.objects.filter(case=case, kind="tip_linked").count() == 1
    # A linked tip is final.
    closed = police.post(f"/api/tips/{tip.pk}/close/", {"version": 4, "reason": "duplicate"}, JSON)
    assert closed.status_code == 409


def test_action_bad_input_and_conflicts(world, new_tip, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.intake)
    for url, body, field in [
        ("triage", {"version": 1, "priority": "very"}, "priority"),
        ("triage", {"priority": "low"}, "version"),
        ("forward", {"version": 1, "to_agency": 987654}, "to_agency"),
        ("forward", {"version": 1, "to_agency": world.hotline.pk}, "to_agency"),  # its own agency
        ("link-case", {"version": 1, "case_number": "92-2026-000999"}, "case_number"),
        ("close", {"version": 1, "reason": "bored"}, "reason"),
        ("close", {"version": 1, "reason": "other"}, "note"),
    ]:
        response = client.post(f"/api/tips/{tip.pk}/{url}/", body, JSON)
        assert response.status_code == 400 and field in response.json(), (url, body, response.content)
    tip.refresh_from_db()
    assert tip.version == 1 and tip.status == "new"
    stale = client.post(f"/api/tips/{tip.pk}/close/", {"version": 7, "reason": "duplicate"}, JSON)
    assert stale.status_code == 409 and "Người khác đã thay đổi hồ sơ này" in stale.json()["detail"]
    tip.refresh_from_db()
    assert tip.status == "new"


def test_reveal_through_the_api(world, new_tip, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.intake)
    assert client.post(f"/api/tips/{tip.pk}/reveal/", {"reason": "ngắn"}, JSON).status_code == 400
    response = client.post(f"/api/tips/{tip.pk}/reveal/", {"reason": "Cần gọi lại cho gia đình"}, JSON)
    assert response.status_code == 200
    assert response.json()["subject_name"] == SUBJECT and response.json()["summary"] == SUMMARY
    assert AuditEvent.objects.filter(action="reveal", object_id=str(tip.pk)).count() == 1


def _register_json(world, **overrides):
    data = {
        "commune": world.commune_a.code,
        "category": "at_risk",
        "full_name": "Lò Văn Sáng",
        "birth_year": 2006,
        "sex": "male",
        "since": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def test_register_create_list_update_and_link(world, new_case, force_sign_in):
    client = force_sign_in(world.commune_officer)
    created = client.post("/api/register-entries/", _register_json(world), JSON)
    assert created.status_code == 201, created.content
    entry = created.json()
    assert entry["name"] == "Lò V. S." and entry["province"] == 92
    assert client.get("/api/register-entries/", {"q": "sang"}).json()["count"] == 1
    assert client.get("/api/register-entries/", {"category": "missing_person"}).json()["count"] == 0
    url = f"/api/register-entries/{entry['id']}/"
    updated = client.patch(url, {"version": 1, "status": "found_safe"}, JSON)
    assert updated.status_code == 200 and updated.json()["status"] == "found_safe"
    saved = RegisterEntry.objects.get(pk=entry["id"])
    assert saved.full_name == "Lò Văn Sáng" and saved.birth_year == 2006 and saved.version == 2
    stale = client.patch(url, {"version": 1, "status": "closed"}, JSON)
    assert stale.status_code == 409
    bad = client.patch(url, {"version": 2, "since": "2999-01-01"}, JSON)
    assert bad.status_code == 400 and "since" in bad.json()
    saved.refresh_from_db()
    assert saved.status == "found_safe" and saved.version == 2
    case = new_case()
    police = force_sign_in(world.police_officer)
    link = police.post(f"{url}link-case/", {"version": 2, "case_number": case.number}, JSON)
    assert link.status_code == 200 and link.json()["linked_case"] == str(case.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"since": "2999-01-01"}, "since"),
        ({"since": "31/02/2026"}, "since"),
        ({"commune": 99999999}, "commune"),
        ({"category": "suspect"}, "category"),
        ({"birth_year": "nineteen"}, "birth_year"),
    ],
)
def test_register_bad_input_is_400_and_changes_nothing(world, force_sign_in, overrides, field):
    client = force_sign_in(world.commune_officer)
    response = client.post("/api/register-entries/", _register_json(world, **overrides), JSON)
    assert response.status_code == 400 and field in response.json(), response.content
    assert RegisterEntry.objects.count() == 0


def test_register_commune_outside_the_agencys_area_is_400(world, force_sign_in):
    client = force_sign_in(world.commune_officer)
    for commune in (world.commune_b, world.commune_elsewhere):
        response = client.post("/api/register-entries/", _register_json(world, commune=commune.code), JSON)
        assert response.status_code == 400 and "commune" in response.json()
    assert RegisterEntry.objects.count() == 0


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    for path in ("/api/tips/", "/api/tips/{tip_id}/close/", "/api/register-entries/{entry_id}/"):
        assert path in text
