"""Finding earlier records of the same person at intake.

Blocking uses blind indexes only (no decryption of the whole table): keys of each name
token, of its letters sorted (so 'Hoa'/'Hao' share a key) and of its consonants (so
'Huong'/'Hung' do), and the ID-number and phone indexes. Candidates found that way are
decrypted and scored with rapidfuzz; family and given names in either order, accents,
date of birth ±1 year and small typos are tolerated.
"""

import contextlib
from dataclasses import dataclass, field

from django.db import connection, transaction
from rapidfuzz import fuzz

from safereturn.core.crypto import blind_index
from safereturn.core.name_keys import id_index, name_tokens, phone_index, token_keys, whole_name_key

from .models import Person, PersonNameKey

# Name tokens so common that a match on them alone finds half the country.
COMMON_TOKENS = frozenset(
    {
        "thi",
        "van",
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "phan",
        "huu",
        "duc",
        "minh",
        "ngoc",
        "thanh",
    }
)
MAX_BLOCK = 400
PARALLEL = "max_parallel_workers_per_gather"
THRESHOLD = 80


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list = field(default_factory=list)
    # How candidates are ranked: an ID-number match first, then the score before it is capped at 100.
    rank: tuple = field(default=(), repr=False, compare=False)


def _blocking_keys(full_name):
    tokens = name_tokens(full_name)
    keys = {whole_name_key(tokens)} if tokens else set()
    for token in tokens:
        if token not in COMMON_TOKENS:
            keys |= token_keys(token)
    return keys


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


def _key_rows(keys, birth_year):
    """SQL and parameters for the (key, person_id) rows of these keys, of persons born within a year
    of ``birth_year`` or whose year is not known. Every value is a parameter."""
    keys = sorted(keys)
    nk, person = PersonNameKey._meta.db_table, Person._meta.db_table
    in_keys = f"k.key IN ({_placeholders(keys)})"
    if not birth_year:
        sql = f"SELECT k.key, k.person_id FROM {nk} k JOIN {person} p ON p.id = k.person_id WHERE {in_keys}"  # noqa: S608
        return sql + " AND p.merged_into_id IS NULL", keys
    years = [birth_year - 1, birth_year + 1]
    # Two index-only range scans of (key, birth_year, person_id); no person row is read. Merged
    # persons are dropped when the candidates are loaded.
    return (
        f"SELECT k.key, k.person_id FROM {nk} k WHERE {in_keys} AND k.birth_year BETWEEN %s AND %s "  # noqa: S608
        f"UNION ALL SELECT k.key, k.person_id FROM {nk} k WHERE {in_keys} AND k.birth_year IS NULL",
        [*keys, *years, *keys],
    )


def _whole_name_block(tokens, birth_year):
    """Persons whose name has exactly these tokens (any order, any accents): one selective key."""
    rows, params = _key_rows({whole_name_key(tokens)}, birth_year)
    sql = f"SELECT DISTINCT b.person_id FROM ({rows}) b ORDER BY b.person_id DESC LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, MAX_BLOCK])
        return [row[0] for row in cursor.fetchall()]


def _token_block(tokens, birth_year, skip):
    """The ``MAX_BLOCK`` persons sharing the most name tokens with the query, best first.

    A person enters the block through a key of an uncommon token (its spelling, its letters
    sorted or its consonants, so typos and missing accents still meet); common tokens (Nguyễn,
    Thị, Văn...) only rank the block, so 'Nguyễn Thị Lna' comes before every other 'Lan'.
    Ranked in the database by the number of the query's tokens matched, then of keys matched.
    """
    distinct = list(dict.fromkeys(tokens))
    # A token's own key adds no one its sorted letters do not already bring: block on the letters and consonants.
    keys_of = [sorted(token_keys(t) - {blind_index("name", t)}) for t in distinct]
    rare = sorted(set().union(*(keys for t, keys in zip(distinct, keys_of, strict=True) if t not in COMMON_TOKENS)))
    if not rare:
        return []
    for i, token in enumerate(distinct):
        if token in COMMON_TOKENS:
            # Within the year window a common token's own key is affordable (with the year on the key rows);
            # without a year it would be read for half the country, so it is left out.
            keys_of[i] = [blind_index("name", token)] if birth_year else []
    rows, params = _key_rows({k for keys in keys_of for k in keys}, birth_year)
    # Tokens matched, as a sum of per-token flags (hash-aggregated; COUNT(DISTINCT ...) would sort every row).
    tokens_matched = " + ".join(
        f"MAX(CASE WHEN b.key IN ({_placeholders(keys)}) THEN 1 ELSE 0 END)" for keys in keys_of if keys
    )
    skip = sorted(skip)
    not_skipped = f"WHERE b.person_id NOT IN ({_placeholders(skip)})" if skip else ""
    sql = (
        f"SELECT b.person_id FROM ({rows}) b {not_skipped} GROUP BY b.person_id "  # noqa: S608
        f"HAVING MAX(CASE WHEN b.key IN ({_placeholders(rare)}) THEN 1 ELSE 0 END) = 1 "
        f"ORDER BY {tokens_matched} DESC, COUNT(*) DESC, b.person_id DESC LIMIT %s"
    )
    params = [*params, *skip, *rare, *(k for keys in keys_of for k in keys), MAX_BLOCK]
    with _without_parallel_workers() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@contextlib.contextmanager
def _without_parallel_workers():
    """A cursor whose statements PostgreSQL plans without parallel workers.

    For the token block the planner expects a few hundred persons where there are tens of
    thousands, and shares the grouping among workers whose start and merge cost more than they
    save: at 1,000,000 cases, 35-40 ms (p50) in parallel, 25-33 ms without. The setting ends with
    the transaction; inside a caller's transaction it is put back, or the caller would keep it.
    """
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            yield cursor
            return
        nested = connection.in_atomic_block
        with transaction.atomic():
            cursor.execute(f"SELECT current_setting('{PARALLEL}'), set_config('{PARALLEL}', '0', true)")
            previous = cursor.fetchone()[0]
            yield cursor
            if nested:
                cursor.execute(f"SELECT set_config('{PARALLEL}', %s, true)", [previous])


SCORED_FIELDS = ("pk", "full_name", "birth_year", "id_number_index", "phone_index")


def _score(person_ids, *, wanted, birth_year, idx, pidx):
    """Decrypt the names of these persons (only the names) and score them against the query.

    Gives ``Candidate``s without their person (its id is the rank's last part): a block runs to
    hundreds of persons, and only the few shown are read as records.
    """
    results = []
    rows = Person.objects.filter(pk__in=person_ids, merged_into__isnull=True).values_list(*SCORED_FIELDS)
    for pk, full_name, person_birth_year, id_number_index, stored_phone_index in rows:
        reasons = []
        score = fuzz.token_sort_ratio(wanted, " ".join(sorted(name_tokens(full_name))))
        if idx and id_number_index == idx:
            score, reasons = max(score, 99), reasons + ["id_number"]
        if pidx and stored_phone_index == pidx:
            score, reasons = max(score, 90), reasons + ["phone"]
        if birth_year and person_birth_year:
            gap = abs(person_birth_year - birth_year)
            if gap > 1 and "id_number" not in reasons:
                continue
            score += 5 if gap == 0 else 0
        if score >= THRESHOLD:
            if not reasons or score > 90:
                reasons.append("name")
            rank = ("id_number" in reasons, score, pk)
            results.append(Candidate(None, min(score, 100), reasons, rank))
    return results


def _with_persons(candidates):
    """The candidates with their person records, in one read; one merged meanwhile is dropped."""
    # What a candidate shows: the fields it was scored on, and sex.
    persons = Person.objects.filter(pk__in=[c.rank[2] for c in candidates], merged_into__isnull=True).only(
        *SCORED_FIELDS, "sex"
    )
    by_pk = {person.pk: person for person in persons}
    return [Candidate(by_pk[c.rank[2]], c.score, c.reasons, c.rank) for c in candidates if c.rank[2] in by_pk]


def find_candidates(*, full_name, birth_year=None, id_number="", phone="", exclude_person_id=None, limit=10):
    """Likely earlier records of this person, best first.

    First the exact evidence, each one indexed lookup: the same ID number or phone, and the same
    name in any order within a year of birth. Only if that does not already fill ``limit`` places
    with scores nothing else can reach is the block of persons sharing name tokens read, ranked
    in the database, and its best ``MAX_BLOCK`` decrypted and scored.
    """
    tokens = name_tokens(full_name)
    wanted = " ".join(sorted(tokens))
    idx, pidx = id_index(id_number), phone_index(phone)
    ids = set()
    if idx:
        ids |= set(Person.objects.filter(id_number_index=idx, merged_into__isnull=True).values_list("pk", flat=True))
    if pidx:
        ids |= set(Person.objects.filter(phone_index=pidx, merged_into__isnull=True).values_list("pk", flat=True))
    if tokens:
        ids |= set(_whole_name_block(tokens, birth_year))
    ids.discard(exclude_person_id)
    scoring = {"wanted": wanted, "birth_year": birth_year, "idx": idx, "pidx": pidx}
    results = _score(ids, **scoring) if ids else []
    # A person found only through the token block has another token set (score < 100) and no
    # ID or phone match (those were all read above), so it cannot pass a full result at 100 + the year bonus.
    best_possible = 100 + (5 if birth_year else 0)
    settled = sorted((c.rank for c in results), reverse=True)[limit - 1 : limit]
    if tokens and not (settled and not settled[0][0] and settled[0][1] >= best_possible):
        more = set(_token_block(tokens, birth_year, skip=ids)) - {exclude_person_id}
        if more:
            results += _score(more, **scoring)
    results.sort(key=lambda c: c.rank, reverse=True)
    return _with_persons(results[:limit]) if results else []
