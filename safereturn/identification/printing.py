"""Printing the confirming document (giấy xác nhận nạn nhân) and the certificate of return
(giấy chứng nhận về nước) as Word and PDF, in the official layout of Decree 30/2020."""

import re

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereturn.cases import vocab as case_vocab
from safereturn.documents.contexts import signature_block
from safereturn.documents.rendering import render_docx, render_pdf
from safereturn.geo.countries import country_name

from . import services, vocab

# A printed decision names the person: printing needs a reveal with a reason (``cases.reveal``).
PRINT_NEEDS_REVEAL = gettext_lazy(
    "The document names the person. Reveal the identity with a reason first, then print the document."
)
PRINTABLE = {
    vocab.DecisionKind.VICTIM: "victim_certificate",
    vocab.DecisionKind.RETURN_CERTIFICATE: "return_certificate",
}
# Agency types that decide as a collective body: their head signs "TM." (on behalf of) the body (Decree 30/2020).
COLLECTIVE_BODIES = {"commune_committee": "Ủy ban nhân dân", "province_committee": "Ủy ban nhân dân"}
FORMATS = {
    "pdf": ("application/pdf", render_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
}


def _short_place(decision):
    place = decision.place or (decision.deciding_agency.province.name if decision.deciding_agency.province_id else "")
    for prefix in ("Thành phố ", "Tỉnh "):
        if place.startswith(prefix):
            return place[len(prefix) :]
    return place


def document_context(decision):
    """The renderer's context for a printable decision (contains decrypted identity data). An official document
    is in Vietnamese whatever the language of the officer's screen."""
    with translation.override("vi"):
        return _document_context(decision)


def _residence(person, address):
    """The address as written; without one, the commune and province of residence; else "Không rõ"."""
    if address:
        return address
    units = [unit.name for unit in (person.home_commune, person.home_province) if unit is not None]
    return ", ".join(units) or _("Not known")


def _signature_lines(decision, title):
    agency_type = decision.deciding_agency.agency_type.code if decision.deciding_agency.agency_type_id else ""
    return signature_block(title, collective_body=COLLECTIVE_BODIES.get(agency_type, ""))


def _document_context(decision):
    data = services.decision_document_context(decision)
    case = decision.case
    context = {
        "parent_agency_name": data["parent_agency_name"],
        "agency_name": data["agency_name"],
        "number": data["number"],
        "year": data["year"],
        "symbol": data["symbol"],
        "place": _short_place(decision),
        "date": data["date"],
        # The signer's title as recorded on the decision (a deputy's "Phó ..." gives the KT. line, Decree 30);
        # without one, the generic head-of-agency line.
        "signer_authority_lines": _signature_lines(decision, data["signer_title"] or _("Head of agency")),
        "signer_name": data["signer_name"],
        "recipients": [
            _("The person named above"),
            case.responsible_agency.name,
            _("Filed: case %(number)s") % {"number": data["case_number"]},
        ],
        "person_full_name": data["person_name"],
        "person_sex": data["person_sex"],
        "person_address": _residence(case.person, data["person_address"]),
        # Official documents are in Vietnamese: the country's name, never its code ("VN").
        "person_nationality": country_name(data["person_nationality"], "vi"),
        "case_number": data["case_number"],
        "reason": data["decision_text"],
        "legal_bases": [_("Pursuant to %(citation)s;") % {"citation": data["legal_basis"]}]
        if data["legal_basis"]
        else [],
        "confidential": True,
    }
    if data["person_birth_date"]:
        context["person_birth_date"] = data["person_birth_date"]
    else:
        context["birth_year"] = data["person_birth_year"] or _("Not known")
    if decision.kind == vocab.DecisionKind.RETURN_CERTIFICATE:
        context["return_date"] = case.received_at.date()
        entry = case.reception_place or (
            str(case_vocab.HandoverPlace(case.handover_place).label) if case.handover_place else ""
        )
        context["entry_point"] = entry
        if case.destination_country:
            context["from_country"] = country_name(case.destination_country, "vi")
    return context


def decision_document_response(*, actor, decision, fmt):
    """Render and return the document; the print is recorded with the decision and the format."""
    content_type, render = FORMATS[fmt]
    kind = PRINTABLE[decision.kind]
    payload = render(kind, document_context(decision))
    services.record_print(actor=actor, decision=decision, fmt=fmt)
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", decision.document_number).strip("-") or "document"
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
