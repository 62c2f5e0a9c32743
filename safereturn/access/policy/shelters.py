"""Shelters: who sees a facility's occupancy and residents, who admits, transfers, discharges, extends
a stay, allows an admission over capacity and edits the places.

- **Occupancy** (counts by group, no person) is for whoever places people: the facility's own staff
  and the case roles of agencies in the facility's province (national agencies: everywhere).
- **Residents** (who stays there now, names masked unless revealed) only to the facility's staff.
- **Stays** change only by the facility's staff on a case their facility takes part in (as a
  participant, or as the recipient of a referral); an extension of the stay and the decision to admit
  over capacity are the facility supervisor's (director's).
- **Places** are edited by the facility's supervisor.

A facility is an agency of a type that may house people (a social support facility, an NGO's victim
support centre) that the directory lists as offering temporary accommodation
(``directory.FacilityService``); nothing here imports the shelters app.
"""

from safereturn.directory.models import FacilityService, Role, ServiceType

from .actors import works_with_cases
from .cases import participates
from .roles import INTAKE_ROLES

# Roles of a facility's staff who admit, transfer and discharge (the facility's social workers and
# its director; an intake officer of a facility that receives people directly).
STAY_ROLES = INTAKE_ROLES


# Agency types that may run a shelter (cơ sở trợ giúp xã hội, cơ sở hỗ trợ nạn nhân).
HOUSING_AGENCY_TYPES = frozenset({"social_support_facility", "ngo"})


def is_facility(agency):
    """Whether the agency is a shelter: of a type that may house people, listed by the directory as
    offering temporary accommodation. The directory is asked once per agency object (a request's actor
    keeps its agency for the whole request), and never for other types: a police officer's case page
    costs no query here."""
    if agency.agency_type.code not in HOUSING_AGENCY_TYPES:
        return False
    memo = agency.__dict__
    if "_offers_accommodation" not in memo:
        memo["_offers_accommodation"] = FacilityService.objects.filter(
            agency_id=agency.pk, service_type=ServiceType.ACCOMMODATION
        ).exists()
    return memo["_offers_accommodation"]


def _of_facility(actor, facility_id):
    return works_with_cases(actor) and actor.agency.pk == facility_id and is_facility(actor.agency)


def sees_shelters(actor):
    """Whether the officer's menu leads to the shelters: the same officers who may see a facility's
    occupancy (the facility's staff, and whoever places people: the case roles of the province's agencies).
    An agency with no facility in its province finds an empty list there."""
    return works_with_cases(actor)


def can_see_occupancy(actor, facility):
    """The facility's staff, and case roles of agencies in its province (or national ones)."""
    if not works_with_cases(actor):
        return False
    if actor.agency.pk == facility.pk:
        return True
    return actor.agency.province_id is None or actor.agency.province_id == facility.province_id


def can_see_residents(actor, facility):
    return _of_facility(actor, facility.pk)


def can_manage_places(actor, facility):
    return _of_facility(actor, facility.pk) and actor.role == Role.SUPERVISOR


def can_admit(actor, case, facility_id):
    """Admitting a case's person: the facility's staff, on a case the facility takes part in."""
    return _of_facility(actor, facility_id) and actor.role in STAY_ROLES and participates(actor, case)


def can_change_stay(actor, case, stay):
    """Transferring and discharging: the staff of the facility where the person stays."""
    return can_admit(actor, case, stay.facility_id)


def can_extend_stay(actor, case, stay):
    """Extending the allowed stay: the facility's supervisor (director)."""
    return can_change_stay(actor, case, stay) and actor.role == Role.SUPERVISOR


def can_allow_over_capacity(actor, case, facility_id):
    """The decision that a full group may take one more: the facility's supervisor (director)."""
    return can_admit(actor, case, facility_id) and actor.role == Role.SUPERVISOR
