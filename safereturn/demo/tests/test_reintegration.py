"""``seed_demo --scenarios`` tells scenarios 1 and 3 with needs, a plan, the child's escort and
follow-up visits, in every demo province, once."""

import io

import pytest
from django.core.management import call_command

from safereturn.demo.officers import DEMO_PROVINCES
from safereturn.reintegration.models import ChildEscort, FollowUpVisit, NeedsAssessment, PlannedService, SupportPlan
from safereturn.testing.fixtures import built_once

pytestmark = pytest.mark.django_db


def _seed():
    out = io.StringIO()
    call_command("seed_demo", "--scenarios", "--quiet-logins", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _seed)


@pytest.mark.parametrize("province", list(DEMO_PROVINCES))
def test_scenarios_1_and_3_have_their_support_records(seeded, province):
    man = SupportPlan.objects.get(case__province_id=province, case__channel="self_return")
    assert man.person_agreed and man.case.person_sex == "male"
    kinds = set(PlannedService.objects.filter(plan=man).values_list("service_type", flat=True))
    assert kinds == {"vocational", "loan", "psychological"}
    assert FollowUpVisit.objects.get(case=man.case, status="scheduled").sequence == 1
    girl = SupportPlan.objects.get(case__province_id=province, case__age_group="child")
    assert girl.child_plan and girl.child_wishes_heard_on
    escort = ChildEscort.objects.get(case=girl.case)
    assert escort.receiver_relationship == "grandparent" and escort.receiver_id_checked
    assert FollowUpVisit.objects.filter(case=girl.case, community_return__escort=escort).exists()
    assert NeedsAssessment.objects.filter(case__in=[man.case, girl.case], health="unknown").count() == 0


def test_seeding_again_adds_nothing(seeded):
    assert "demo support and follow-up: 8 cases" in seeded
    count = NeedsAssessment.objects.count()
    assert "demo support and follow-up: 0 cases" in _seed()
    assert NeedsAssessment.objects.count() == count
