"""``seed_demo --scenarios`` tells scenario 4 (Hải Phòng): the cousin's calls are an alert the police
acknowledged, and a restricted-contact measure was reviewed after 30 days; made once, deterministic."""

import datetime
import io

import pytest
from django.core.management import call_command

from safereturn.demo import protection as demo_protection
from safereturn.protection.models import DangerAlert, ProtectionMeasure, RiskAssessment
from safereturn.testing.fixtures import built_once

pytestmark = pytest.mark.django_db


def _seed():
    out = io.StringIO()
    call_command("seed_demo", "--scenarios", "--quiet-logins", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _seed)


def test_scenario_4_has_an_alert_acknowledged_by_the_police_and_a_measure_reviewed_after_30_days(seeded):
    alert = DangerAlert.objects.get(case__province_id=demo_protection.HAI_PHONG)
    assert alert.status == "acknowledged" and alert.acknowledged_by_agency.agency_type.code == "province_police"
    assert alert.acknowledged_at - alert.raised_at < datetime.timedelta(minutes=30)
    assert {a.agency_type.code for a in alert.notified_agencies.all()} == {"province_police", "border_guard"}
    measure = ProtectionMeasure.objects.get(case=alert.case, measure_type__code="restrict_contact")
    assert measure.status == "active" and measure.last_reviewed_on == measure.start_date + datetime.timedelta(days=30)
    assert measure.review_date == measure.last_reviewed_on + datetime.timedelta(days=30)
    review = measure.reviews.get()
    assert (review.outcome, review.reviewed_on, review.reviewed_by_agency) == (
        "continue",
        measure.last_reviewed_on,
        alert.raised_by_agency,
    )
    assert review.note.startswith("Người tự xưng là anh họ")
    assert ProtectionMeasure.objects.filter(case=alert.case, measure_type__code="keep_confidential").exists()
    assert RiskAssessment.objects.filter(case=alert.case).count() == 2
    assert alert.raised_by_agency.agency_type.code == "social_support_facility"


def test_scenario_3_the_child_has_a_child_specific_risk_assessment(seeded):
    assessment = RiskAssessment.objects.get(case__province_id=demo_protection.DA_NANG, case__age_group="child")
    assert "child_early_marriage" in assessment.code_list and assessment.level == "high"
    assert assessment.assessor_agency.agency_type.code == "health_department"


def test_seeding_again_adds_nothing(seeded):
    assert "demo protection (scenarios 3 and 4): 0 made" in _seed()
    assert DangerAlert.objects.filter(case__province_id=demo_protection.HAI_PHONG).count() == 1
