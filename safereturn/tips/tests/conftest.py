"""A world for tips, from the kit's personas, made once per test module: in Cần Thơ (92) the hotline
(whose intake officer receives tips), the police, the health department, the Phú Lợi ward committee
(commune A) and a second ward's committee (commune B); the Đà Nẵng (48) police; and helpers."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from safereturn.geo.models import Commune
from safereturn.testing.factories import TipFactory
from safereturn.testing.fixtures import built_once, per_test_copy
from safereturn.testing.personas import (
    CAN_THO,
    DA_NANG,
    PHU_LOI,
    Personas,
    actor_of,
    new_agency,
    new_officer,
    record_case,
)

SUBJECT = "Đặng Thị Lụa"
REPORTER = "Trần Văn Bình"
SUMMARY = "Mẹ báo con gái đi làm ở Trung Quốc qua môi giới, mất liên lạc từ tháng trước."


@dataclass
class World:
    personas: Personas
    commune_a: Commune
    commune_b: Commune
    commune_elsewhere: Commune
    hotline: object
    police: object
    health: object
    commune_committee: object
    commune_b_committee: object
    elsewhere: object
    intake: object  # hotline intake officer: receives tips
    police_officer: object
    health_supervisor: object
    health_case_worker: object
    commune_officer: object
    commune_b_officer: object
    commune_supervisor: object
    elsewhere_officer: object


def _world():
    personas = Personas()
    commune_b = Commune.objects.filter(province_id=CAN_THO).exclude(code=PHU_LOI).order_by("code").first()
    committee_b = new_agency(
        "commune_committee", level="commune", commune_code=commune_b.code, name="Ủy ban nhân dân xã B (thử)"
    )
    return World(
        personas=personas,
        commune_a=Commune.objects.get(code=PHU_LOI),
        commune_b=commune_b,
        commune_elsewhere=Commune.objects.filter(province_id=DA_NANG).order_by("code").first(),
        hotline=personas.hotline,
        police=personas.police,
        health=personas.health,
        commune_committee=personas.commune,
        commune_b_committee=committee_b,
        elsewhere=personas.other_police,
        intake=personas.hotline_intake,
        police_officer=personas.police_verifier,
        health_supervisor=personas.health_supervisor,
        health_case_worker=personas.health_case_worker,
        commune_officer=personas.commune_case_worker,
        commune_b_officer=new_officer("case_worker", agency=committee_b, username="kit.commune_b_case_worker"),
        commune_supervisor=personas.commune_supervisor,
        elsewhere_officer=personas.other_supervisor,
    )


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _world)


@pytest.fixture
def world(module_world, db):
    return per_test_copy(module_world)


@pytest.fixture
def personas(world):
    return world.personas


@pytest.fixture
def new_tip(world):
    """A tip the hotline (or ``user``'s agency) registers through ``tips.services.tip_register``."""

    def make(user=None, **overrides):
        fields = {
            "received_at": timezone.now() - datetime.timedelta(hours=2),
            "source": "family",
            "suspected_pathway": "labour_export",
            "province_id": CAN_THO,
            "commune_id": world.commune_a.code,
            "summary": SUMMARY,
            "reporter_name": REPORTER,
            "reporter_contact": "0912345678",
            "subject_name": SUBJECT,
        }
        return TipFactory.through_service(actor_of(user or world.intake), **(fields | overrides))

    return make


@pytest.fixture
def new_case(world):
    """A case received by the provincial police (so the police can see it)."""

    def make(user=None, name="Lò Thị Mai"):
        return record_case(
            actor_of(user or world.police_officer),
            full_name=name,
            sex="female",
            birth_year=2001,
            channel="tip",
            received_at=timezone.now() - datetime.timedelta(hours=1),
            province_id=CAN_THO,
            commune_id=None,
            route="cross_border",
            destination_country="CN",
            risk_level="high",
        )

    return make
