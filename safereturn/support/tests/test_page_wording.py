"""What the browser tests found on the support pages, held here without a browser: the form's errors say
what to do and carry the ids the widgets' aria-describedby name; decisions are shown by the item's name and
unit, never by code; the ledger offers a payment record only for a record that counts (not one waiting for
approval or rejected)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from safereturn.support import services


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


def test_an_empty_record_form_says_what_to_do_and_links_each_error_to_its_field(
    actors, received_case, force_sign_in, client
):
    case = received_case()
    force_sign_in("commune_case_worker")
    html = client.post(reverse("support:record_add", args=[case.pk]), {"quantity": "0"}).content.decode()
    assert "Chọn một khoản hỗ trợ theo quy định áp dụng cho hồ sơ này." in html
    assert "Nhập ngày (hoặc ngày bắt đầu) cung cấp dịch vụ." in html
    assert "Nhập số lượng từ 1 đến" in html
    assert "Trường này là bắt buộc" not in html
    # Django names "<id>_error" in the widget's aria-describedby: the message must carry that id.
    assert 'aria-describedby="id_item_code_error"' in html and 'id="id_item_code_error"' in html
    assert 'id="id_date_from_error"' in html
    # No accompanying child on this case: no question about who received it.
    assert 'name="beneficiary"' not in html


def test_an_empty_decision_form_says_what_to_do(actors, received_case, force_sign_in, client):
    case = received_case()
    force_sign_in("commune_supervisor")
    html = client.post(reverse("support:decision_add", args=[case.pk]), {"reason": ""}).content.decode()
    for message in (
        "Chọn nội dung quyết định.",
        "Chọn một khoản hỗ trợ theo quy định áp dụng cho hồ sơ này.",
        "Nhập ngày quyết định.",
        "Nêu lý do của quyết định.",
    ):
        assert message in html
    # The radio group's fieldset is described by its error.
    assert 'aria-describedby="id_kind_error"' in html and 'id="id_kind_error"' in html


def test_the_ledger_names_the_decisions_item_and_unit(actors, received_case, force_sign_in, client):
    case = received_case()
    services.decision_record(
        actor=actors["commune_supervisor"],
        case=case,
        number="15/QĐ-UBND",
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        kind="extend_cap",
        item_code="food",
        decided_on=timezone.localdate(),
        reason="Chưa có nơi ở an toàn",
        extra_units=30,
    )
    services.record_add(actor=actors["commune_case_worker"], case=case, data=_food(case))
    force_sign_in("commune_case_worker")
    html = client.get(reverse("support:ledger", args=[case.pk])).content.decode()
    assert "Gia hạn thời hạn hưởng: Tiền ăn (thêm 30 ngày)" in html
    assert "· food ·" not in html
    assert "3 ngày" in html  # the quantity in its unit


def test_a_payment_waiting_for_approval_has_no_payment_record(actors, received_case, force_sign_in, client):
    case = received_case()
    case.status = "identified"
    case.save(update_fields=["status"])
    entry = services.record_add(
        actor=actors["commune_case_worker"],
        case=case,
        data={
            "item_code": "hardship_allowance",
            "provider_kind": "agency",
            "provider_agency_id": case.receiving_agency_id,
            "date_from": timezone.localdate(),
            "quantity": 1,
            "unit_rate": 1_500_000,
            "funding_source": "state_budget",
        },
    )
    assert entry.status == "awaiting_approval"
    force_sign_in("commune_case_worker")
    html = client.get(reverse("support:ledger", args=[case.pk])).content.decode()
    assert f'data-record="{entry.pk}"' in html and "payment-print-pdf" not in html
    services.record_decide(actor=actors["commune_supervisor"], entry=entry, approve=True, version=entry.version)
    html = client.get(reverse("support:ledger", args=[case.pk])).content.decode()
    assert "payment-print-pdf" in html


def test_the_spending_total_is_said_for_the_year(actors, received_case, force_sign_in, client):
    case = received_case()
    services.record_add(actor=actors["commune_case_worker"], case=case, data=_food(case))
    force_sign_in("commune_case_worker")
    html = client.get(reverse("support:spending")).content.decode()
    assert f"Tổng cộng năm {timezone.localdate().year}" in html and "240.000 đ" in html
