"""The demo's directory contacts and meetings: every demo province has its NGO and Women's Union, agencies
with opening hours, and a joint reception with two action items; seeding again adds nothing."""

import pytest
from django.core.management import call_command

from safereturn.coordination.models import ActionItem, Meeting
from safereturn.demo.officers import DEMO_PROVINCES
from safereturn.directory.models import Agency


@pytest.mark.django_db
def test_every_demo_province_has_contacts_and_a_meeting_with_action_items():
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    counts = (Meeting.objects.count(), ActionItem.objects.count())
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    assert (Meeting.objects.count(), ActionItem.objects.count()) == counts
    for province in DEMO_PROVINCES:
        agencies = Agency.objects.filter(province_id=province)
        assert agencies.filter(agency_type__code="ngo").exists()
        assert agencies.filter(agency_type__code="womens_union").exists()
        assert not agencies.filter(opening_hours="").exists()
        meeting = Meeting.objects.get(province_id=province)
        assert meeting.kind == "joint_reception" and meeting.agencies.count() >= 4
        statuses = sorted(meeting.action_items.values_list("status", flat=True))
        assert statuses == ["done", "open"]
    assert Agency.objects.filter(search_key__contains="so y te can tho").exists()
