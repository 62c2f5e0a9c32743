"""``seed_demo --scenarios`` makes referrals in every demo province, through the services, once: each
recipient reads what it was sent only while the referral is active."""

import io

import pytest
from django.core.management import call_command

from safereturn.access import policy
from safereturn.demo.officers import DEMO_PROVINCES
from safereturn.demo.scenarios import _actor
from safereturn.referrals.models import Referral
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
def test_every_demo_province_has_referrals_in_each_state(seeded, province):
    referrals = Referral.objects.filter(case__province_id=province)
    assert sorted(referrals.values_list("status", flat=True)) == ["accepted", "completed", "sent"]
    assert all(r.basis == "consent" and r.due_date for r in referrals)
    key = DEMO_PROVINCES[province][0]
    lawyer = _actor(f"{key}.tgpl.case_worker")
    received = set(policy.referrals_received(lawyer).values_list("status", flat=True))
    assert received == {"accepted"}, "the completed referral no longer reaches the legal-aid centre"


def test_seeding_again_adds_nothing(seeded):
    assert f"demo referrals: {3 * len(DEMO_PROVINCES)}" in seeded
    assert "demo referrals: 0" in _seed()
