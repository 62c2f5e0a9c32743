"""The keys a name search matches, kept on each person (``Person.name_search``).

A search for "nguyen thi huong" asks for persons holding the blind key of every word; the keys of a
person's full and other names are stored together, so the words may come from either, in any order.
"""

from . import duplicates


def stored_keys(*names):
    """``Person.name_search`` for these names: their words' blind keys, sorted, space-separated."""
    keys = set()
    for name in names:
        keys |= duplicates.search_keys(name or "")
    return " ".join(sorted(keys))
