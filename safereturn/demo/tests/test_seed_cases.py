"""``seed_demo --cases``: realistic, deterministic, idempotent synthetic cases, and a manifest that matches them."""

import datetime
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from safereturn.cases import duplicates, vocab
from safereturn.cases.models import (
    LIST_COPIES,
    Case,
    CaseEvent,
    CaseParticipant,
    Consent,
    Person,
    PersonNameKey,
)
from safereturn.core import name_keys
from safereturn.core.models import NumberSequence
from safereturn.demo import cases as demo_cases
from safereturn.demo.officers import DEMO_PROVINCES
from safereturn.testing.fixtures import built_once, per_test_copy

SEED = 11
UNTIL = "2026-06-30"
RECEIVING_TYPES = {"commune_committee", "commune_police", "province_police", "border_guard"}

pytestmark = pytest.mark.django_db


def _seed(tmp_path, name="manifest.json", cases=200, seed=SEED, *options):
    path = tmp_path / name
    call_command(
        "seed_demo",
        "--cases",
        str(cases),
        "--seed",
        str(seed),
        "--until",
        UNTIL,
        "--manifest",
        str(path),
        "--quiet-logins",
        *options,
        verbosity=0,
    )
    return json.loads(path.read_text(encoding="utf-8"))


def _delete_cases():
    Case.objects.all().delete()  # participants, events and consents go with their case
    Person.objects.all().delete()
    NumberSequence.objects.filter(series="case").delete()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """``seed_demo --cases 200 --seed 11``, run once for a class's tests: its manifest."""
    folder = tmp_path_factory.mktemp("seeded")
    yield from built_once(django_db_blocker, lambda: _seed(folder))


@pytest.fixture
def manifest(seeded, db):
    return per_test_copy(seeded)


class TestTheSeededDemo:
    """The same 200 seeded cases for each test (seeded once; each test's own changes rolled back)."""

    def test_seeds_cases_with_persons_participants_events_and_consents(self, manifest):
        assert Case.objects.count() == 200 == len(manifest["cases"])
        persons = Person.objects.count()
        assert persons == Case.objects.values("person").distinct().count()
        assert 180 <= persons <= 200
        assert CaseEvent.objects.filter(kind=vocab.EventKind.CASE_CREATED).count() == 200
        assert CaseParticipant.objects.filter(role=vocab.ParticipantRole.RECEIVER).count() == 200
        assert CaseParticipant.objects.count() > 200
        assert 150 <= Consent.objects.count() < 200  # most cases, not all
        assert CaseEvent.objects.filter(kind=vocab.EventKind.CONSENT_RECORDED).count() == Consent.objects.count()
        for person in Person.objects.all():
            keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
            assert keys == name_keys.name_keys(person.full_name)
        assert {c["province_code"] for c in manifest["cases"]} == set(DEMO_PROVINCES)
        received = Case.objects.values_list("received_at", flat=True)
        assert min(received).date() >= datetime.date(2023, 6, 29)
        assert max(received).date() <= datetime.date(2026, 6, 30)
        children = Case.objects.filter(age_group=vocab.AgeGroup.CHILD).count()
        assert 20 <= children <= 70  # about a fifth
        statuses = set(Case.objects.values_list("status", flat=True))
        assert {"being_identified", "under_verification", "identified"} <= statuses

    def test_participations_copy_what_lists_filter_on(self, manifest):
        participants = CaseParticipant.objects.values_list("case", *LIST_COPIES.values())
        cases = {row[0]: row[1:] for row in Case.objects.values_list("pk", *LIST_COPIES)}
        assert len(participants) >= Case.objects.count() == 200  # every case has its receiver at least
        for case_id, *copies in participants:
            assert tuple(copies) == cases[case_id]

    def test_participations_stand_on_the_law_or_the_persons_consent(self, manifest):
        """As the services share a case (``cases.sharing``): the receiver on its own account, police and the
        health department (since victim support moved to it) by law, a shelter only with the person's
        consent to share with shelters; the province's lead agency takes part in every case received since
        1 March 2025."""
        bases = set()
        for p in CaseParticipant.objects.select_related("agency__agency_type", "case"):
            bases.add(p.basis)
            code = p.agency.agency_type.code
            if p.role == vocab.ParticipantRole.RECEIVER:
                assert p.basis == vocab.ShareBasis.OWN
            elif code == "social_support_facility":
                assert p.basis == vocab.ShareBasis.CONSENT
                assert p.case.consents.filter(share_with__contains="|social_support_facility|").exists()
            elif code in ("province_police", "border_guard"):
                assert p.basis == vocab.ShareBasis.LEGAL_DUTY
        assert {vocab.ShareBasis.OWN, vocab.ShareBasis.LEGAL_DUTY, vocab.ShareBasis.CONSENT} <= bases
        recent = Case.objects.filter(received_at__date__gte=datetime.date(2025, 3, 2))
        assert recent.exists()
        for case in recent:
            types = set(case.participants.values_list("agency__agency_type__code", flat=True))
            assert "health_department" in types, case.number

    def test_manifest_matches_the_database(self, manifest):
        assert manifest["users"] and {"username", "password", "agency", "roles"} <= set(manifest["users"][0])
        user_agencies = {u["agency"] for u in manifest["users"]}
        for entry in manifest["cases"]:
            case = Case.objects.select_related("receiving_agency", "person").get(pk=entry["id"])
            assert entry["number"] == case.number
            assert entry["number"].startswith(f"{case.province_id:02d}-")
            assert entry["province_code"] == case.province_id
            assert entry["receiving_agency"] == case.receiving_agency.name
            assert entry["receiving_agency"] in user_agencies
            participants = set(CaseParticipant.objects.filter(case=case).values_list("agency__name", flat=True))
            assert set(entry["participant_agencies"]) == participants
            assert len(entry["participant_agencies"]) == len(participants)
            assert participants <= user_agencies
            assert entry["person_full_name"] == case.person.full_name

    def test_same_seed_same_cases_and_rerun_does_not_duplicate(self, manifest, tmp_path):
        first = manifest
        counts = (
            Case.objects.count(),
            Person.objects.count(),
            CaseParticipant.objects.count(),
            CaseEvent.objects.count(),
        )
        again = _seed(tmp_path, "again.json")
        assert again["cases"] == first["cases"]
        assert counts == (
            Case.objects.count(),
            Person.objects.count(),
            CaseParticipant.objects.count(),
            CaseEvent.objects.count(),
        )
        _delete_cases()
        fresh = _seed(tmp_path, "fresh.json")
        assert fresh["cases"] == first["cases"]  # same UUIDs, numbers, agencies and names
        planned = list(demo_cases.plan_cases(200, seed=SEED, until=datetime.date.fromisoformat(UNTIL)))
        assert [str(c.id) for c in planned] == [c["id"] for c in first["cases"]]
        other = list(demo_cases.plan_cases(200, seed=SEED + 1, until=datetime.date.fromisoformat(UNTIL)))
        assert not {c.id for c in other} & {c.id for c in planned}

    def test_an_interrupted_run_is_completed(self, manifest, tmp_path):
        full = manifest
        Case.objects.filter(pk__in=[c["id"] for c in full["cases"][150:]]).delete()
        Person.objects.filter(cases__isnull=True).delete()
        resumed = _seed(tmp_path, "resumed.json")
        assert Case.objects.count() == 200
        assert [c["id"] for c in resumed["cases"]] == [c["id"] for c in full["cases"]]
        assert [c["person_full_name"] for c in resumed["cases"]] == [c["person_full_name"] for c in full["cases"]]

    def test_identity_columns_hold_ciphertext_only(self, manifest):
        names = {c["person_full_name"] for c in manifest["cases"]}
        table = Person._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT full_name, address, phone, id_number FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
        assert rows
        for full_name, address, phone, id_number in rows:
            assert full_name not in names and full_name.startswith("test1:")
            assert not any(part in full_name for part in ("Nguyễn", "Thị", "Văn"))
            for value in (address, phone, id_number):
                assert value == "" or value.startswith("test1:")
        assert any(row[1] for row in rows) and any(row[2] for row in rows) and any(row[3] for row in rows)

    def test_a_bulk_load_writes_the_same_rows_and_leaves_every_constraint_checked(self, manifest, tmp_path, postgresql):
        before = _case_table_constraints()
        assert sum(1 for c in before if c[2].startswith("FOREIGN KEY")) >= 15
        plain_manifest = manifest
        plain = _rows()
        _delete_cases()
        # Like with like: the plain load writes no support records, so the bulk one is asked for none either.
        bulk_manifest = _seed(tmp_path, "bulk.json", 200, SEED, "--bulk", "--without-support")
        assert bulk_manifest["cases"] == plain_manifest["cases"]
        assert _rows() == plain
        assert _case_table_constraints() == before  # the same foreign keys, by name and definition, all validated
        with pytest.raises(IntegrityError) as refused, transaction.atomic():  # and enforced again
            CaseEvent.objects.create(case_id=uuid.uuid4(), kind=vocab.EventKind.CASE_CREATED, data={})
            connection.check_constraints()
        assert "cases_caseevent_case_id" in str(refused.value)  # by the event's own foreign key


def test_cases_follow_the_demo_patterns(tmp_path):
    _seed(tmp_path, cases=600)
    for case in Case.objects.select_related("receiving_agency__agency_type", "person"):
        assert case.receiving_agency.province_id == case.province_id
        assert case.receiving_agency.agency_type.code in RECEIVING_TYPES
        assert (case.route == vocab.Route.CROSS_BORDER) == bool(case.destination_country)
        if case.channel == vocab.Channel.OFFICIAL_HANDOVER:
            assert case.handover_place
        if "forced_marriage" in case.exploitation_list:
            assert case.destination_country == "CN" and case.person_sex == vocab.Sex.FEMALE
        words = case.person.full_name.split()
        assert len(words) == len(set(words)) == 3
        middle = words[1]
        if middle == "Thị":
            assert case.person.sex == vocab.Sex.FEMALE
        if middle == "Văn":
            assert case.person.sex == vocab.Sex.MALE
    dong_thap = Case.objects.filter(province_id=82)
    self_return = dong_thap.filter(channel=vocab.Channel.SELF_RETURN)
    assert self_return.count() > dong_thap.count() / 4
    assert self_return.filter(destination_country="KH").count() > self_return.count() * 0.8
    assert Case.objects.filter(responsible_agency__agency_type__code="health_department").count() > 300
    assert Person.objects.filter(cases__isnull=False).distinct().count() < Case.objects.count()  # re-trafficked


def test_near_duplicate_persons_are_found_by_the_duplicate_finder(tmp_path):
    until = datetime.date.fromisoformat(UNTIL)
    _seed(tmp_path, cases=1500)
    planned = list(demo_cases.plan_cases(1500, seed=SEED, until=until))
    near = [c for c in planned if c.person.duplicate_of is not None]
    assert near, "the plan should re-record some persons under a differently typed name"
    found = 0
    for case in near:
        stored = Case.objects.select_related("person").get(pk=case.id).person
        assert stored.full_name == case.person.full_name != case.person.duplicate_of.full_name
        candidates = duplicates.find_candidates(
            full_name=stored.full_name, birth_year=stored.birth_year, exclude_person_id=stored.pk, limit=50
        )
        original = {c.person.full_name for c in candidates}
        found += case.person.duplicate_of.full_name in original
    assert found >= len(near) / 2


def _case_table_constraints():
    tables = [m._meta.db_table for m in demo_cases.WRITTEN_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
            " WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        return cursor.fetchall()


def _rows():
    return (
        sorted(Case.objects.values_list("id", "number", "person__full_name", "status", "receiving_agency")),
        sorted(CaseParticipant.objects.values_list("case", "agency", "role")),
        # The demo's support records are made through the ledger's services at the time of seeding, after the
        # case seeder: their events carry that time, not the seeder's.
        sorted(CaseEvent.objects.exclude(kind__startswith="support_").values_list("case", "kind", "occurred_at")),
        sorted(Consent.objects.values_list("case", "processing", "given_on")),
        PersonNameKey.objects.count(),
    )


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("a bulk load is PostgreSQL's")


def test_a_failed_bulk_load_leaves_the_tables_as_they_were(tmp_path, postgresql, monkeypatch):
    _seed(tmp_path, "first.json", 50)
    rows, before = _rows(), _case_table_constraints()
    write = demo_cases.CaseSeeder._write
    calls = []

    def fail_on_the_second_chunk(self, cases):
        calls.append(len(cases))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return write(self, cases)

    monkeypatch.setattr(demo_cases.CaseSeeder, "_write", fail_on_the_second_chunk)
    with pytest.raises(RuntimeError, match="disk full"):
        _seed(tmp_path, "second.json", 250, SEED, "--bulk", "--chunk-size", "100")
    assert len(calls) == 2  # the first chunk of new cases was written, then undone
    assert _rows() == rows
    assert _case_table_constraints() == before


def test_bulk_needs_postgresql(tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("the refusal is for other databases")
    with pytest.raises(CommandError, match="--bulk needs PostgreSQL"):
        _seed(tmp_path, "bulk.json", 10, SEED, "--bulk")
    assert not Case.objects.exists()
