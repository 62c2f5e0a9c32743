"""Issue #16 (smaller): the timeline names the agency that joined the case, not only "Agency joined"."""

import re

import pytest

from safereturn.cases.models import CaseEvent

pytestmark = pytest.mark.django_db


def test_the_timeline_names_the_agency_that_joined(personas, make_case, force_sign_in):
    personas.build("health", "health_supervisor", "intake")  # the province's lead agency joins every case
    case = make_case()
    assert CaseEvent.objects.filter(case=case, kind="participant_added", data__agency=personas.health.pk).exists()
    page = force_sign_in("intake").get(f"/cases/{case.pk}/").content.decode()
    timeline = re.search(r'data-testid="timeline".*?</ol>', page, re.S).group(0)
    joined = re.search(r"Cơ quan tham gia hồ sơ: <span[^>]*>([^<]*)</span>", timeline)
    assert joined and personas.health.name in joined.group(1), timeline
