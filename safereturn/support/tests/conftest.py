"""The support world: the Phú Lợi ward (Cần Thơ) receives the cases, its case worker records support and its
supervisor approves; the Đà Nẵng police officers are outside the case. The support rule rows are loaded into
the test database (built from the models on SQLite, without the data migration's rows)."""

import datetime

import pytest
from django.utils import timezone

from safereturn.geo.models import Province
from safereturn.support import seed
from safereturn.support.models import EntitlementItem, SupportRate, SupportRegime
from safereturn.testing.personas import CAN_THO, PHU_LOI, record_case


@pytest.fixture(autouse=True)
def support_rules(db):
    seed.load(SupportRegime, EntitlementItem, SupportRate, Province)


@pytest.fixture
def actors(personas):
    return {
        name: personas.actor(name)
        for name in ("intake", "commune_case_worker", "commune_supervisor", "other_case_worker", "other_supervisor")
    }


@pytest.fixture
def received_case(actors):
    """A woman handed over from abroad 20 days ago, received by the Phú Lợi ward (Cần Thơ), being identified."""

    def make(days_ago=20, **fields):
        fields.setdefault("received_at", timezone.now() - datetime.timedelta(days=days_ago))
        return record_case(
            actors["intake"],
            full_name="Lò Thị Mai",
            sex="female",
            birth_year=1998,
            channel="official_handover",
            province_id=CAN_THO,
            commune_id=PHU_LOI,
            route="cross_border",
            destination_country="CN",
            **fields,
        )

    return make
