"""Aggregate figures: what an actor may count (never open)."""

from .. import scoped
from .jurisdiction import territory

# Cells smaller than this are shown as "< N" so no person can be recognised from a figure.
SMALL_CELL_THRESHOLD = 5


def aggregate_cases(actor):
    """Cases an actor may COUNT (never open): every case in the agency's territory.

    Any role may see figures for its own territory — this is how roles without case access
    (reporting and programme officers, auditors) follow the work.
    """
    Case = scoped.model("case")
    if actor is None or not actor.agency.is_active:
        return Case.objects.none()
    jurisdiction = territory(actor.agency)
    return Case.objects.filter(jurisdiction) if jurisdiction is not None else Case.objects.all()


def suppress_small(count):
    return count if count == 0 or count >= SMALL_CELL_THRESHOLD else None
