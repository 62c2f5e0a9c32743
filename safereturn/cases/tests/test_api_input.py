"""Malformed API bodies get field-level messages and change nothing."""

import pytest

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(force_sign_in):
    """The test client, signed in as the Phú Lợi ward's intake officer."""
    return force_sign_in("intake")


GOOD = {
    "full_name": "Chau Thi Ngoc",
    "sex": "female",
    "birth_year": 2001,
    "channel": "self_return",
    "received_at": "2026-11-01T08:30",
    "province": 92,
    "commune": 31510,
    "route": "cross_border",
    "destination_country": "KH",
    "risk_level": "low",
    "exploitation_forms": ["forced_crime"],
}


@pytest.mark.parametrize(
    "body, field",
    [
        ("{not json", "detail"),
        ("[]", "non_field_errors"),
        ({**GOOD, "birth_year": "nineteen"}, "birth_year"),
        ({**GOOD, "received_at": "2099-01-01T00:00"}, "received_at"),
        ({**GOOD, "received_at": "yesterday"}, "received_at"),
        ({**GOOD, "commune": 999999}, "commune"),
        ({**GOOD, "commune": 20242}, "commune"),
        ({**GOOD, "exploitation_forms": ["slavery"]}, "exploitation_forms"),
        ({**GOOD, "exploitation_forms": "forced_crime"}, "exploitation_forms"),
        ({**GOOD, "destination_country": "ZZ"}, "destination_country"),
        ({k: v for k, v in GOOD.items() if k != "full_name"}, "full_name"),
    ],
)
def test_bad_intake_bodies(api, body, field):
    import json

    before = AuditEvent.objects.filter(action="create").count()
    payload = body if isinstance(body, str) else json.dumps(body)
    response = api.post("/api/cases/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert Case.objects.count() == 0 and Person.objects.count() == 0
    assert AuditEvent.objects.filter(action="create").count() == before


def test_good_intake_then_duplicate_gets_409_until_decided(api):
    first = api.post("/api/cases/", GOOD, content_type="application/json")
    assert first.status_code == 201
    again = api.post("/api/cases/", {**GOOD, "full_name": "Ngoc Chau Thi"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["candidates"][0]["person_id"] == first.json()["person"]["id"]
    linked = api.post(
        "/api/cases/", {**GOOD, "link_to_person": first.json()["person"]["id"]}, content_type="application/json"
    )
    assert linked.status_code == 201 and Person.objects.count() == 1 and Case.objects.count() == 2


def test_patch_case_needs_a_current_version(api):
    case = api.post("/api/cases/", GOOD, content_type="application/json").json()
    url = f"/api/cases/{case['id']}/"
    assert api.patch(url, {"risk_level": "high"}, content_type="application/json").status_code == 400
    assert api.patch(url, {"version": 1, "risk_level": "extreme"}, content_type="application/json").status_code == 400
    assert (
        api.patch(
            url, {"version": 1, "route": "cross_border", "destination_country": ""}, content_type="application/json"
        ).status_code
        == 400
    )
    ok = api.patch(url, {"version": 1, "risk_level": "high"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert api.patch(url, {"version": 1, "risk_level": "low"}, content_type="application/json").status_code == 409
    assert Case.objects.get().risk_level == "high"


def test_a_case_is_written_out_as_drf_would_write_it(api):
    from rest_framework import serializers

    from safereturn.cases.api import CaseSerializer

    bodies = [
        GOOD,
        {
            **GOOD,
            "full_name": "Lò Văn Páo",
            "sex": "male",
            "id_number": "092309001234",
            "phone": "0912345678",
            "channel": "rescue_abroad",
            "route": "domestic",
            "destination_country": "",
            "exploitation_forms": ["sexual", "forced_labour"],
            "recruitment_methods": ["online_social"],
            "accompanying_children": 2,
            "confirm_new_person": True,
            "new_person_reason": "Khác số định danh",
        },
    ]
    for body in bodies:
        response = api.post("/api/cases/", body, content_type="application/json")
        assert response.status_code == 201, response.content.decode()
    Case.objects.filter(person_sex="male").update(commune=None)  # as a provincial agency's intake may be
    listed = api.get("/api/cases/").json()["results"]
    assert len(listed) == 2
    serializer = CaseSerializer()
    for case in Case.objects.select_related("person", "receiving_agency"):
        written = serializer.to_representation(case)
        assert written == serializers.ModelSerializer.to_representation(serializer, case)
        assert written == next(row for row in listed if row["id"] == str(case.pk))  # the list's own read
    assert {row["person"]["id_number"] for row in listed} == {"", "•••••••••234"}
