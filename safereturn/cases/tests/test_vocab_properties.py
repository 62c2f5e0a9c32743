"""Multi-valued codes (cases.vocab.encode_codes, decode_codes) round-trip, whatever their order and
repeats, and the '|code|' a list filters on matches exactly the codes stored: never a code that merely
begins or ends like another ('forced' in 'forced_labour'). No database."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from safereturn.cases import vocab

KNOWN = sorted(
    {
        code
        for choices in (vocab.ExploitationForm, vocab.RecruitmentMethod, vocab.ControlMethod, vocab.ImmediateNeed)
        for code in choices.values
    }
)
# The vocabularies' codes, and made-up ones built like them (never holding the '|' separator).
codes = st.one_of(st.sampled_from(KNOWN), st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12))
code_lists = st.lists(st.one_of(codes, st.just("")), max_size=8)
PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(code_lists)
def test_codes_round_trip_as_a_sorted_set(values):
    encoded = vocab.encode_codes(values)
    assert vocab.decode_codes(encoded) == sorted({c for c in values if c})
    assert vocab.encode_codes(vocab.decode_codes(encoded)) == encoded
    assert (encoded == "") == (not any(values))


@PROPERTY
@given(st.data(), code_lists)
def test_the_order_and_repeats_of_the_codes_do_not_matter(data, values):
    shuffled = data.draw(st.permutations(values + values[:2]))
    assert vocab.encode_codes(shuffled) == vocab.encode_codes(values)


@PROPERTY
@given(code_lists, codes)
def test_a_list_filter_matches_exactly_the_stored_codes(values, probe):
    # Lists filter with LIKE '%|code|%' (e.g. Case exploitation_forms__contains=f"|{form}|").
    assert (f"|{probe}|" in vocab.encode_codes(values)) == (probe in values)
