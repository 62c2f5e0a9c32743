"""Participations carry copies of what case lists filter on (``cases.models.LIST_COPIES``); an
agency's list is filtered on the copies, so every service that changes the case must change them."""

import datetime

import pytest

from safereturn.cases import selectors
from safereturn.cases import services as case_services
from safereturn.cases.models import LIST_COPIES, CaseParticipant
from safereturn.identification import services

pytestmark = pytest.mark.django_db


def _copies(case):
    return set(CaseParticipant.objects.filter(case=case).values_list(*LIST_COPIES.values()))


def _case_values(case):
    case.refresh_from_db()
    return {tuple(getattr(case, field) for field in LIST_COPIES)}


def _listed(actor, **filters):
    return {c.pk for c in selectors.case_list(actor, filters, read="api")[0:100]}


def test_every_change_to_a_listed_field_reaches_the_participations(world, make_case):
    intake, supervisor = world["actors"]["intake"], world["actors"]["commune_supervisor"]
    case = make_case()
    assert CaseParticipant.objects.filter(case=case).exists()
    assert _copies(case) == _case_values(case)  # at intake

    services.case_transition(
        actor=supervisor, case=case, transition="start_verification", expected_version=case.version
    )
    assert case.status == "under_verification" and _copies(case) == _case_values(case)

    case_services.case_update(
        actor=supervisor,
        case=case,
        expected_version=case.version,
        changes={"channel": "self_return", "exploitation_forms": "|sexual|"},
    )
    assert case.channel == "self_return" and _copies(case) == _case_values(case)

    person = case.person
    case_services.person_update(
        actor=supervisor,
        case=case,
        expected_version=person.version,
        changes={"sex": "male", "date_of_birth": datetime.date(2015, 5, 6)},
    )
    case.refresh_from_db()
    assert (case.person_sex, case.age_group) == ("male", "child")
    assert _copies(case) == _case_values(case)

    # The commune's own list reads the copies: the case is found by its new values, not its old.
    assert _listed(intake, status="under_verification", sex="male", age_group="child", exploitation="sexual") == {
        case.pk
    }
    assert _listed(intake, sex="female") == set()
    assert _listed(intake, channel="official_handover") == set()


def test_a_case_linked_to_an_earlier_record_takes_that_persons_sex_and_age_group(world, make_case):
    earlier = make_case()  # Vi Thị Hoa, female, born 2001: an adult
    later = make_case()
    case_services.person_update(
        actor=world["actors"]["commune_supervisor"],
        case=later,
        expected_version=later.person.version,
        changes={"sex": "male", "date_of_birth": datetime.date(2015, 5, 6)},
    )
    later.refresh_from_db()
    assert (later.person_sex, later.age_group) == ("male", "child")

    case_services.person_link_case(
        actor=world["actors"]["commune_supervisor"],
        case=later,
        person_id=earlier.person_id,
        expected_version=later.version,
    )
    assert later.person_id == earlier.person_id
    assert (later.person_sex, later.age_group) == ("female", "adult")
    assert _copies(later) == _case_values(later)
