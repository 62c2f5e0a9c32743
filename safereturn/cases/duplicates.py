"""Finding earlier records of the same person at intake.

Blocking uses blind indexes only (no decryption of the whole table): keys of each name
token, of its letters sorted (so 'Hoa'/'Hao' share a key) and of its consonants (so
'Huong'/'Hung' do), and the ID-number and phone indexes. Candidates found that way are
decrypted and scored with rapidfuzz; family and given names in either order, accents,
date of birth ±1 year and small typos are tolerated.
"""

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from safereturn.core.crypto import blind_index, normalise, normalise_digits

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
THRESHOLD = 80


def name_tokens(full_name):
    return [t for t in normalise(full_name).split() if t]


def _skeleton(token):
    """Consonants only: most typos in Vietnamese names are in the vowels ('Hương', 'Huong', 'Hung')."""
    return "".join(ch for ch in token if ch not in "aeiouy")


def _token_keys(token):
    keys = {blind_index("name", token), blind_index("name-anagram", "".join(sorted(token)))}
    skeleton = _skeleton(token)
    if len(skeleton) >= 2:
        keys.add(blind_index("name-skeleton", skeleton))
    return keys


def name_keys(full_name):
    """The blind-index keys stored for a name: each token, its sorted letters and its consonant skeleton."""
    tokens = name_tokens(full_name)
    keys = {_whole_name_key(tokens)} if tokens else set()
    for token in tokens:
        keys |= _token_keys(token)
    return keys


def _whole_name_key(tokens):
    """The whole name in any order: blocks names made only of common tokens ('Nguyễn Thị Thanh')."""
    return blind_index("name-set", " ".join(sorted(tokens)))


def search_keys(query):
    """Keys a name search must all match (accent-insensitive, any order)."""
    return {blind_index("name", t) for t in name_tokens(query)}


def id_index(value):
    digits = normalise_digits(value)
    return blind_index("id", digits) if digits else ""


def phone_index(value):
    digits = normalise_digits(value)
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return blind_index("phone", digits) if digits else ""


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list = field(default_factory=list)


def _blocking_keys(full_name):
    tokens = name_tokens(full_name)
    keys = {_whole_name_key(tokens)} if tokens else set()
    for token in tokens:
        if token not in COMMON_TOKENS:
            keys |= _token_keys(token)
    return keys


def find_candidates(*, full_name, birth_year=None, id_number="", phone="", exclude_person_id=None, limit=10):
    """Likely earlier records of this person, best first."""
    ids = set()
    idx = id_index(id_number)
    if idx:
        ids |= set(Person.objects.filter(id_number_index=idx, merged_into__isnull=True).values_list("pk", flat=True))
    pidx = phone_index(phone)
    if pidx:
        ids |= set(Person.objects.filter(phone_index=pidx, merged_into__isnull=True).values_list("pk", flat=True))
    keys = _blocking_keys(full_name)
    if keys:
        block = PersonNameKey.objects.filter(key__in=keys, person__merged_into__isnull=True)
        if birth_year:
            block = block.filter(person__birth_year__gte=birth_year - 1, person__birth_year__lte=birth_year + 1) | (
                PersonNameKey.objects.filter(
                    key__in=keys, person__birth_year__isnull=True, person__merged_into__isnull=True
                )
            )
        ids |= set(block.values_list("person_id", flat=True).distinct()[:MAX_BLOCK])
    ids.discard(exclude_person_id)
    if not ids:
        return []
    wanted = " ".join(sorted(name_tokens(full_name)))
    results = []
    for person in Person.objects.filter(pk__in=ids):
        reasons = []
        score = fuzz.token_sort_ratio(wanted, " ".join(sorted(name_tokens(person.full_name))))
        if idx and person.id_number_index == idx:
            score, reasons = max(score, 99), reasons + ["id_number"]
        if pidx and person.phone_index == pidx:
            score, reasons = max(score, 90), reasons + ["phone"]
        if birth_year and person.birth_year:
            gap = abs(person.birth_year - birth_year)
            if gap > 1 and "id_number" not in reasons:
                continue
            score += 5 if gap == 0 else 0
        if score >= THRESHOLD:
            if not reasons or score > 90:
                reasons.append("name")
            results.append(Candidate(person, min(score, 100), reasons))
    results.sort(key=lambda c: -c.score)
    return results[:limit]
