"""A small world for the shelters' tests: two social support facilities of Cần Thơ with places, their
staff, and cases the first facility takes part in (it received the person itself)."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from safereturn.cases.models import CaseParticipant
from safereturn.directory.models import FacilityService
from safereturn.shelters.models import FacilityPlaces
from safereturn.testing.personas import actor_of, new_agency, new_officer, record_case


@dataclass
class World:
    shelter: Any
    other_shelter: Any
    worker: Any
    supervisor: Any
    other_worker: Any
    outsider: Any
    police_supervisor: Any

    def actor(self, user):
        return actor_of(user)

    def case(self, days_ago=10, **fields):
        """A case the first shelter received (so takes part in), received ``days_ago`` days ago."""
        fields.setdefault("received_at", timezone.now() - datetime.timedelta(days=days_ago))
        return record_case(self.actor(self.worker), **fields)

    def refer_to_other(self, case):
        CaseParticipant.objects.create(case=case, agency=self.other_shelter, role="referral_recipient")


@pytest.fixture
def world(db):
    shelter = new_agency("social_support_facility", name="Trung tâm Công tác xã hội Cần Thơ (thử)", short_name="TT")
    other = new_agency("social_support_facility", name="Cơ sở trợ giúp xã hội số 2 (thử)", short_name="CS2")
    for facility, women in ((shelter, 2), (other, 5)):
        FacilityPlaces.objects.create(facility=facility, group="women", places=women)
        FacilityPlaces.objects.create(facility=facility, group="men", places=2)
        FacilityPlaces.objects.create(facility=facility, group="children", places=2)
    far = new_agency("social_support_facility", province_code=48, name="Trung tâm Đà Nẵng (thử)")
    for facility in (shelter, other, far):
        FacilityService.objects.create(agency=facility, service_type="accommodation", capacity=10)
    police = new_agency("province_police", name="Công an Cần Thơ (thử)")
    return World(
        shelter=shelter,
        other_shelter=other,
        worker=new_officer("case_worker", agency=shelter),
        supervisor=new_officer("supervisor", agency=shelter),
        other_worker=new_officer("case_worker", agency=other),
        outsider=new_officer("case_worker", agency=far),
        police_supervisor=new_officer("supervisor", agency=police),
    )
