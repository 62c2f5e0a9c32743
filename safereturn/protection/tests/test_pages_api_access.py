"""Pages and API, and who sees what: risk narratives and threats (child risks included) to case workers,
verifiers and supervisors under the reveal rule, never to intake officers or roles without case work."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.protection import services
from safereturn.protection.models import DangerAlert, ProtectionMeasure, ProtectionMeasureType

pytestmark = pytest.mark.django_db

NARRATIVE = "Kẻ môi giới đã gọi cho gia đình đòi tiền chuộc"
TODAY = timezone.localdate


@pytest.fixture
def assessed(personas, make_case):
    personas.build("health_supervisor", "commune_case_worker")
    case = make_case(birth_year=TODAY().year - 15)
    assessment = services.risk_assess(
        actor=personas.actor("commune_case_worker"),
        case=case,
        level="high",
        codes=["traffickers", "child_no_guardian"],
        narrative=NARRATIVE,
    )
    return case, assessment


def test_the_case_page_shows_the_panel_and_the_forms_work(client, force_sign_in, personas, province, make_case):
    case = make_case()
    force_sign_in("commune_case_worker")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="protection-panel"' in page and f"/protection/cases/{case.pk}/alerts/new/" in page
    # An empty form: an error summary, nothing saved.
    response = client.post(f"/protection/cases/{case.pk}/alerts/new/", {"description": ""})
    assert response.status_code == 200 and 'data-testid="error-summary"' in response.content.decode()
    assert not DangerAlert.objects.exists()
    response = client.post(f"/protection/cases/{case.pk}/alerts/new/", {"description": "Người lạ gọi hỏi chỗ ở"})
    alert = DangerAlert.objects.get()
    assert response.status_code == 302 and response.url == f"/protection/alerts/{alert.pk}/"
    restrict = ProtectionMeasureType.objects.get(code="restrict_contact", effective_from=datetime.date(2025, 7, 1))
    form = {
        "measure_type": restrict.pk,
        "protects": "victim",
        "requested_by_agency": personas.commune.pk,
        "deciding_agency": personas.police.pk,
        "deciding_official": "Trần Văn Bình, Phó Giám đốc",
        "decided_on": TODAY().strftime("%d/%m/%Y"),
        "start_date": TODAY().strftime("%d/%m/%Y"),
        "review_date": (TODAY() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
    }
    response = client.post(f"/protection/cases/{case.pk}/measures/new/", form)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not ProtectionMeasure.objects.exists()
    response = client.post(f"/protection/cases/{case.pk}/measures/new/", form | {"review_date": ""})
    assert response.status_code == 302
    measure = ProtectionMeasure.objects.get()
    page = client.get(f"/protection/cases/{case.pk}/measures/{measure.pk}/").content.decode()
    assert "measure-review-form" in page
    review = {"version": measure.version, "outcome": "change", "reviewed_on": TODAY().strftime("%d/%m/%Y")}
    response = client.post(f"/protection/cases/{case.pk}/measures/{measure.pk}/", review)
    assert response.status_code == 200 and "id_note_error" in response.content.decode()
    assert not measure.reviews.exists()
    note = "Giữ bí mật cả nơi học nghề"
    response = client.post(f"/protection/cases/{case.pk}/measures/{measure.pk}/", review | {"note": note})
    assert response.status_code == 302
    assert measure.reviews.get().outcome == "change"
    page = client.get(f"/protection/cases/{case.pk}/measures/{measure.pk}/").content.decode()
    assert "measure-reviews" in page and "Tiếp tục, có thay đổi" in page
    assert client.get(f"/protection/cases/{case.pk}/risk/new/").status_code == 200

    # The police focal point opens the alert (without taking part in the case) and acknowledges it.
    client.logout()
    force_sign_in("police_verifier")
    assert f"/protection/alerts/{alert.pk}/" in client.get("/protection/alerts/").content.decode()
    page = client.get(f"/protection/alerts/{alert.pk}/").content.decode()
    assert "Người lạ gọi hỏi chỗ ở" in page and "acknowledge-form" in page
    response = client.post(f"/protection/alerts/{alert.pk}/", {"version": alert.version, "action_taken": ""})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(
        f"/protection/alerts/{alert.pk}/", {"version": alert.version, "action_taken": "Đã cử cán bộ đến"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "acknowledged"


def test_intake_officers_see_that_there_is_an_assessment_but_not_what_it_says(
    client, force_sign_in, personas, assessed
):
    case, assessment = assessed
    force_sign_in("intake")
    page = client.get(f"/protection/cases/{case.pk}/risk/{assessment.pk}/").content.decode()
    assert (
        NARRATIVE not in page and "Child: no guardian" not in page and "Trẻ em" not in page.split("risk-codes")[1][:200]
    )
    data = client.get(f"/api/cases/{case.pk}/risk-assessments/").json()
    assert data[0]["level"] == "high" and data[0]["codes"] == [] and NARRATIVE not in str(data)
    assert client.get(f"/protection/cases/{case.pk}/risk/new/").status_code == 403


def test_case_workers_read_the_narrative_after_a_reveal_with_a_reason(client, force_sign_in, personas, assessed):
    case, assessment = assessed
    force_sign_in("commune_case_worker")
    url = f"/protection/cases/{case.pk}/risk/{assessment.pk}/"
    assert NARRATIVE not in client.get(url).content.decode()
    data = client.get(f"/api/cases/{case.pk}/risk-assessments/").json()
    assert data[0]["codes"] == ["traffickers", "child_no_guardian"] and NARRATIVE not in str(data)
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần đánh giá lại rủi ro cho trẻ"})
    assert NARRATIVE in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="view", details__what=f"risk_assessment:{assessment.pk}").exists()


@pytest.mark.parametrize("who", ["reporting", "auditor"])
def test_roles_without_case_work_see_nothing(client, force_sign_in, personas, assessed, who):
    case, assessment = assessed
    force_sign_in(who)
    assert client.get(f"/protection/cases/{case.pk}/risk/{assessment.pk}/").status_code == 403
    assert client.get(f"/api/cases/{case.pk}/risk-assessments/").status_code == 403


def test_officers_outside_the_case_see_nothing(client, force_sign_in, personas, assessed):
    case, assessment = assessed
    force_sign_in("other_verifier")
    assert client.get(f"/protection/cases/{case.pk}/risk/{assessment.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/risk-assessments/").status_code == 404


def test_the_api_raises_and_acknowledges_an_alert_and_refuses_unknown_fields(
    client, force_sign_in, personas, province, make_case
):
    case = make_case()
    force_sign_in("commune_case_worker")
    url = f"/api/cases/{case.pk}/danger-alerts/"
    refused = client.post(url, {"description": "x", "name": "y"}, content_type="application/json")
    assert refused.status_code == 400
    created = client.post(url, {"description": "Người lạ gọi hai lần"}, content_type="application/json")
    assert created.status_code == 201
    alert_id = created.json()["id"]
    assert client.post(f"/api/danger-alerts/{alert_id}/acknowledge/", {"version": 1, "action_taken": "x"},
                       content_type="application/json").status_code == 403  # fmt: skip
    client.logout()
    force_sign_in(province["guard"])
    assert [a["id"] for a in client.get("/api/danger-alerts/").json()] == [alert_id]
    done = client.post(
        f"/api/danger-alerts/{alert_id}/acknowledge/",
        {"version": 1, "action_taken": "Đã liên hệ cơ sở"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    again = client.post(
        f"/api/danger-alerts/{alert_id}/acknowledge/",
        {"version": 2, "action_taken": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409
    client.logout()
    force_sign_in("other_verifier")
    assert client.get(f"/api/danger-alerts/{alert_id}/").status_code == 404


def test_the_api_reviews_a_measure_with_its_note_shown_only_to_who_may_read_it(
    client, force_sign_in, personas, make_case
):
    case = make_case()
    worker = personas.actor("commune_case_worker")
    restrict = ProtectionMeasureType.objects.get(code="restrict_contact", effective_from=datetime.date(2025, 7, 1))
    measure = services.measure_record(
        actor=worker,
        case=case,
        measure_type_id=restrict.pk,
        protects="victim",
        requested_by_agency_id=personas.commune.pk,
        deciding_agency_id=personas.police.pk,
        deciding_official="Trần Văn Bình",
        decided_on=TODAY(),
        start_date=TODAY(),
    )
    force_sign_in("commune_case_worker")
    url = f"/api/cases/{case.pk}/protection-measures/{measure.pk}/review/"
    missing = client.post(url, {"version": 1, "outcome": "continue"}, content_type="application/json")
    assert missing.status_code == 400 and "note" in missing.json()
    done = client.post(
        url, {"version": 1, "outcome": "continue", "note": "Vẫn cần thiết"}, content_type="application/json"
    )
    assert done.status_code == 200
    (review,) = done.json()["reviews"]
    assert review["outcome"] == "continue" and review["reviewed_by"] == worker.user.pk
    stale = client.post(url, {"version": 1, "outcome": "end", "note": "Kết thúc"}, content_type="application/json")
    assert stale.status_code == 409
    listed = client.get(f"/api/cases/{case.pk}/protection-measures/").json()
    assert listed[0]["reviews"][0]["note"] != "Vẫn cần thiết"  # masked until the identity is revealed
    client.logout()
    force_sign_in("intake")
    (shown,) = client.get(f"/api/cases/{case.pk}/protection-measures/").json()
    assert shown["reviews"][0]["outcome"] == "continue" and "Vẫn cần" not in shown["reviews"][0]["note"]


def test_the_api_records_a_refusal_with_the_signed_commitment(client, force_sign_in, personas, make_case, media):
    case = make_case()
    worker = personas.actor("commune_case_worker")
    restrict = ProtectionMeasureType.objects.get(code="restrict_contact", effective_from=datetime.date(2025, 7, 1))
    measure = services.measure_record(
        actor=worker,
        case=case,
        measure_type_id=restrict.pk,
        protects="victim",
        requested_by_agency_id=personas.commune.pk,
        deciding_agency_id=personas.commune.pk,
        deciding_official="Chủ tịch UBND phường",
        decided_on=TODAY(),
        start_date=TODAY(),
    )
    force_sign_in("commune_case_worker")
    url = f"/api/cases/{case.pk}/protection-measures/{measure.pk}/refusal/"
    refused = client.post(url, {"version": measure.version, "refused_on": TODAY().isoformat()})
    assert refused.status_code == 400 and "commitment" in refused.json()
    signed = SimpleUploadedFile("cam-ket.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    done = client.post(url, {"version": measure.version, "refused_on": TODAY().isoformat(), "commitment": signed})
    assert done.status_code == 200 and done.json()["status"] == "refused" and done.json()["commitment"]
