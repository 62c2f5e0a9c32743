"""What a masked name or number can give away (access.policy.mask_name, mask_digits), for any input:
never more than the family name and the initials of the other words, never more than the last three
characters of a number. Shown by changing everything the mask may not show and getting the same
mask back. No database."""

from hypothesis import given, settings
from hypothesis import strategies as st

from safereturn.access.policy import mask_digits, mask_name

# Words of any script, as names arrive from abroad too (no separators or control characters in a
# word: those categories hold every whitespace character); separators that split() splits on.
letters = st.characters(exclude_categories=("Z", "C"))
words = st.text(letters, min_size=1, max_size=10)
separators = st.sampled_from([" ", "  ", "\t", "\u3000", "\n"])
PROPERTY = settings(max_examples=200, deadline=None)


def joined(parts, separator):
    return separator.join(parts)


@PROPERTY
@given(st.lists(words, min_size=1, max_size=6), separators)
def test_a_masked_name_is_the_family_name_and_initials(parts, separator):
    masked = mask_name(joined(parts, separator)).split(" ")
    assert len(masked) == len(parts)
    if len(parts) == 1:
        assert masked == [parts[0][0] + "."]  # a single word is not shown either
    else:
        assert masked[0] == parts[0]
    assert all(shown == word[0] + "." for shown, word in zip(masked[1:], parts[1:], strict=True))


@PROPERTY
@given(st.data(), st.lists(words, min_size=1, max_size=6), separators)
def test_a_masked_name_does_not_change_with_anything_it_hides(data, parts, separator):
    """Whatever follows the first letter of a given or middle name (of a lone word: whatever follows
    its first letter) can be anything: the mask is the same, so it tells nothing of it."""
    hidden_from = 0 if len(parts) == 1 else 1
    tails = data.draw(st.lists(st.text(letters, max_size=8), min_size=len(parts), max_size=len(parts)))
    changed = parts[:hidden_from] + [word[0] + tail for word, tail in zip(parts[hidden_from:], tails, strict=False)]
    assert mask_name(joined(changed, data.draw(separators))) == mask_name(joined(parts, separator))


@PROPERTY
@given(st.text(max_size=30))
def test_a_masked_number_shows_its_last_three_characters_only(value):
    masked = mask_digits(value)
    if not value:
        assert masked == ""
        return
    assert len(masked) == len(value)
    assert masked[-3:] == value[-3:]
    assert set(masked[:-3]) <= {"•"}


@PROPERTY
@given(st.data(), st.text(alphabet="0123456789 +-.", min_size=1, max_size=20))
def test_a_masked_number_does_not_change_with_anything_it_hides(data, value):
    hidden = len(value[:-3])
    other = data.draw(st.text(alphabet="0123456789", min_size=hidden, max_size=hidden))
    assert mask_digits(other + value[-3:]) == mask_digits(value)
    assert mask_digits(None) == ""
