"""The identification world, from the kit's personas, made once per test module: the Phú Lợi ward
(short name UBND: its intake officer and supervisor), Cần Thơ's police (CAT: verifier and supervisor)
and a hospital, the Đà Nẵng police's verifier (CATDN) and the health department's reporting officer;
and the case these tests are about."""

import datetime

import pytest
from django.utils import timezone

from safereturn.testing.fixtures import built_once, per_test_copy
from safereturn.testing.personas import CAN_THO, PHU_LOI, Personas, actor_of, record_case

PEOPLE = ("intake", "commune_supervisor", "police_verifier", "police_supervisor", "other_verifier", "reporting")
AGENCIES = ("commune", "police", "other_police", "facility")


@pytest.fixture(scope="module")
def module_personas(django_db_setup, django_db_blocker):
    # Who is told of a task (verifiers, supervisors, up the agency tree) depends on who exists: all of
    # them exist before any test acts.
    yield from built_once(django_db_blocker, lambda: Personas().build(*AGENCIES, *PEOPLE))


@pytest.fixture
def personas(module_personas, db):
    return per_test_copy(module_personas)


@pytest.fixture
def world(personas):
    people = {name: personas.officer(name) for name in PEOPLE}
    return {
        "agencies": {name: getattr(personas, name) for name in AGENCIES},
        "people": people,
        "actors": {name: actor_of(user) for name, user in people.items()},
    }


@pytest.fixture
def make_case(world):
    """Vi Thị Hoa (born 4/3/2001), handed over from abroad three hours ago, received by the Phú Lợi ward."""

    def make(received_at=None, route="cross_border", actor=None):
        return record_case(
            actor or world["actors"]["intake"],
            full_name="Vi Thị Hoa",
            sex="female",
            date_of_birth=datetime.date(2001, 3, 4),
            channel="official_handover",
            received_at=received_at or timezone.now() - datetime.timedelta(hours=3),
            province_id=CAN_THO,
            commune_id=PHU_LOI,
            route=route,
            destination_country="CN" if route == "cross_border" else "",
            risk_level="medium",
        )

    return make
