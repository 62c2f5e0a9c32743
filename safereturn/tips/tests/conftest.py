"""A small world for tips: agencies in Cần Thơ (92) and Đà Nẵng (48), officers, and helpers."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases import services as case_services
from safereturn.directory.models import Membership
from safereturn.geo.models import Commune
from safereturn.tips import services

SUBJECT = "Đặng Thị Lụa"
REPORTER = "Trần Văn Bình"
SUMMARY = "Mẹ báo con gái đi làm ở Trung Quốc qua môi giới, mất liên lạc từ tháng trước."


def actor_of(user):
    membership = Membership.objects.filter(user=user, is_active=True).select_related("agency").first()
    return Actor(user, membership)


@dataclass
class World:
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


@pytest.fixture
def world(make_agency, make_officer):
    communes = Commune.objects.filter(province_id=92).order_by("code")
    commune_a, commune_b = communes[0], communes[1]
    commune_elsewhere = Commune.objects.filter(province_id=48).order_by("code").first()
    hotline = make_agency("hotline", level="province", province_code=92, name="Đường dây nóng Cần Thơ")
    police = make_agency("province_police", province_code=92, name="Công an Cần Thơ")
    health = make_agency("health_department", province_code=92, name="Sở Y tế Cần Thơ")
    committee_a = make_agency("commune_committee", level="commune", commune_code=commune_a.code, name="UBND xã A")
    committee_b = make_agency("commune_committee", level="commune", commune_code=commune_b.code, name="UBND xã B")
    elsewhere = make_agency("province_police", province_code=48, name="Công an Đà Nẵng")
    return World(
        commune_a=commune_a,
        commune_b=commune_b,
        commune_elsewhere=commune_elsewhere,
        hotline=hotline,
        police=police,
        health=health,
        commune_committee=committee_a,
        commune_b_committee=committee_b,
        elsewhere=elsewhere,
        intake=make_officer("intake_officer", agency=hotline),
        police_officer=make_officer("verifier", agency=police),
        health_supervisor=make_officer("supervisor", agency=health),
        health_case_worker=make_officer("case_worker", agency=health),
        commune_officer=make_officer("case_worker", agency=committee_a),
        commune_b_officer=make_officer("case_worker", agency=committee_b),
        commune_supervisor=make_officer("supervisor", agency=committee_a),
        elsewhere_officer=make_officer("supervisor", agency=elsewhere),
    )


@pytest.fixture
def new_tip(world):
    def make(user=None, **overrides):
        fields = {
            "received_at": timezone.now() - datetime.timedelta(hours=2),
            "source": "family",
            "suspected_pathway": "labour_export",
            "province_id": 92,
            "commune_id": world.commune_a.code,
            "summary": SUMMARY,
            "reporter_name": REPORTER,
            "reporter_contact": "0912345678",
            "subject_name": SUBJECT,
        }
        fields.update(overrides)
        return services.tip_register(actor=actor_of(user or world.intake), data=services.TipData(**fields))

    return make


@pytest.fixture
def new_case(world):
    """A case received by the provincial police (so the police can see it)."""

    def make(user=None, name="Lò Thị Mai"):
        data = case_services.IntakeData(
            person=case_services.PersonData(full_name=name, sex="female", birth_year=2001),
            channel="tip",
            received_at=timezone.now() - datetime.timedelta(hours=1),
            province_id=92,
            route="cross_border",
            destination_country="CN",
            risk_level="high",
        )
        return case_services.intake_record(actor=actor_of(user or world.police_officer), data=data)

    return make


@pytest.fixture
def sign_in(client, totp_device):
    """Sign in as an officer, second factor included, as a real officer would."""

    def do(user):
        client.logout()
        _device, code = totp_device(user)
        client.force_login(user)
        response = client.post("/accounts/2fa/", {"token": code()})
        assert response.status_code == 302, response.content[:500]
        return client

    return do
