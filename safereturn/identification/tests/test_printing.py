"""The confirming document printed as Word and PDF: opened and checked, audited, and refused to
those who may not see the person's identity."""

import io
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation
from docx import Document
from pypdf import PdfReader

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseParticipant
from safereturn.documents.rendering import render_docx, render_pdf
from safereturn.identification import services
from safereturn.identification.printing import PRINTABLE, document_context
from safereturn.testing.personas import actor_of

from .test_services import _decide, _start

pytestmark = pytest.mark.django_db


def _docx_text(payload):
    document = Document(io.BytesIO(payload))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def decided(world, make_case):
    case = make_case()
    _start(world, case)
    decision = _decide(world, case)
    return case, decision


def test_victim_confirmation_prints_as_word_and_pdf_with_number_name_and_date(client, world, decided, force_sign_in):
    case, decision = decided
    force_sign_in("police_verifier")
    base = f"/identification/cases/{case.pk}/decisions/{decision.pk}/print"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{base}/pdf/" not in page  # it names the person: offered after a reveal with a reason
    refused = client.get(f"{base}/docx/")
    assert refused.status_code == 302 and refused["Location"] == f"/cases/{case.pk}/#identity"
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "In giấy xác nhận cho nạn nhân"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{base}/pdf/" in page

    word = client.get(f"{base}/docx/")
    assert word.status_code == 200 and word["Cache-Control"] == "no-store"
    text = _docx_text(word.content)
    assert f"Số: {decision.number:02d}/{decision.symbol}" in text or f"Số: {decision.number}/{decision.symbol}" in text
    assert "Vi Thị Hoa" in text and "04/03/2001" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "GIẤY XÁC NHẬN" in text
    assert f"ngày {decision.decided_on:%d} tháng" in text

    pdf = client.get(f"{base}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Vi Thị Hoa" in pdf_text and decision.symbol in pdf_text and "GIẤY XÁC NHẬN" in pdf_text

    prints = AuditEvent.objects.filter(action="print", object_id=str(case.pk))
    assert sorted(e.details["format"] for e in prints) == ["docx", "pdf"]
    assert all("Vi Thị Hoa" not in str(e.details) for e in prints)


def test_api_prints_too(client, world, decided, force_sign_in):
    case, decision = decided
    force_sign_in("police_verifier")
    assert client.get(f"/api/cases/{case.pk}/decisions/{decision.pk}/print/pdf/").status_code == 403
    reveal = client.post(
        f"/api/cases/{case.pk}/reveal/", {"reason": "In giấy xác nhận cho nạn nhân"}, content_type="application/json"
    )
    assert reveal.status_code == 200
    response = client.get(f"/api/cases/{case.pk}/decisions/{decision.pk}/print/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(f"/api/cases/{case.pk}/decisions/{decision.pk}/print/exe/").status_code == 404


def test_print_is_refused_outside_scope_and_to_roles_without_reveal(client, world, decided, force_sign_in):
    case, decision = decided
    url = f"/identification/cases/{case.pk}/decisions/{decision.pk}/print/pdf/"
    force_sign_in("other_verifier")
    assert client.get(url).status_code == 404
    client.logout()
    force_sign_in("reporting")
    assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action="print").exists()


def test_certificate_names_the_nationality_in_vietnamese_never_its_code(world, decided):
    case, decision = decided
    context = document_context(decision)
    assert context["person_nationality"] == "Việt Nam"


def test_return_certificate_names_the_country_returned_from_in_vietnamese(world, make_case, make_officer, make_agency):
    border = make_agency("border_post", province_code=92, short_name="DBP")
    officer = make_officer("verifier", agency=border)
    case = make_case()  # taken to China (the fixture's destination)
    CaseParticipant.objects.create(case=case, agency=border, role="receiver")
    decision = services.return_certificate_issue(
        actor=actor_of(officer), case=case, decided_on=timezone.localdate(), reason="Về nước qua cửa khẩu"
    )
    context = document_context(decision)
    assert context["from_country"] == "Trung Quốc" and context["person_nationality"] == "Việt Nam"


def _printed_text(decision):
    """The Word and the PDF of a decision, rendered as from an officer's English screen."""
    with translation.override("en"):
        context = document_context(decision)
        word = _docx_text(render_docx(PRINTABLE[decision.kind], context))
        pdf = "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(PRINTABLE[decision.kind], context))).pages
        )
    return word, pdf


def test_printed_certificate_is_vietnamese_even_from_an_english_screen(world, decided):
    """The legal basis, the nationality and the fixed lines print in Vietnamese whatever the screen's language."""
    _case, decision = decided
    for word_or_pdf in _printed_text(decision):
        text = " ".join(word_or_pdf.split())
        assert (
            "Căn cứ Luật Phòng, chống mua bán người số 53/2024/QH15, được sửa đổi, bổ sung bởi Luật số 86/2025/QH15"
            in text
        )
        assert "quốc tịch: Việt Nam" in text and "quốc tịch: VN" not in text
        assert "Người có tên trên" in text and "THỦ TRƯỞNG CƠ QUAN" in text
        for english in ("Law 53", "Human Trafficking", "HEAD OF AGENCY", "The person named above", "Female"):
            assert english not in text, english


def test_a_deputy_signs_for_the_head_with_the_kt_line(world, decided):
    """Decree 30/2020: a deputy signs "KT. <head's title>" over "PHÓ ..." and the name."""
    _case, decision = decided
    type(decision).objects.filter(pk=decision.pk).update(signer_title="Phó Trưởng phòng", signer_name="Lê Văn Tâm")
    decision.refresh_from_db()
    for text in _printed_text(decision):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        kt = lines.index("KT. TRƯỞNG PHÒNG")
        assert lines[kt + 1] == "PHÓ TRƯỞNG PHÒNG"
        assert lines.index("Lê Văn Tâm") > kt + 1


def test_the_chair_of_a_peoples_committee_signs_on_behalf_of_the_committee(world, decided):
    """A People's Committee decides as a collective body: "TM. ỦY BAN NHÂN DÂN" over the chair's title."""
    _case, decision = decided
    commune = world["agencies"]["commune"]
    assert commune.agency_type.code == "commune_committee"
    type(decision).objects.filter(pk=decision.pk).update(deciding_agency=commune, signer_title="Phó Chủ tịch")
    decision.refresh_from_db()
    for text in _printed_text(decision):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        tm = lines.index("TM. ỦY BAN NHÂN DÂN")
        assert lines[tm + 1 : tm + 3] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


FORBIDDEN = re.compile(r"<|>|\{\{|\}\}|\{%|%\}|\bTODO\b|\bNone\b|—")


def _blank_optional_fields(case, decision):
    """Everything the record may leave empty: birth date and year, address, nationality, title, place, rule."""
    person = case.person
    person.date_of_birth, person.birth_year, person.address, person.nationality = None, None, "", ""
    person.home_commune = person.home_province = None
    person.save()
    type(case).objects.filter(pk=case.pk).update(destination_country="", reception_place="", handover_place="")
    type(decision).objects.filter(pk=decision.pk).update(signer_title="", place="", competence_rule=None)
    decision.refresh_from_db()
    return decision


@pytest.mark.parametrize("kind", ["victim", "return_certificate"])
def test_a_decision_with_every_optional_field_empty_prints_no_placeholder(
    world, make_case, make_agency, make_officer, kind
):
    case = make_case()
    if kind == "victim":
        _start(world, case)
        decision = _decide(world, case)
    else:
        border = make_agency("border_post", province_code=92, short_name="DBP")
        CaseParticipant.objects.create(case=case, agency=border, role="receiver")
        decision = services.return_certificate_issue(
            actor=actor_of(make_officer("verifier", agency=border)),
            case=case,
            decided_on=timezone.localdate(),
            reason="Về nước qua cửa khẩu",
        )
    decision = _blank_optional_fields(case, decision)
    for text in _printed_text(decision):
        found = FORBIDDEN.search(text)
        assert found is None, f"{found.group()!r} in …{text[max(0, found.start() - 60) : found.end() + 60]}…"
        assert "Năm sinh: Không rõ" in text and "Nơi cư trú: Không rõ" in text
        assert "quốc tịch" not in text and " qua ." not in text
        assert not [line for line in text.splitlines() if line.strip().startswith("Căn cứ")]


def test_the_task_page_cites_the_law_in_the_screens_language(world, make_case, force_sign_in):
    """The deadline's legal basis: Vietnamese on the Vietnamese screen, English on the English one."""
    case = make_case()
    task = services.verification_task_create(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        kind="identity",
        assignee_agency_id=world["agencies"]["police"].pk,
    )
    client = force_sign_in("commune_supervisor")
    url = f"/identification/cases/{case.pk}/tasks/{task.pk}/"
    vietnamese = client.get(url).content.decode()
    assert (
        "Luật Phòng, chống mua bán người số 53/2024/QH15, được sửa đổi, bổ sung bởi Luật số 86/2025/QH15" in vietnamese
    )
    assert "Law 53/2024/QH15" not in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(translation.get_language()):  # the middleware's activation must not outlive the test
        english = client.get(url).content.decode()
    assert "Law 53/2024/QH15 on Prevention and Combat of Human Trafficking" in english
