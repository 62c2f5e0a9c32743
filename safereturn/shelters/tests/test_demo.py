"""seed_demo gives scenario 4's shelter (Hải Phòng) its residents, one of them near the 120-day cap."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereturn.directory.models import Agency
from safereturn.notifications.models import Notification
from safereturn.shelters import selectors
from safereturn.shelters.models import FacilityPlaces, Stay


@pytest.mark.django_db
def test_seed_demo_fills_the_hai_phong_centre_and_warns_of_the_stay_near_its_cap():
    call_command("seed_demo", "--scenarios", "--quiet-logins", verbosity=0)
    centre = Agency.objects.get(memberships__user__username="hp.ttctxh.case_worker")
    assert FacilityPlaces.objects.filter(facility=centre).count() == 3
    current = Stay.objects.filter(facility=centre, discharged_on__isnull=True)
    assert current.count() == 4 and Stay.objects.filter(facility=centre).count() == 5
    today = timezone.localdate()
    near = [s for s in current if s.allowed_until <= today + datetime.timedelta(days=14)]
    assert len(near) == 1 and near[0].cap_rule.length == 120
    assert Notification.objects.filter(kind="shelter_stay_cap_near", object_id=str(near[0].pk)).exists()
    groups = {g.group: g.current for g in selectors.occupancy([centre])[0].groups}
    assert groups == {"women": 2, "men": 1, "children": 1}
    call_command("seed_demo", "--scenarios", "--quiet-logins", verbosity=0)
    assert Stay.objects.filter(facility=centre).count() == 5, "seeding again adds nothing"
