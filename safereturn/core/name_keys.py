"""Blind keys of names, ID numbers and phone numbers: how encrypted identity is found without
decrypting it (exact and accent-insensitive lookups, duplicate blocking, name search).

Each key is an HMAC (``crypto.blind_index``) of a normalised token, so the database can match keys
but learns no name. One writer keeps a record's key rows in step with its names, for every kind of
record that has them (persons, tips, register entries).
"""

from .crypto import blind_index, normalise, normalise_digits


def name_tokens(full_name):
    return [t for t in normalise(full_name).split() if t]


def _skeleton(token):
    """Consonants only: most typos in Vietnamese names are in the vowels ('Hương', 'Huong', 'Hung')."""
    return "".join(ch for ch in token if ch not in "aeiouy")


def token_keys(token):
    keys = {blind_index("name", token), blind_index("name-anagram", "".join(sorted(token)))}
    skeleton = _skeleton(token)
    if len(skeleton) >= 2:
        keys.add(blind_index("name-skeleton", skeleton))
    return keys


def whole_name_key(tokens):
    """The whole name in any order: blocks names made only of common tokens ('Nguyễn Thị Thanh')."""
    return blind_index("name-set", " ".join(sorted(tokens)))


def name_keys(full_name):
    """The blind-index keys stored for a name: each token, its sorted letters and its consonant skeleton."""
    tokens = name_tokens(full_name)
    keys = {whole_name_key(tokens)} if tokens else set()
    for token in tokens:
        keys |= token_keys(token)
    return keys


def search_keys(query):
    """Keys a name search must all match (accent-insensitive, any order)."""
    return {blind_index("name", t) for t in name_tokens(query)}


def stored_search_keys(*names):
    """The search keys of the words of these names, sorted and space-separated (a column a name
    search matches, e.g. ``Person.name_search``): the words may come from any of the names."""
    keys = set()
    for name in names:
        keys |= search_keys(name or "")
    return " ".join(sorted(keys))


def id_index(value):
    digits = normalise_digits(value)
    return blind_index("id", digits) if digits else ""


def phone_index(value):
    digits = normalise_digits(value)
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return blind_index("phone", digits) if digits else ""


def write_name_keys(key_model, *, owner_field, owner, names, extra=None):
    """Make ``owner``'s rows of ``key_model`` (fields ``owner_field``, ``key`` and ``extra``'s) the keys
    of ``names``: stale keys deleted, missing ones added. Returns the set of keys."""
    keys = set()
    for name in names:
        keys |= name_keys(name or "")
    rows = key_model.objects.filter(**{owner_field: owner})
    rows.exclude(key__in=keys).delete()
    kept = set(rows.values_list("key", flat=True))
    key_model.objects.bulk_create(
        [key_model(**{owner_field: owner, "key": key, **(extra or {})}) for key in sorted(keys - kept)]
    )
    return keys
