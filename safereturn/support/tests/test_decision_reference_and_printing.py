"""A support decision is recorded as it was signed (number and symbol, date signed, signer's name and title),
shown in the ledger and on the payment record it allowed; a cash payment not approved never prints as a
payment record, in Word or PDF (the documents are opened and read)."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.support import services

REFERENCE = {"number": "15/QĐ-UBND", "signer_name": "Nguyễn Văn An", "signer_title": "Chủ tịch"}


def docx_text(data):
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


READ = {"docx": docx_text, "pdf": pdf_text}


@pytest.fixture
def identified(received_case):
    case = received_case()
    case.status = "identified"
    case.save(update_fields=["status"])
    return case


def allowance(case, **extra):
    return {
        "item_code": "hardship_allowance",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": timezone.localdate(),
        "quantity": 1,
        "unit_rate": 2_500_000,  # above Cần Thơ's 2,000,000: a decision allows it
        "funding_source": "state_budget",
        **extra,
    }


def allowed_payment(actors, case):
    decision = services.decision_record(
        actor=actors["commune_supervisor"],
        case=case,
        kind="allow_over",
        item_code="hardship_allowance",
        decided_on=timezone.localdate(),
        reason="Hoàn cảnh đặc biệt khó khăn",
        **REFERENCE,
    )
    entry = services.record_add(
        actor=actors["commune_case_worker"], case=case, data=allowance(case, decision_id=decision.pk)
    )
    assert entry.status == "awaiting_approval"
    return decision, entry


@pytest.mark.parametrize(
    ("field", "value"),
    [("number", ""), ("number", "QĐ-UBND"), ("signer_name", ""), ("signer_title", " ")],
)
def test_the_api_refuses_a_decision_without_its_reference(actors, identified, force_sign_in, client, field, value):
    force_sign_in("commune_supervisor")
    body = {
        "kind": "allow_over",
        "item_code": "hardship_allowance",
        "decided_on": timezone.localdate().isoformat(),
        "reason": "Hoàn cảnh khó khăn",
        **REFERENCE,
        field: value,
    }
    url = reverse("api:case-support-decisions", args=[identified.pk])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not identified.support_decisions.exists()
    body[field] = REFERENCE[field]
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert {k: created.json()[k] for k in REFERENCE} == REFERENCE
    listed = client.get(url).json()
    assert listed[0]["number"] == "15/QĐ-UBND" and listed[0]["signer_title"] == "Chủ tịch"


def test_the_form_says_what_is_missing(actors, identified, force_sign_in, client):
    force_sign_in("commune_supervisor")
    url = reverse("support:decision_add", args=[identified.pk])
    html = client.post(
        url, {"kind": "allow_over", "item_code": "hardship_allowance", "decided_on": "01/12/2026", "reason": "Lý do"}
    ).content.decode()
    # Vietnamese first: each missing part of the reference named at its field.
    assert "Nhập số, ký hiệu của quyết định" in html
    assert "Nhập họ và tên người ký quyết định." in html
    assert "Nhập chức vụ của người ký" in html
    assert not identified.support_decisions.exists()


def test_the_decision_is_named_in_the_ledger_the_audit_and_the_timeline(actors, identified, force_sign_in, client):
    decision, entry = allowed_payment(actors, identified)
    assert CaseEvent.objects.get(case=identified, kind="support_decision").data["number"] == "15/QĐ-UBND"
    assert AuditEvent.objects.filter(object_type="support_decision", object_id=str(decision.pk)).exists()
    force_sign_in("commune_case_worker")
    html = client.get(reverse("support:ledger", args=[identified.pk])).content.decode()
    assert f"15/QĐ-UBND, {timezone.localdate():%d/%m/%Y}, Chủ tịch Nguyễn Văn An" in html
    assert "Chủ tịch Nguyễn Văn An" in html.split('data-testid="support-decisions"')[1]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_payment_awaiting_approval_does_not_print_then_prints_with_its_decision(
    actors, identified, force_sign_in, client, fmt
):
    _decision, entry = allowed_payment(actors, identified)
    force_sign_in("commune_case_worker")
    client.post(reverse("cases:reveal", args=[identified.pk]), {"reason": "In biên bản chi trả cho người nhận"})
    url = reverse("support:record_print", args=[identified.pk, entry.pk, fmt])
    before = CaseEvent.objects.filter(case=identified, kind="payment_record_printed").count()
    response = client.get(url, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(reverse("support:ledger", args=[identified.pk]))
    assert "chỉ in được biên bản chi trả sau khi lãnh đạo duyệt" in page
    assert response["Content-Type"].startswith("text/html")
    assert CaseEvent.objects.filter(case=identified, kind="payment_record_printed").count() == before
    assert AuditEvent.objects.filter(action="denied", object_type="support_record", object_id=str(entry.pk)).exists()
    # Approved by another supervisor of the recording agency: now it is a payment record.
    services.record_decide(actor=actors["commune_supervisor"], entry=entry, approve=True, version=entry.version)
    response = client.get(url)
    assert response.status_code == 200
    text = READ[fmt](response.content)
    assert "2.500.000 đồng" in text
    assert "Hai triệu năm trăm nghìn đồng" in text
    assert "Quyết định số 15/QĐ-UBND" in text and "Chủ tịch Nguyễn Văn An" in " ".join(text.split())


def test_a_rejected_payment_never_prints(actors, identified, force_sign_in, client):
    _decision, entry = allowed_payment(actors, identified)
    services.record_decide(actor=actors["commune_supervisor"], entry=entry, approve=False, version=entry.version)
    force_sign_in("commune_case_worker")
    client.post(reverse("cases:reveal", args=[identified.pk]), {"reason": "In biên bản chi trả cho người nhận"})
    for fmt in ("docx", "pdf"):
        response = client.get(reverse("support:record_print", args=[identified.pk, entry.pk, fmt]))
        assert response.status_code == 302


def test_a_payment_without_a_decision_names_none(actors, received_case, force_sign_in, client):
    case = received_case()
    start = timezone.localdate(case.received_at)
    entry = services.record_add(
        actor=actors["commune_case_worker"],
        case=case,
        data={
            "item_code": "food",
            "provider_kind": "agency",
            "provider_agency_id": case.receiving_agency_id,
            "date_from": start,
            "quantity": 1,
            "unit_rate": 80_000,
            "funding_source": "state_budget",
        },
    )
    force_sign_in("commune_case_worker")
    client.post(reverse("cases:reveal", args=[case.pk]), {"reason": "In biên bản chi trả cho người nhận"})
    text = docx_text(client.get(reverse("support:record_print", args=[case.pk, entry.pk, "docx"])).content)
    assert "80.000 đồng" in text and "Căn cứ Quyết định" not in text
