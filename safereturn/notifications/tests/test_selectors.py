"""Whom to tell: the agency's officers with the roles, else up the agency tree, else the province's
lead agency (by the rule row in force), else the lead agency's supervisors."""

import datetime

import pytest

from safereturn.directory.models import Membership
from safereturn.notifications import selectors
from safereturn.rules.models import AgencyCompetenceRule
from safereturn.rules.selectors import forget_competence_rules

pytestmark = pytest.mark.django_db

AFTER_TRANSFER = datetime.date(2025, 9, 1)
BEFORE_TRANSFER = datetime.date(2025, 2, 1)


@pytest.fixture
def tree(make_agency):
    """A commune committee under a provincial committee (province 92), and the province's health
    department, which leads victims' work from 1/3/2025."""
    province = make_agency("province_committee", name="UBND tỉnh (thử)")
    commune = make_agency("commune_committee", level="commune", parent=province, name="UBND xã (thử)")
    health = make_agency("health_department", name="Sở Y tế (thử)")
    return {"province": province, "commune": commune, "health": health}


def test_the_seeded_rule_makes_the_health_department_the_lead_from_1_march_2025():
    row = AgencyCompetenceRule.objects.get(action="coordinate")
    assert row.agency_type_code == "health_department"
    assert row.effective_from == datetime.date(2025, 3, 1) and row.effective_to is None
    assert not row.verified and "53/2024/QH15" in row.citation_document and "confirm" in row.notes


def test_the_agency_own_officers_come_first(tree, make_officer):
    worker = make_officer("case_worker", agency=tree["commune"])
    make_officer("case_worker", agency=tree["province"])
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=AFTER_TRANSFER)
    assert found.user_ids == (worker.pk,)
    assert found.agency == tree["commune"] and found.step == "agency" and not found.fallback
    assert list(found) == [worker.pk] and len(found) == 1


def test_with_nobody_in_the_role_the_parent_agency_is_told(tree, make_officer):
    make_officer("intake_officer", agency=tree["commune"])  # another role does not count
    parent_worker = make_officer("case_worker", agency=tree["province"])
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=AFTER_TRANSFER)
    assert found.user_ids == (parent_worker.pk,)
    assert found.agency == tree["province"] and found.step == "parent" and found.fallback
    assert found.as_details() == {
        "recipients_agency": tree["province"].pk,
        "recipients_step": "parent",
        "recipients_fallback": True,
        "recipients_count": 1,
    }


def test_the_walk_goes_up_several_levels_and_skips_inactive_officers(tree, make_agency, make_officer):
    hamlet = make_agency("school", level="commune", parent=tree["commune"], name="Trường (thử)")
    gone = make_officer("case_worker", agency=hamlet, is_active=False)
    lapsed = make_officer("case_worker", agency=tree["commune"])
    Membership.objects.filter(user=lapsed).update(is_active=False)
    top = make_officer("case_worker", agency=tree["province"])
    found = selectors.recipients_for(hamlet, ["case_worker", "verifier"], on_date=AFTER_TRANSFER)
    assert found.user_ids == (top.pk,) and found.step == "parent"
    assert gone.pk not in found.user_ids


def test_with_nobody_in_the_tree_the_provinces_lead_agency_is_told(tree, make_officer):
    lead_worker = make_officer("case_worker", agency=tree["health"])
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=AFTER_TRANSFER)
    assert found.user_ids == (lead_worker.pk,)
    assert found.agency == tree["health"] and found.step == "province_lead"


def test_before_the_rule_starts_there_is_no_lead_agency(tree, make_officer):
    make_officer("case_worker", agency=tree["health"])
    assert selectors.lead_agency_for(92, on_date=BEFORE_TRANSFER) is None
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=BEFORE_TRANSFER)
    assert found.user_ids == () and found.agency is None and found.step == "none" and not found


def test_the_lead_agency_is_whatever_the_rule_table_says(tree, make_officer):
    """Law as data: end the health department's row and name another type, and the lead changes."""
    make_officer("case_worker", agency=tree["health"])
    AgencyCompetenceRule.objects.filter(action="coordinate").update(effective_to=datetime.date(2025, 8, 31))
    AgencyCompetenceRule.objects.create(
        agency_type_code="province_committee",
        action="coordinate",
        effective_from=AFTER_TRANSFER,
        citation_document="(thử)",
    )
    forget_competence_rules()
    assert selectors.lead_agency_for(92, on_date=datetime.date(2025, 8, 31)) == tree["health"]
    assert selectors.lead_agency_for(92, on_date=AFTER_TRANSFER) == tree["province"]


def test_a_lead_agency_elsewhere_or_inactive_does_not_count(tree, make_agency, make_officer):
    other = make_agency("health_department", province_code=48, name="Sở Y tế Đà Nẵng (thử)")
    make_officer("case_worker", agency=other)
    assert selectors.lead_agency_for(92, on_date=AFTER_TRANSFER) == tree["health"]
    type(tree["health"]).objects.filter(pk=tree["health"].pk).update(is_active=False)
    assert selectors.lead_agency_for(92, on_date=AFTER_TRANSFER) is None


def test_failing_the_role_at_the_lead_agency_its_supervisors_are_told(tree, make_officer):
    make_officer("verifier", agency=tree["health"])
    supervisor = make_officer("supervisor", agency=tree["health"])
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=AFTER_TRANSFER)
    assert found.user_ids == (supervisor.pk,)
    assert found.agency == tree["health"] and found.step == "lead_supervisors" and found.fallback


def test_nobody_anywhere_is_said_plainly(tree):
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=AFTER_TRANSFER)
    assert found.user_ids == () and found.step == "none" and found.fallback


def test_a_loop_in_the_agency_tree_ends(tree, make_officer):
    type(tree["province"]).objects.filter(pk=tree["province"].pk).update(parent=tree["commune"])
    tree["commune"].refresh_from_db()
    found = selectors.recipients_for(tree["commune"], ["case_worker"], on_date=AFTER_TRANSFER)
    assert found.step == "none"
