"""The bulk seeder's support records and shelter stays (``support_bulk``): each one the services would accept,
the shelters never over their places, and the same rows for the same seed."""

import collections
import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from safereturn.cases.models import Case, CaseParticipant
from safereturn.demo import cases as demo_cases
from safereturn.demo import shelters as demo_shelters
from safereturn.shelters.models import FacilityPlaces, Stay
from safereturn.support import entitlements as engine
from safereturn.support import vocab
from safereturn.support.models import SpendingMonth, SupportDecision, SupportRecord
from safereturn.testing.fixtures import built_once, per_test_copy

SEED = 5
UNTIL = datetime.date(2026, 6, 30)
CASES = 600

pytestmark = pytest.mark.django_db


def _build():
    call_command("seed_demo", "--quiet-logins", verbosity=0)  # the directory, the rule rows, the places
    demo_shelters.seed_places()
    rows = []
    counts = demo_cases.seed_cases(CASES, seed=SEED, until=UNTIL, chunk_size=200, support=True, on_manifest=rows.extend)
    # The demo's own ledger (a few cases, through the services) is left out of these checks.
    seeded = set(Case.objects.values_list("pk", flat=True))
    return {"counts": dict(counts), "manifest": rows, "cases": seeded}


@pytest.fixture(scope="module")
def seeded_support(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _build)


@pytest.fixture
def seeded(seeded_support, db):
    return per_test_copy(seeded_support)


def test_about_a_third_of_the_cases_have_a_ledger_of_realistic_length(seeded):
    per_case = collections.Counter(SupportRecord.objects.values_list("case_id", flat=True))
    assert 0.25 <= len(per_case) / CASES <= 0.45
    assert max(per_case.values()) <= 40
    lengths = sorted(per_case.values())
    assert 5 <= lengths[len(lengths) // 2] <= 20  # most ledgers are short
    assert seeded["counts"]["support records"] == sum(per_case.values())
    listed = {row["id"]: row.get("support_records", 0) for row in seeded["manifest"]}
    assert {str(k): v for k, v in per_case.items()} == {k: v for k, v in listed.items() if v}
    items = set(SupportRecord.objects.values_list("item_code", flat=True))
    assert {"clothing", "hardship_allowance", "medical_care"} <= items
    assert items & {"food", "food_shelter"}
    assert set(SupportRecord.objects.values_list("funding_source", flat=True)) >= {"state_budget", "donor"}


def test_every_record_is_one_the_services_would_accept(seeded):
    """Entitled on the rules of the day received, within its cap and the rate in force, by an agency taking part,
    no day of an item given twice; cash approved by someone else than the recorder, or still waiting."""
    records = collections.defaultdict(list)
    for entry in SupportRecord.objects.all():
        records[entry.case_id].append(entry)
    for case in Case.objects.filter(pk__in=list(records)).select_related("person"):
        answers = {a.item_code: a for a in engine.for_case(case, on=UNTIL)}
        taking_part = set(CaseParticipant.objects.filter(case=case).values_list("agency_id", flat=True))
        days = collections.defaultdict(set)
        for entry in records[case.pk]:
            _check_record(case, entry, answers[entry.item_code], taking_part, days[entry.item_code])
        for answer in answers.values():
            if answer.cap_units is not None and answer.unit != vocab.Unit.DAY:
                assert answer.given <= answer.cap_units, (case.number, answer.item_code)


def _check_record(case, entry, answer, taking_part, days):
    assert answer.entitled, (case.number, entry.item_code)
    assert entry.recording_agency_id in taking_part
    assert entry.date_from >= case.received_at.astimezone(datetime.UTC).date() - datetime.timedelta(days=1)
    assert entry.date_from <= entry.date_to <= UNTIL
    if answer.until is not None:
        assert entry.date_to <= answer.until, (case.number, entry.item_code)
    if entry.unit_rate and answer.amount_per_unit and not answer.minimum:
        assert entry.unit_rate <= answer.amount_per_unit
    if entry.amount:
        assert entry.amount == entry.quantity * entry.unit_rate and entry.amount_in_words.endswith("đồng")
    if answer.unit == vocab.Unit.DAY:
        span = {entry.date_from + datetime.timedelta(days=d) for d in range((entry.date_to - entry.date_from).days + 1)}
        assert not span & days and entry.quantity == len(span)
        days |= span
    if entry.status == vocab.RecordStatus.APPROVED:
        assert entry.approved_by_id and entry.approved_by_id != entry.recorded_by_id


def test_decisions_extend_only_extendable_caps(seeded):
    for decision in SupportDecision.objects.select_related("case"):
        assert decision.kind == vocab.DecisionKind.EXTEND_CAP and decision.item_code == "food"
        assert decision.reason and decision.extra_units in (30, 60)


def test_free_text_is_encrypted_at_rest(seeded):
    entry = next((e for e in SupportRecord.objects.filter(item_code="medical_care") if e.outcome), None)
    assert entry is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome FROM support_supportrecord WHERE id = %s", [entry.pk])
        raw = cursor.fetchone()[0]
    assert raw != entry.outcome and entry.outcome not in raw


def test_shelters_are_never_over_their_places_and_nobody_stays_twice_at_once(seeded):
    stays = list(Stay.objects.select_related("case"))
    assert stays
    places = {(p.facility_id, p.group): p.places for p in FacilityPlaces.objects.all()}
    for stay in stays:
        if stay.discharged_on:
            assert stay.discharge_reason and stay.admitted_on < stay.discharged_on <= UNTIL
        assert stay.allowed_until >= stay.admitted_on
        # The centre takes part in the case of everyone it houses.
        assert CaseParticipant.objects.filter(case=stay.case, agency_id=stay.facility_id).exists()
        same_day = [
            s
            for s in stays
            if (s.facility_id, s.group) == (stay.facility_id, stay.group)
            and s.admitted_on <= stay.admitted_on
            and (s.discharged_on is None or s.discharged_on > stay.admitted_on)
        ]
        assert len(same_day) <= places[(stay.facility_id, stay.group)]
        overlapping = [
            s
            for s in stays
            if s.pk != stay.pk
            and s.case.person_id == stay.case.person_id
            and s.admitted_on <= stay.admitted_on
            and (s.discharged_on is None or s.discharged_on > stay.admitted_on)
        ]
        assert not overlapping


def test_the_spending_months_are_the_sums_of_the_records(seeded):
    sums = collections.defaultdict(lambda: [0, 0])
    for entry in SupportRecord.objects.filter(status__in=vocab.COUNTING_STATUSES):
        month = sums[(entry.recording_agency_id, entry.date_from.replace(day=1), entry.regime_code)]
        month[0] += entry.amount or 0
        month[1] += 1
    kept = {(a, m, r): [t, n] for a, m, r, t, n in SpendingMonth.objects.values_list(
        "agency_id", "month", "regime_code", "total", "records")}  # fmt: skip
    assert kept and kept == dict(sums)
