"""Scopes made from the directory's jurisdiction table (``directory.models.JURISDICTION_FIELDS``).

An agency's jurisdiction is the whole country, a province or a commune; a record lies in it when it
shares that place. Every scope of the policy that turns on territory (cases, tips, the commune
register, figures, the participations' flag) is written from these functions, never by hand.
"""

from django.db.models import Q

from safereturn.directory.models import JURISDICTION_FIELDS, Role
from safereturn.directory.models import JurisdictionLevel as Level

from .roles import JURISDICTION_SUPERVISING_AGENCY_TYPES

# How each place of the table is named on the records the policy scopes.
RECORD_FIELDS = {"province": "province_id", "commune": "commune_id"}


def territory(agency, *, via="", fields=RECORD_FIELDS):
    """The agency's jurisdiction as a condition on records (their ``province``/``commune``, reached
    through ``via``, e.g. ``"case__"``, and named by ``fields``), or None for the whole country."""
    field = JURISDICTION_FIELDS[agency.jurisdiction_level]
    if field is None:
        return None
    return Q(**{f"{via}{fields[field]}": agency.jurisdiction_code})


def territory_column(agency, model):
    """``(column, code)``: the column of ``model`` the agency's jurisdiction compares, and its code;
    None for the whole country. For statements written in SQL."""
    field = JURISDICTION_FIELDS[agency.jurisdiction_level]
    if field is None:
        return None
    return model._meta.get_field(field).column, agency.jurisdiction_code


def local_territory(agency, **kwargs):
    """Like ``territory`` for what is kept locally (the commune register): a national body has none
    (``Q(pk__in=[])``, nothing), a province or commune its own."""
    if agency.jurisdiction_level == Level.NATIONAL:
        return Q(pk__in=[])
    return territory(agency, **kwargs)


def supervises_jurisdiction(actor):
    """Supervisors of the overseeing agency types see everything in their jurisdiction."""
    return actor.role == Role.SUPERVISOR and actor.agency_type in JURISDICTION_SUPERVISING_AGENCY_TYPES
