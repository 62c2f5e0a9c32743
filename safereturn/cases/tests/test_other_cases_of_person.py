"""Issue #16 (smaller): a linked case lists the person's other cases, those the officer may open."""

import re

import pytest

from safereturn.cases.services.persons import link_case_to_person
from safereturn.testing.personas import DA_NANG

pytestmark = pytest.mark.django_db


def _other_cases(page):
    found = re.search(r'data-testid="other-cases".*?</ul>', page, re.S)
    return found.group(0) if found else ""


def test_a_linked_case_lists_the_persons_other_cases_the_officer_may_see(personas, make_case, force_sign_in):
    personas.build("intake", "other_verifier")
    first = make_case()
    second = make_case(link_to_person_id=first.person_id)
    elsewhere = make_case(actor=personas.actor("other_verifier"), province_id=DA_NANG)
    link_case_to_person(personas.actor("other_verifier"), elsewhere, first.person, expected_version=None)
    assert second.person_id == first.person_id == elsewhere.__class__.objects.get(pk=elsewhere.pk).person_id
    page = force_sign_in("intake").get(f"/cases/{second.pk}/").content.decode()
    listed = _other_cases(page)
    assert first.number in listed
    assert elsewhere.number not in listed  # held by an agency the officer does not work with


def test_a_case_of_a_person_with_one_case_lists_none(personas, make_case, force_sign_in):
    case = make_case()
    page = force_sign_in("intake").get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="other-cases"' not in page
