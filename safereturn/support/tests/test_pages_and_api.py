"""The support pages and API: the case panel, the ledger, recording with a receipt, approval, printing the
payment record, the agency's spending view, and the entitlements endpoint."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from safereturn.cases.models import CaseDocument
from safereturn.support import services
from safereturn.support.models import SupportRecord

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def signed_in(force_sign_in):
    return force_sign_in


def _food(case, days=3):
    start = timezone.localdate(case.received_at)
    return {
        "item_code": "food",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": start,
        "date_to": start + datetime.timedelta(days=days - 1),
        "quantity": days,
        "unit_rate": 80_000,
        "funding_source": "state_budget",
    }


def test_the_case_page_shows_the_entitlements_with_citations_and_to_confirm_marks(
    actors, received_case, signed_in, client
):
    case = received_case()
    signed_in("commune_case_worker")
    with translation.override("en"):
        page = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="support-panel"' in html
    assert "80.000 đ" in html  # Cần Thơ's override of the food rate
    assert "53/2024" in html
    assert "sr-stack" in html and 'data-label="' in html


def test_the_entitlements_endpoint_answers_on_a_date_and_refuses_a_bad_one(actors, received_case, signed_in, client):
    case = received_case()
    signed_in("commune_case_worker")
    url = reverse("api:case-entitlements", args=[case.pk])
    on = timezone.localdate().isoformat()
    answer = client.get(url, {"on": on})
    assert answer.status_code == 200
    body = answer.json()
    assert body["on"] == on
    food = next(e for e in body["entitlements"] if e["item_code"] == "food")
    assert food["entitled"] and food["amount_per_unit"] == 80_000 and food["cap_units"] == 120
    assert any(c["role"] == "rate" and not c["verified"] for c in food["citations"])
    assert client.get(url, {"on": "31/12/2025"}).status_code == 400
    assert client.get(url, {"beneficiary": "someone"}).status_code == 400


def test_an_officer_outside_the_case_gets_404(actors, received_case, signed_in, client):
    case = received_case()
    signed_in("other_case_worker")
    assert client.get(reverse("api:case-entitlements", args=[case.pk])).status_code == 404
    assert client.get(reverse("support:ledger", args=[case.pk])).status_code == 404


def test_recording_on_the_page_with_a_receipt(actors, received_case, signed_in, client, media):
    case = received_case()
    signed_in("commune_case_worker")
    url = reverse("support:record_add", args=[case.pk])
    assert client.get(url).status_code == 200
    start = timezone.localdate(case.received_at)
    form = {
        "item_code": "food",
        "beneficiary": "person",
        "provider_kind": "agency",
        "provider_agency": case.receiving_agency_id,
        "date_from": start.strftime("%d/%m/%Y"),
        "date_to": (start + datetime.timedelta(days=4)).strftime("%d/%m/%Y"),
        "quantity": 5,
        "unit_rate": 80_000,
        "funding_source": "state_budget",
        "receipt": SimpleUploadedFile("bien-nhan.pdf", PDF, "application/pdf"),
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = SupportRecord.objects.get(case=case)
    assert entry.amount == 400_000 and entry.receipt is not None
    ledger = client.get(reverse("support:ledger", args=[case.pk])).content.decode()
    assert "400.000 đ" in ledger and "Bốn trăm nghìn đồng" in ledger


def test_a_refused_payment_on_the_page_keeps_no_receipt(actors, received_case, signed_in, client, media):
    case = received_case()
    signed_in("commune_case_worker")
    start = timezone.localdate(case.received_at)
    form = {
        "item_code": "food",
        "beneficiary": "person",
        "provider_kind": "agency",
        "provider_agency": case.receiving_agency_id,
        "date_from": start.strftime("%d/%m/%Y"),
        "quantity": 1,
        "unit_rate": 900_000,  # above the entitlement
        "funding_source": "state_budget",
        "receipt": SimpleUploadedFile("bien-nhan.pdf", PDF, "application/pdf"),
    }
    response = client.post(reverse("support:record_add", args=[case.pk]), form)
    assert response.status_code == 200
    assert "sr-error-message" in response.content.decode()
    assert not SupportRecord.objects.exists()
    assert not CaseDocument.objects.filter(case=case).exists()


def test_api_create_list_and_approve(actors, received_case, signed_in, client):
    case = received_case()
    case.status = "identified"
    case.save(update_fields=["status"])
    signed_in("commune_case_worker")
    url = reverse("api:case-support-records", args=[case.pk])
    created = client.post(
        url,
        {
            "item_code": "hardship_allowance",
            "provider_kind": "agency",
            "provider_agency": case.receiving_agency_id,
            "date_from": timezone.localdate().isoformat(),
            "quantity": 1,
            "unit_rate": 2_000_000,
            "funding_source": "state_budget",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "awaiting_approval" and body["amount_in_words"] == "Hai triệu đồng"
    assert client.post(url, {"item_code": "food", "extra": 1}, content_type="application/json").status_code == 400
    negative = client.post(
        url, _food(case) | {"unit_rate": -1, "date_from": "2026-01-01"}, content_type="application/json"
    )
    assert negative.status_code == 400
    approval = reverse("api:case-support-record-approval", args=[case.pk, body["id"]])
    refused = client.post(approval, {"approve": True, "version": body["version"]}, content_type="application/json")
    assert refused.status_code == 403  # the recorder is not a supervisor
    signed_in("commune_supervisor")
    stale = client.post(approval, {"approve": True, "version": body["version"] + 5}, content_type="application/json")
    assert stale.status_code == 409
    ok = client.post(approval, {"approve": True, "version": body["version"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    listed = client.get(url).json()
    assert [r["id"] for r in listed] == [body["id"]]


def test_the_payment_record_prints_with_the_amount_in_words_after_a_reveal(actors, received_case, signed_in, client):
    case = received_case()
    entry = services.record_add(actor=actors["commune_case_worker"], case=case, data=_food(case))
    signed_in("commune_case_worker")
    url = reverse("support:record_print", args=[case.pk, entry.pk, "docx"])
    assert client.get(url).status_code == 302  # a reveal with a reason first
    client.post(reverse("cases:reveal", args=[case.pk]), {"reason": "In biên bản chi trả cho người nhận"})
    response = client.get(url)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Hai trăm bốn mươi nghìn đồng" in text
    assert "240.000 đồng" in text
    assert "Lò Thị Mai" in text
    assert client.get(reverse("support:record_print", args=[case.pk, entry.pk, "pdf"])).status_code == 200


def test_the_spending_view_shows_only_the_agencys_own_records(actors, received_case, signed_in, client):
    case = received_case()
    services.record_add(actor=actors["commune_case_worker"], case=case, data=_food(case))
    signed_in("commune_case_worker")
    html = client.get(reverse("support:spending")).content.decode()
    assert "240.000 đ" in html
    signed_in("other_case_worker")
    html = client.get(reverse("support:spending")).content.decode()
    assert "240.000 đ" not in html


def test_the_decision_page_extends_the_cap(actors, received_case, signed_in, client):
    case = received_case()
    signed_in("commune_supervisor")
    url = reverse("support:decision_add", args=[case.pk])
    response = client.post(
        url,
        {
            "kind": "extend_cap",
            "item_code": "food",
            "extra_units": 30,
            "number": "15/QĐ-UBND",
            "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
            "signer_name": "Nguyễn Văn An",
            "signer_title": "Chủ tịch",
            "reason": "Chưa có nơi ở an toàn",
        },
    )
    assert response.status_code == 302
    ledger = client.get(reverse("support:ledger", args=[case.pk])).content.decode()
    assert "15/QĐ-UBND" in ledger and "Chủ tịch Nguyễn Văn An" in ledger
    signed_in("commune_case_worker")
    assert client.get(url).status_code == 403
