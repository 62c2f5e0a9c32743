"""The duplicate finder on a labelled synthetic set: variants of known people must be found,
different people who share a common name must not."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from faker import Faker
from unidecode import unidecode

from safereturn.cases import duplicates
from safereturn.cases.models import Person, PersonNameKey
from safereturn.core import name_keys

pytestmark = pytest.mark.django_db


def _store(full_name, birth_year, id_number="", sex="female"):
    person = Person.objects.create(
        full_name=full_name,
        birth_year=birth_year,
        sex=sex,
        id_number=id_number,
        id_number_index=name_keys.id_index(id_number),
    )
    PersonNameKey.objects.bulk_create([PersonNameKey(person=person, key=k) for k in name_keys.name_keys(full_name)])
    return person


def _typo(name, rng):
    """Drop or double a vowel, or swap two adjacent letters, in the given name."""
    parts = name.split()
    given = parts[-1]
    vowels = [i for i, ch in enumerate(given) if ch.lower() in "aeiouyăâêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ"]
    choice = rng.choice(["drop", "swap"]) if len(given) > 3 else "swap"
    if choice == "drop" and vowels:
        i = rng.choice(vowels)
        given = given[:i] + given[i + 1 :]
    elif len(given) > 2:
        i = rng.randrange(1, len(given) - 1)
        given = given[:i] + given[i + 1] + given[i] + given[i + 2 :]
    return " ".join(parts[:-1] + [given])


def _labelled_set(seed=7, people=60):
    fake, rng = Faker("vi_VN"), random.Random(seed)
    fake.seed_instance(seed)
    known, queries = [], []
    used = set()
    while len(known) < people:
        first = fake.first_name_female()
        name = f"{fake.last_name()} {fake.middle_name()} {first}"
        if name in used or len(first) < 3:
            continue
        used.add(name)
        year = rng.randint(1975, 2010)
        id_number = f"0{rng.randint(10**10, 10**11 - 1)}"
        person = _store(name, year, id_number)
        known.append(person)
        parts = name.split()
        queries += [
            ("accents dropped", unidecode(name), year, "", person),
            ("given name first", " ".join(parts[-1:] + parts[:-1]), year, "", person),
            ("born a year later", name, year + 1, "", person),
            ("small typo", _typo(name, rng), year, "", person),
            ("same ID, other spelling", unidecode(parts[0]) + " " + parts[-1], year, id_number, person),
        ]
    return known, queries


def test_finds_variants_of_known_people_with_good_precision_and_recall(capsys):
    _known, queries = _labelled_set()
    tp = fp = fn = 0
    missed = {}
    for label, name, year, id_number, truth in queries:
        found = duplicates.find_candidates(full_name=name, birth_year=year, id_number=id_number, limit=3)
        if found and found[0].person.pk == truth.pk:
            tp += 1
            fp += sum(1 for c in found[1:] if c.score >= 90)
        else:
            fn += 1
            missed[label] = missed.get(label, 0) + 1
            fp += sum(1 for c in found if c.person.pk != truth.pk)
    precision, recall = tp / max(tp + fp, 1), tp / len(queries)
    with capsys.disabled():
        print(
            f"\nduplicate finder: {len(queries)} queries, precision {precision:.3f}, recall {recall:.3f}, "
            f"missed by kind {missed}"
        )
    assert recall >= 0.9, missed
    assert precision >= 0.9


def test_ignores_different_people_with_the_same_common_name():
    _store("Nguyễn Thị Lan", 1985, "012345678901")
    _store("Nguyễn Thị Hoa", 2004, "012345678902")
    found = duplicates.find_candidates(full_name="Nguyễn Thị Lan", birth_year=2004, id_number="098765432100")
    assert found == []
    # Same name, same year, no other evidence: flagged for the officer to decide.
    assert [c.person.birth_year for c in duplicates.find_candidates(full_name="Nguyen Thi Lan", birth_year=1985)] == [
        1985
    ]


def test_blocking_reads_blind_indexes_not_names():
    person = _store("Trần Thị Bích Ngọc", 1999)
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert all(len(k) == 32 and "ngoc" not in k for k in keys)
    assert name_keys.search_keys("ngoc bich tran") <= keys


# ---- at scale: what the finder reads is capped, so the cap must keep the likeliest records ----------


def test_a_typo_is_found_behind_a_block_larger_than_the_cap(monkeypatch):
    """Every 'Lan' born that year shares the rare token; the record sharing the family and middle
    names too ranks first in the block, whatever the cap and the order of the rows."""
    monkeypatch.setattr(duplicates, "MAX_BLOCK", 3)
    truth = _store("Nguyễn Thị Lna", 1995)  # letters swapped: no key of 'lan' but its sorted letters
    for family, middle in [("Trần", "Ngọc"), ("Lê", "Mai"), ("Phạm", "Xuân"), ("Vũ", "Bảo"), ("Đặng", "Hải")] * 2:
        _store(f"{family} {middle} Lan", 1995)
    found = duplicates.find_candidates(full_name="Nguyễn Thị Lan", birth_year=1995)
    assert found and found[0].person.pk == truth.pk and found[0].reasons == ["name"]


def test_a_vowel_dropped_from_a_rare_family_name_is_found(monkeypatch):
    monkeypatch.setattr(duplicates, "MAX_BLOCK", 3)
    truth = _store("Trnh Văn Hùng", 1990)  # 'Trịnh' typed without its vowel: only the consonants meet
    for family in ["Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi"]:
        _store(f"{family} Văn Hùng", 1990)
    found = duplicates.find_candidates(full_name="Trịnh Văn Hùng", birth_year=1990)
    assert truth.pk in [c.person.pk for c in found]


def test_the_same_id_number_ranks_first_among_many_namesakes():
    for _ in range(12):
        _store("Nguyễn Thị Lan", 1990)
    truth = _store("Nguyen Lan", 1990, id_number="012345678901")
    found = duplicates.find_candidates(full_name="Nguyễn Thị Lan", birth_year=1990, id_number="012 345 678 901")
    assert len(found) == 10
    assert found[0].person.pk == truth.pk and "id_number" in found[0].reasons


def test_namesakes_born_the_same_year_settle_the_check_without_reading_the_token_block(monkeypatch):
    exact = {_store("Lâm Văn Tài", 2003).pk for _ in range(3)}
    _store("Lâm Văn Tà", 2003)  # a typo: found only through the token block
    calls = []
    real = duplicates._token_block
    monkeypatch.setattr(duplicates, "_token_block", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    found = duplicates.find_candidates(full_name="Tài Lâm Văn", birth_year=2003, limit=3)
    assert {c.person.pk for c in found} == exact and calls == []
    # With room for more, the block is read and the typo comes after the exact names.
    found = duplicates.find_candidates(full_name="Tài Lâm Văn", birth_year=2003, limit=10)
    assert len(calls) == 1 and len(found) == 4 and found[-1].person.pk not in exact


def test_year_window_unknown_year_merged_and_excluded_persons():
    same = _store("Hồ Xuân Hương", 1990)
    unknown = _store("Ho Xuan Huong", None)
    next_year = _store("Hương Hồ Xuân", 1991)
    _store("Hồ Xuân Hương", 1993)  # two years off, no other evidence
    merged = _store("Hồ Xuân Hương", 1990)
    Person.objects.filter(pk=merged.pk).update(merged_into=same)
    found = duplicates.find_candidates(full_name="Ho Xuan Huong", birth_year=1990, exclude_person_id=next_year.pk)
    assert {c.person.pk for c in found} == {same.pk, unknown.pk}
    assert found[0].person.pk == same.pk  # the same year scores higher
    # Without a year of birth every namesake is a candidate, but not a merged record.
    found = duplicates.find_candidates(full_name="Hồ Xuân Hương")
    assert merged.pk not in {c.person.pk for c in found} and len(found) == 4


def test_only_names_are_decrypted_for_scoring():
    _store("Trần Thị Bích Ngọc", 1999, id_number="079199001234")
    with CaptureQueriesContext(connection) as queries:
        (found,) = duplicates.find_candidates(full_name="Tran Thi Bich Ngoc", birth_year=1999)
    assert found.person.get_deferred_fields() >= {"id_number", "phone", "address", "date_of_birth", "relatives"}
    person_reads = [q["sql"] for q in queries if 'FROM "cases_person"' in q["sql"]]
    # The exact evidence's persons scored, the block's scored, the one shown read as a record.
    assert 1 <= len(person_reads) <= 3
    for sql in person_reads:
        selected = sql.split(" FROM ")[0]
        for column in ("id_number", "phone", "address", "date_of_birth", "relatives", "other_names"):
            assert f'"{column}"' not in selected, sql


def _parallel_setting_after_a_check(set_statement):
    """Set the parallel setting, run a check that reads the token block, and give the setting after it."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    truth = _store("Lâm Văn Tà", 2003)
    with connection.cursor() as cursor:
        cursor.execute(set_statement)
        try:
            found = duplicates.find_candidates(full_name="Lâm Văn Tài", birth_year=2003)
            cursor.execute("SHOW max_parallel_workers_per_gather")
            after = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET max_parallel_workers_per_gather")
    assert [c.person.pk for c in found] == [truth.pk]
    return after


def test_the_token_block_leaves_the_parallel_setting_as_it_found_it():
    """It runs without parallel workers (PostgreSQL), and a caller's transaction keeps its own setting."""
    assert _parallel_setting_after_a_check("SET LOCAL max_parallel_workers_per_gather = 3") == "3"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_token_block_leaves_the_session_setting_alone():
    assert _parallel_setting_after_a_check("SET max_parallel_workers_per_gather = 1") == "1"
