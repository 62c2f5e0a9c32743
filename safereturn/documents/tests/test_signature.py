"""The signature block per Decree 30/2020/NĐ-CP: KT. (a deputy signs for the head), TM. (for a collective
body), Q. (acting head), then the signer's title and name, the same in the Word and the PDF."""

import pytest

from safereturn.documents.contexts import signature_block
from safereturn.documents.rendering import render_docx, render_pdf

from .test_rendering import SIGNER, docx_text, make_context, pdf_pages


@pytest.mark.parametrize(
    ("title", "body", "lines"),
    [
        ("Trưởng phòng", "", ["TRƯỞNG PHÒNG"]),
        ("Phó Trưởng phòng", "", ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]),
        ("phó giám đốc", "", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        ("Quyền Giám đốc", "", ["Q. GIÁM ĐỐC"]),
        ("Chủ tịch", "Ủy ban nhân dân", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("Phó Chủ tịch", "Ủy ban nhân dân", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("KT. Chỉ huy trưởng / Phó Chỉ huy trưởng", "", ["KT. CHỈ HUY TRƯỞNG", "PHÓ CHỈ HUY TRƯỞNG"]),
        ("  Trưởng   Công an xã ", "", ["TRƯỞNG CÔNG AN XÃ"]),
    ],
)
def test_signature_block_follows_decree_30(title, body, lines):
    assert signature_block(title, collective_body=body) == lines


def test_an_empty_title_is_refused():
    with pytest.raises(ValueError, match="title"):
        signature_block("  ")


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


CASES = [
    ("Phó Trưởng phòng", "", ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]),
    ("Phó Chủ tịch", "Ủy ban nhân dân", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("Quyền Trưởng phòng", "", ["Q. TRƯỞNG PHÒNG"]),
]


@pytest.mark.parametrize("kind", ["victim_certificate", "return_certificate"])
@pytest.mark.parametrize(("title", "body", "expected"), CASES)
def test_rendered_word_and_pdf_carry_the_signature_block_in_order(kind, title, body, expected):
    ctx = make_context(signer_authority_lines=signature_block(title, collective_body=body))
    for text in (docx_text(render_docx(kind, ctx)), "\n".join(pdf_pages(render_pdf(kind, ctx)))):
        lines = _lines(text)
        first = lines.index(expected[0])
        assert lines[first : first + len(expected)] == expected, lines[first - 2 : first + 5]
        assert lines.index(SIGNER) > first + len(expected) - 1


def test_handover_record_signature_blocks_both_sides():
    ctx = make_context(
        signer_authority_lines=signature_block("Phó Trưởng phòng"),
        receiving_signer_authority_lines=signature_block("Quyền Giám đốc"),
    )
    for text in (
        docx_text(render_docx("handover_record", ctx)),
        "\n".join(pdf_pages(render_pdf("handover_record", ctx))),
    ):
        assert "KT. TRƯỞNG PHÒNG" in text and "PHÓ TRƯỞNG PHÒNG" in text and "Q. GIÁM ĐỐC" in text
