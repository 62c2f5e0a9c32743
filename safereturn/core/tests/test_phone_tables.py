"""Every table an officer meets on a screen becomes cards on a phone (`table.sr-stack`), and every
cell of a row names its column (`data-label`), so nothing scrolls sideways at 390 px and a card
still says what each value is. Printed documents (the documents app) are paper, not screens."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Tables that stay tables on a phone, and why.
NARROW_ON_PURPOSE = {
    # Two narrow columns (a label and a count) inside a card: they fit 360 px as they are.
    "cases/templates/cases/figures.html",
}
OTHER_TEAMS = ("protection", "support", "shelters", "reintegration")


def _screen_templates():
    for path in sorted(ROOT.rglob("*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(("documents/", *(f"{app}/" for app in OTHER_TEAMS))) or "/locale/" in relative:
            continue
        if "<table" in path.read_text(encoding="utf-8"):
            yield relative


SCREEN_TABLES = list(_screen_templates())


def test_the_known_lists_are_found():
    for expected in (
        "oversight/templates/oversight/audit_trail.html",
        "oversight/templates/oversight/emergency_access.html",
        "templates/accounts/role_requests.html",
        "templates/accounts/api_tokens.html",
        "cases/jinja2/cases/_documents.html",
        "cases/jinja2/cases/case_list.html",
        "tips/templates/tips/tip_list.html",
    ):
        assert expected in SCREEN_TABLES, expected


@pytest.mark.parametrize("relative", [t for t in SCREEN_TABLES if t not in NARROW_ON_PURPOSE])
def test_every_screen_table_is_cards_on_a_phone_and_every_cell_names_its_column(relative):
    text = (ROOT / relative).read_text(encoding="utf-8")
    for table in re.findall(r"<table\b.*?</table>", text, flags=re.S):
        opening = re.match(r"<table[^>]*>", table).group(0)
        assert re.search(r'class="[^"]*\bsr-stack\b', opening), (relative, opening)
        body = table.split("<tbody", 1)[1]
        for cell in re.findall(r"<td\b[^>]*>", body):
            if "colspan" in cell:  # the one "nothing matches" line of an empty list
                continue
            assert "data-label=" in cell, (relative, cell)
