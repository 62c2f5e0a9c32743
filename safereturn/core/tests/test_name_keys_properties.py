"""Properties of the blind name keys (core.name_keys), over generated Vietnamese names: a name's keys
and search keys do not change with letter case, with its accents typed or left out, with Unicode's
two spellings of an accented letter, or with the order of its words; and the stored search keys of a
record cover every word of each of its names, and nothing else. No database."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from safereturn.core.name_keys import name_keys, search_keys, stored_search_keys

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng
CONSONANTS = "bcdđghklmnpqrstvx"
LETTERS = sorted({unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} | set(CONSONANTS))

lower_words = st.text(alphabet=LETTERS, min_size=1, max_size=8)
words = st.builds(lambda word, capitalised: word.capitalize() if capitalised else word, lower_words, st.booleans())
names = st.lists(words, min_size=1, max_size=5)

PROPERTY = settings(max_examples=200, deadline=None)


def without_accents(text):
    """As an officer types a name on a keyboard without Vietnamese input: tones and marks left out."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@PROPERTY
@given(names)
def test_keys_do_not_change_with_letter_case(parts):
    name = " ".join(parts)
    for variant in (name.upper(), name.lower(), name.title(), name.swapcase()):
        assert name_keys(variant) == name_keys(name)
        assert search_keys(variant) == search_keys(name)


@PROPERTY
@given(names)
def test_keys_do_not_change_with_accents_left_out_or_decomposed(parts):
    name = " ".join(parts)
    for variant in (without_accents(name), unidecode(name), unicodedata.normalize("NFD", name)):
        assert name_keys(variant) == name_keys(name), variant
        assert search_keys(variant) == search_keys(name), variant


@PROPERTY
@given(st.data(), names)
def test_keys_do_not_change_with_word_order_or_spacing(data, parts):
    shuffled = data.draw(st.permutations(parts))
    spacing = data.draw(st.sampled_from([" ", "  ", " - ", ", ", "\t"]))
    assert name_keys(spacing.join(shuffled)) == name_keys(" ".join(parts))
    assert search_keys(spacing.join(shuffled) + " ") == search_keys(" ".join(parts))


@PROPERTY
@given(st.data(), names, names)
def test_the_stored_search_keys_cover_each_word_of_each_name_and_nothing_else(data, full_name, other_names):
    stored = stored_search_keys(" ".join(full_name), " ".join(other_names))
    keys = stored.split()
    assert stored == " ".join(sorted(set(keys)))  # sorted, each key once: a column a search matches
    every_word = full_name + other_names
    assert set(keys) == set().union(*(search_keys(word) for word in every_word))
    # A query made of some of the words, from either name, in any order and case, with or without
    # accents, finds the record: its keys are all stored.
    chosen = data.draw(st.lists(st.sampled_from(every_word), min_size=1, max_size=4))
    query = " ".join(data.draw(st.permutations(chosen)))
    for typed in (query, query.upper(), without_accents(query)):
        assert search_keys(typed) <= set(keys)


@PROPERTY
@given(names)
def test_a_missing_other_name_adds_no_key(parts):
    name = " ".join(parts)
    assert stored_search_keys(name, "") == stored_search_keys(name, None) == stored_search_keys(name)
