import datetime

import pytest
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases import services as case_services


def actor_of(user):
    return Actor(user, user.memberships.select_related("agency__agency_type").first())


@pytest.fixture
def world(make_agency, make_officer, totp_device):
    commune = make_agency("commune_committee", level="commune", commune_code=31510, short_name="UBND")
    police = make_agency("province_police", province_code=92, short_name="CAT")
    other_police = make_agency("province_police", province_code=48, short_name="CATDN")
    facility = make_agency("health_facility", province_code=92)
    people = {
        "intake": make_officer("intake_officer", agency=commune),
        "commune_supervisor": make_officer("supervisor", agency=commune),
        "police_verifier": make_officer("verifier", agency=police),
        "police_supervisor": make_officer("supervisor", agency=police),
        "other_verifier": make_officer("verifier", agency=other_police),
        "reporting": make_officer("reporting_officer", agency=commune),
    }
    codes = {}
    for name, user in people.items():
        _device, codes[name] = totp_device(user)
    return {
        "agencies": {"commune": commune, "police": police, "other_police": other_police, "facility": facility},
        "people": people,
        "codes": codes,
        "actors": {name: actor_of(user) for name, user in people.items()},
    }


@pytest.fixture
def make_case(world):
    def make(received_at=None, route="cross_border", actor=None):
        return case_services.intake_record(
            actor=actor or world["actors"]["intake"],
            data=case_services.IntakeData(
                person=case_services.PersonData(
                    full_name="Vi Thị Hoa", sex="female", date_of_birth=datetime.date(2001, 3, 4)
                ),
                channel="official_handover",
                received_at=received_at or timezone.now() - datetime.timedelta(hours=3),
                province_id=92,
                commune_id=31510,
                route=route,
                destination_country="CN" if route == "cross_border" else "",
                risk_level="medium",
            ),
        )

    return make


@pytest.fixture
def sign_in(client, world):
    def login(name):
        client.force_login(world["people"][name])
        client.post("/accounts/2fa/", {"token": world["codes"][name]()})
        return client

    return login
