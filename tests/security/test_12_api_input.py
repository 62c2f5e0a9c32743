"""Finding 12 (API input): a retried intake creates one case; out-of-range numbers and dates and
JSON nested too deep are 400s, not server errors; unknown fields and overlong text are refused and
change nothing."""

import datetime
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from safereturn.audit.models import AuditEvent
from safereturn.cases.forms import IntakeForm
from safereturn.cases.models import Case, CaseNote, Person
from safereturn.core import idempotency
from safereturn.core.api import InputSerializer
from safereturn.core.models import IdempotencyKey, NumberSequence
from safereturn.core.tasks import forget_expired_idempotency_keys
from safereturn.testing.factories import IdempotencyKeyFactory

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def api(force_sign_in):
    """The test client, signed in as the Phú Lợi ward's intake officer."""
    return force_sign_in("intake")


def post_json(client, url, body, **headers):
    payload = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, payload, content_type="application/json", headers=headers)


# ---- Idempotency-Key ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [GOOD, {**GOOD, "confirm_new_person": True, "new_person_reason": "Khác quê"}],
    ids=["plain", "confirmed-new-person"],
)
def test_a_retried_intake_with_its_key_creates_one_case_and_replays_the_answer(api, body):
    """With ``confirm_new_person`` (the officer already answered the duplicate question) a retry used to
    open a second case; without it, to answer 409 about the person the first request recorded."""
    first = post_json(api, "/api/cases/", body, **{"Idempotency-Key": "intake-7f3a"})
    assert first.status_code == 201, first.content
    # The connection dropped: the client sends the same request again (keys in another order).
    again = post_json(api, "/api/cases/", dict(reversed(body.items())), **{"Idempotency-Key": "intake-7f3a"})
    assert again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"] and again.json()["number"] == first.json()["number"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1 and Person.objects.count() == 1
    assert IdempotencyKey.objects.get().result_id == first.json()["id"]


def test_the_same_key_with_another_body_is_refused(api):
    assert post_json(api, "/api/cases/", GOOD, **{"Idempotency-Key": "k-1"}).status_code == 201
    other = post_json(api, "/api/cases/", {**GOOD, "risk_level": "high"}, **{"Idempotency-Key": "k-1"})
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]
    assert Case.objects.count() == 1


def test_keys_belong_to_one_officer(api, force_sign_in):
    post_json(api, "/api/cases/", GOOD, **{"Idempotency-Key": "shared"})
    other = force_sign_in("hotline_intake", client=Client())
    body = {**GOOD, "full_name": "Le Van Binh", "sex": "male", "birth_year": 1990}
    response = post_json(other, "/api/cases/", body, **{"Idempotency-Key": "shared"})
    assert response.status_code == 201, response.content
    assert Case.objects.count() == 2


def test_a_bad_key_is_a_400(api):
    response = post_json(api, "/api/cases/", GOOD, **{"Idempotency-Key": "x" * 256})
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert Case.objects.count() == 0


def test_a_request_that_failed_leaves_no_key(api):
    bad = post_json(api, "/api/cases/", {**GOOD, "risk_level": "extreme"}, **{"Idempotency-Key": "k-2"})
    assert bad.status_code == 400 and not IdempotencyKey.objects.exists()
    assert post_json(api, "/api/cases/", GOOD, **{"Idempotency-Key": "k-2"}).status_code == 201


def test_expired_keys_are_forgotten_by_the_hourly_task(settings):
    settings.SAFERETURN_IDEMPOTENCY_KEY_HOURS = 24
    old = IdempotencyKeyFactory(created_at=timezone.now() - datetime.timedelta(hours=25))
    fresh = IdempotencyKeyFactory()
    assert forget_expired_idempotency_keys.call_local() == 1
    assert list(IdempotencyKey.objects.all()) == [fresh]
    assert not IdempotencyKey.objects.filter(pk=old.pk).exists()


def test_an_expired_key_runs_the_request_again(api, personas):
    IdempotencyKeyFactory(
        key="old",
        case__created_by=personas.intake,
        created_at=timezone.now() - datetime.timedelta(hours=25),
        payload=GOOD,
    )
    before = Case.objects.count()
    response = post_json(
        api,
        "/api/cases/",
        {**GOOD, "confirm_new_person": True, "new_person_reason": "Khác quê"},
        **{"Idempotency-Key": "old"},
    )
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert Case.objects.count() == before + 1
    assert IdempotencyKey.objects.get(key="old").result_id == response.json()["id"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_create_one_record(make_officer):
    """Both requests find no key and run; the second's key waits for the first's commit, fails on the
    unique constraint, rolls its record back and replays the first."""
    # An earlier transactional test may have flushed the reference tables.
    call_command("load_geography", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    user = make_officer("intake_officer")
    both_running, outcomes = threading.Barrier(2), []

    def action():
        both_running.wait(timeout=10)
        row = NumberSequence.objects.create(series="kit-idempotency", scope=str(threading.get_ident()), year=2026)
        return idempotency.Created(row.pk, 201)

    def request():
        try:
            outcomes.append(
                idempotency.run_once(user=user, scope="kit", key="retry-1", payload={"a": 1}, action=action)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.replayed for o in outcomes) == [False, True]
    assert outcomes[0].result_id == outcomes[1].result_id
    assert NumberSequence.objects.filter(series="kit-idempotency").count() == 1
    assert IdempotencyKey.objects.filter(key="retry-1").count() == 1


def test_the_fingerprint_ignores_key_order():
    assert idempotency.fingerprint({"a": 1, "b": [1, 2]}) == idempotency.fingerprint({"b": [1, 2], "a": 1})


# ---- out-of-range input: 400, not a server error -------------------------------------------------


@pytest.mark.parametrize("field", ["province", "commune", "home_province", "birth_year", "accompanying_children"])
def test_a_number_past_any_column_is_a_400(api, field):
    response = post_json(api, "/api/cases/", {**GOOD, field: 10**20})
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "query, field",
    [
        ("received_to=9999-12-31", "received_to"),
        ("received_from=0001-01-01", "received_from"),
        ("commune_id=100000000000000000000", "commune_id"),
    ],
)
def test_out_of_range_list_filters_are_a_400(api, query, field):
    response = api.get(f"/api/cases/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_json_nested_100000_deep_is_a_400_with_a_message(api, settings):
    settings.LANGUAGE_CODE = "en"
    deep = "[" * 100_000 + "]" * 100_000
    response = post_json(api, "/api/cases/", deep)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert Case.objects.count() == 0


def test_json_nested_past_the_limit_is_a_400_in_vietnamese(api, settings):
    settings.SAFERETURN_API_MAX_JSON_DEPTH = 20
    body = {**GOOD, "other_names": json.loads("[" * 30 + "]" * 30)}
    response = post_json(api, "/api/cases/", body, **{"Accept-Language": "vi"})
    assert response.status_code == 400
    assert "lồng" in response.json()["detail"]


# ---- unknown fields ------------------------------------------------------------------------------


def test_an_unknown_intake_field_is_refused_by_name(api):
    before = AuditEvent.objects.filter(action="create").count()
    response = post_json(api, "/api/cases/", {**GOOD, "priority": "high", "riskLevel": "low"})
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"priority", "riskLevel"}
    assert Case.objects.count() == 0
    assert AuditEvent.objects.filter(action="create").count() == before


def test_an_unknown_field_in_a_change_is_refused_and_nothing_changes(api, make_case):
    case = make_case()
    response = api.patch(
        f"/api/cases/{case.pk}/",
        {"version": case.version, "risk_level": "high", "status": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 400 and list(response.json()) == ["status"]
    case.refresh_from_db()
    assert case.risk_level == "low" and case.status != "closed"


def test_every_request_body_is_read_by_an_input_serializer():
    """Each API operation that takes a body validates it with an ``InputSerializer`` (unknown fields
    refused, numbers and text bounded); one that takes none declares ``request=None``."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    checked, offenders = 0, []
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        if method not in ("POST", "PUT", "PATCH"):
            continue
        serializer = view.schema.get_request_serializer()
        if serializer is None:
            continue
        if isinstance(serializer, dict):  # {"multipart/form-data": Serializer}
            serializer = next(iter(serializer.values()))
        cls = serializer if isinstance(serializer, type) else type(serializer)
        checked += 1
        if not issubclass(cls, InputSerializer):
            offenders.append(f"{method} {path}: {cls.__name__}")
    assert checked >= 20
    assert offenders == []


# ---- free text has limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, length", [("circumstances", 5001), ("risk_notes", 2001), ("full_name", 151), ("address", 256)]
)
def test_overlong_intake_text_is_a_400_and_nothing_is_recorded(api, field, length):
    response = post_json(api, "/api/cases/", {**GOOD, field: "a" * length})
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_overlong_note_is_a_400_and_nothing_changes(api, make_case):
    case = make_case()
    response = post_json(api, f"/api/cases/{case.pk}/notes/", {"category": "general", "body": "a" * 5001})
    assert response.status_code == 400 and "body" in response.json()
    assert not CaseNote.objects.filter(case=case).exists()


def test_the_intake_page_form_limits_its_free_text_too():
    form = IntakeForm({"circumstances": "a" * 5001, "risk_notes": "a" * 2001})
    form.is_valid()
    assert "circumstances" in form.errors and "risk_notes" in form.errors


def test_a_text_field_without_its_own_limit_gets_the_api_default():
    """``TransitionInputSerializer.reason`` and the like have limits; a field declared without one gets
    ``core.api.TEXT_MAX_LENGTH``."""

    class Probe(InputSerializer):
        text = serializers.CharField()
        number = serializers.IntegerField()

    probe = Probe(data={"text": "a" * 5001, "number": 2**40})
    assert not probe.is_valid()
    assert set(probe.errors) == {"text", "number"}


# ---- the schema documents what the API answers --------------------------------------------------


def test_every_operation_documents_its_error_answers():
    """What schemathesis' status-code check holds the running API to (``make schema-test``)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= codes, (method, path, codes)
            if method in ("post", "put", "patch", "delete"):
                assert "409" in codes, (method, path, codes)
    intake = schema["paths"]["/api/cases/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in intake["parameters"] if p["in"] == "header"]
