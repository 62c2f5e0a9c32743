"""The payment record (biên bản chi trả) of one service or payment, as Word and PDF in the official layout
(Decree 30/2020, ``safereturn.documents``), with the amount in figures and in words. It names the person who
received the money, so printing follows the reveal rule (``cases.reveal``), and every print is recorded."""

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from safereturn.core import errors
from safereturn.documents.contexts import format_long_date, signature_block
from safereturn.documents.rendering import amount_in_words_vnd, render_docx, render_pdf

from . import services, vocab
from .entitlements import count_units

PRINT_NEEDS_REVEAL = gettext_lazy(
    "The payment record names the person. Reveal the identity with a reason first, then print it."
)
# A payment record says the money was paid: cash support waiting for approval (or rejected) has none (decision 38).
PRINT_NEEDS_APPROVAL = gettext_lazy(
    "This payment is not approved: the payment record can be printed only after a supervisor approves it."
)
FORMATS = {
    "pdf": ("application/pdf", render_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
}
# The symbol of a payment record in its number (số/ký hiệu): to confirm with the agencies' own rules.
SYMBOL = "BB-CT"


def _money(amount):
    return f"{amount:,}".replace(",", ".") + " đồng"


def _place(agency):
    name = agency.province.name if agency.province_id else ""
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def document_context(entry):
    """The renderer's context (contains decrypted identity data). Official documents are in Vietnamese."""
    with translation.override("vi"):
        case, person, agency = entry.case, entry.case.person, entry.recording_agency
        signer = entry.approved_by or entry.recorded_by
        period = entry.date_from.strftime("%d/%m/%Y")
        if entry.date_to != entry.date_from:
            period += " - " + entry.date_to.strftime("%d/%m/%Y")
        provider = entry.provider_agency.name if entry.provider_agency_id else entry.provider_name
        context = {
            "parent_agency_name": agency.parent.name if agency.parent_id else "",
            "agency_name": agency.name,
            "number": entry.pk,
            "year": entry.date_from.year,
            "symbol": f"{SYMBOL}-{agency.short_name}" if agency.short_name else SYMBOL,
            "place": _place(agency) or agency.name,
            "date": timezone.localdate(entry.approved_at) if entry.approved_at else entry.date_to,
            "signer_authority_lines": signature_block("Thủ trưởng cơ quan"),
            "signer_name": signer.full_name or signer.get_username(),
            "recipients": ["Người có tên trên", f"Lưu: hồ sơ {case.number}"],
            "person_full_name": person.full_name,
            "person_sex": person.get_sex_display(),
            "person_address": person.address
            or ", ".join(u.name for u in (person.home_commune, person.home_province) if u is not None)
            or "Không rõ",
            "case_number": case.number,
            "item_name": entry.item.name_vi,
            "period": period,
            "quantity_display": count_units(entry.quantity, entry.item.unit),
            "amount_display": _money(entry.amount),
            "amount_in_words": entry.amount_in_words or amount_in_words_vnd(entry.amount),
            "funding_source": str(vocab.FundingSource(entry.funding_source).label) if entry.funding_source else "",
            "provider": provider,
            "decision_basis": decision_basis(entry.decision),
            "legal_bases": [],
            "confidential": True,
        }
        if person.date_of_birth:
            context["person_birth_date"] = person.date_of_birth
        else:
            context["birth_year"] = person.birth_year or "Không rõ"
        return context


def decision_basis(decision):
    """ "Quyết định số 15/QĐ-UBND ngày 05 tháng 12 năm 2026 của Giám đốc Nguyễn Văn An" for the decision that
    allowed the payment (as it was signed), or "" when none did."""
    if decision is None:
        return ""
    text = f"Quyết định số {decision.number or decision.pk} {format_long_date(decision.decided_on)}"
    signer = " ".join(p for p in (decision.signer_title, decision.signer_name) if p)
    return f"{text} của {signer}" if signer else text


def payment_record_response(*, actor, entry, fmt):
    if not entry.counts:  # the page refuses first, with its message; nothing unapproved is ever rendered
        raise errors.StateError(PRINT_NEEDS_APPROVAL)
    content_type, render = FORMATS[fmt]
    payload = render("payment_record", document_context(entry))
    services.record_printed(actor=actor, entry=entry, fmt=fmt)
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-chi-tra-{entry.pk}.{fmt}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
