"""The 54 ethnic groups of Viet Nam with the General Statistics Office's codes.

The list is data (``data/ethnic_groups.csv``, which names its source: Decision 121-TCTK/PPCĐ of
1979); a person's ethnicity is stored as the two-digit code, so every breakdown counts one group
once, however it was spelled. A value that is not a code (free text recorded before the list) is
shown as it was written.
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

DATA_FILE = Path(__file__).parent / "data" / "ethnic_groups.csv"


@dataclass(frozen=True)
class EthnicGroup:
    code: str
    name_vi: str
    name_en: str
    other_names: tuple

    def name(self, language=None):
        return self.name_en if (language or get_language() or "vi")[:2] == "en" else self.name_vi


@functools.cache
def ethnic_groups():
    """The groups in code order."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(
            EthnicGroup(
                code=row["code"],
                name_vi=row["name_vi"],
                name_en=row["name_en"],
                other_names=tuple(name for name in row["other_names"].split("|") if name),
            )
            for row in rows
        )


@functools.cache
def _by_code():
    return {group.code: group for group in ethnic_groups()}


def _key(text):
    """Spelling-insensitive key: case, spaces, hyphens and apostrophes do not matter; diacritics do
    (Tày and Thái are different groups)."""
    return re.sub(r"[\s\-–'’()]", "", (text or "").casefold())


@functools.cache
def _by_name():
    names = {}
    for group in ethnic_groups():
        for name in (group.name_vi, group.name_en, *group.other_names):
            names.setdefault(_key(name), group.code)
    return names


def ethnic_group_choices(language=None):
    """(code, name) pairs in code order (the GSO's order, largest groups first)."""
    return [(group.code, group.name(language)) for group in ethnic_groups()]


def is_ethnic_group_code(value):
    return value in _by_code()


def ethnic_group_code(text):
    """The code of a group given by its code or by one of its names; None when nothing matches."""
    text = (text or "").strip()
    if text in _by_code():
        return text
    return _by_name().get(_key(text))


def ethnic_group_name(value, language=None):
    """A stored value shown to people: the group's name for a code, free text as written, "" for none."""
    group = _by_code().get(value or "")
    return group.name(language) if group else (value or "")
