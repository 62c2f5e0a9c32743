"""Official documents: Word and PDF in the Decree 30/2020/NĐ-CP layout, with Vietnamese text intact."""

import datetime
import io

import pytest
from docx import Document
from pypdf import PdfReader

from safereturn.documents.contexts import format_place_date
from safereturn.documents.rendering import KINDS, amount_in_words_vnd, render_docx, render_html, render_pdf

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE_DATE = "Cần Thơ, ngày 05 tháng 12 năm 2025"
NUMBER = "Số: 12/GXN-CAT"
PERSON = "Nguyễn Thị Hồng Nhung"
SIGNER = "Trần Văn Bình"


def make_context(**overrides):
    ctx = {
        "parent_agency_name": "Công an thành phố Cần Thơ",
        "agency_name": "Phòng Cảnh sát hình sự",
        "number": 12,
        "year": 2025,
        "symbol": "GXN-CAT",
        "place": "Cần Thơ",
        "date": datetime.date(2025, 12, 5),
        "person_full_name": PERSON,
        "person_birth_date": datetime.date(2001, 3, 7),
        "person_sex": "Nữ",
        "person_address": "Ấp Mỹ Phước, xã Phong Điền, thành phố Cần Thơ",
        "person_id_number": "092301004567",
        "reason": "Có tài liệu chứng minh bị mua bán sang Campuchia; lời khai phù hợp với kết quả xác minh.",
        "case_number": "HS-2025-00123",
        "legal_bases": ["Căn cứ Luật Phòng, chống mua bán người năm 2024;"],
        "signer_authority_lines": ["KT. Trưởng phòng", "Phó Trưởng phòng"],
        "signer_name": SIGNER,
        "recipients": ["Người được xác nhận;", "Phòng LĐ-TB&XH <xã>;", "Lưu: VT, PC02."],
        # return certificate
        "return_date": datetime.date(2025, 11, 20),
        "entry_point": "cửa khẩu quốc tế Mộc Bài",
        "from_country": "Campuchia",
        # handover record
        "handover_location": "trụ sở Phòng Cảnh sát hình sự",
        "handover_time": "09 giờ 30",
        "handing_party": {
            "agency": "Phòng Cảnh sát hình sự",
            "representatives": ["Ông Trần Văn Bình, Phó Trưởng phòng"],
        },
        "receiving_party": {"agency": "Trung tâm Công tác xã hội", "representatives": ["Ông Phạm Quốc Huy, Giám đốc"]},
        "receiving_signer_name": "Phạm Quốc Huy",
        "receiving_signer_authority_lines": ["Giám đốc"],
        "items": ["Giấy xác nhận nạn nhân số 12/GXN-CAT;"],
        # payment record
        "item_name": "Trợ cấp khó khăn ban đầu",
        "period": "05/12/2025",
        "quantity_display": "1 lần",
        "amount_display": "3.000.000 đồng",
        "amount_in_words": "Ba triệu đồng",
        "funding_source": "Ngân sách nhà nước",
    }
    ctx.update(overrides)
    return ctx


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


EXPECTED = [NUMBER, NATIONAL_TITLE, MOTTO, PLACE_DATE, PERSON, SIGNER, "Nơi nhận:", "MẬT", "Phòng LĐ-TB&XH <xã>;"]
TITLES = {
    "victim_certificate": "GIẤY XÁC NHẬN",
    "return_certificate": "GIẤY CHỨNG NHẬN",
    "handover_record": "BIÊN BẢN",
    "payment_record": "BIÊN BẢN",
}


@pytest.mark.parametrize("kind", KINDS)
def test_docx_has_every_layout_element(kind):
    data = render_docx(kind, make_context())
    text = docx_text(data)
    header = ["CÔNG AN THÀNH PHỐ CẦN THƠ", "PHÒNG CẢNH SÁT HÌNH SỰ", "PHÓ TRƯỞNG PHÒNG"]
    for expected in [*EXPECTED, TITLES[kind], *header]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text

    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    # page number from page 2: a PAGE field in the header, an empty first-page header
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert doc.styles["Normal"].font.name == "Times New Roman"


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_a4_and_keeps_the_diacritics(kind):
    pages = pdf_pages(render_pdf(kind, make_context()))
    text = "\n".join(pages)
    for expected in [*EXPECTED, TITLES[kind]]:
        assert expected in text, expected
    for page in PdfReader(io.BytesIO(render_pdf(kind, make_context()))).pages:
        assert abs(float(page.mediabox.width) - 595) <= 1
        assert abs(float(page.mediabox.height) - 842) <= 1


def test_long_body_gives_page_number_on_page_two_only():
    note = "nạn nhân được tư vấn tâm lý, hỗ trợ y tế và trợ giúp pháp lý."
    notes = [f"Nội dung bổ sung số {i}: {note}" for i in range(15)]
    pages = pdf_pages(render_pdf("victim_certificate", make_context(notes=notes)))
    assert len(pages) == 2
    assert "1" not in [line.strip() for line in pages[0].splitlines()]
    assert "2" in [line.strip() for line in pages[1].splitlines()]
    assert SIGNER in pages[1]


def test_no_confidential_mark_when_asked():
    ctx = make_context(confidential=False)
    assert "MẬT" not in docx_text(render_docx("victim_certificate", ctx))
    assert "MẬT" not in "\n".join(pdf_pages(render_pdf("victim_certificate", ctx)))


def test_birth_year_instead_of_birth_date_and_no_parent_agency():
    ctx = make_context(person_birth_date=None, birth_year=1999, parent_agency_name="")
    text = docx_text(render_docx("return_certificate", ctx))
    assert "Năm sinh: 1999" in text
    assert "Đã về nước ngày 20/11/2025 qua cửa khẩu quốc tế Mộc Bài, từ Campuchia." in text
    assert "CÔNG AN THÀNH PHỐ" not in text


def test_html_escapes_user_text():
    html = render_html("victim_certificate", make_context(person_full_name="<script>x</script>"))
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert "url(" not in html and "http" not in html.lower()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("key", ["agency_name", "signer_name", "recipients", "person_full_name", "date"])
def test_missing_key_raises_value_error_naming_it(kind, key):
    ctx = make_context()
    del ctx[key]
    with pytest.raises(ValueError, match=key):
        render_docx(kind, ctx)
    with pytest.raises(ValueError, match=key):
        render_pdf(kind, ctx)


def test_kind_specific_and_malformed_keys():
    ctx = make_context()
    del ctx["handing_party"]
    with pytest.raises(ValueError, match="handing_party"):
        render_docx("handover_record", ctx)
    with pytest.raises(ValueError, match="person_birth_date"):
        render_docx("victim_certificate", make_context(person_birth_date=None))
    with pytest.raises(ValueError, match="'date'"):
        render_pdf("victim_certificate", make_context(date="2025-12-05"))
    with pytest.raises(ValueError, match="unknown document kind"):
        render_docx("decision", make_context())


def test_place_date_leading_zeros_follow_decree_30():
    assert format_place_date("Cần Thơ", datetime.date(2025, 12, 5)) == PLACE_DATE
    assert format_place_date("Hải Phòng", datetime.date(2025, 2, 15)) == "Hải Phòng, ngày 15 tháng 02 năm 2025"
    assert format_place_date("Quảng Nam", datetime.date(2025, 4, 3)) == "Quảng Nam, ngày 03 tháng 4 năm 2025"


def test_amount_in_words_vnd():
    assert amount_in_words_vnd(3000000) == "Ba triệu đồng"
    assert amount_in_words_vnd(0) == "Không đồng"
    assert amount_in_words_vnd(1250000).startswith("Một triệu hai trăm")
    with pytest.raises(ValueError):
        amount_in_words_vnd(-1)


def test_payment_record_prints_the_amount_in_figures_and_words():
    ctx = make_context()
    for text in (
        docx_text(render_docx("payment_record", ctx)),
        "\n".join(pdf_pages(render_pdf("payment_record", ctx))),
    ):
        assert "3.000.000 đồng" in text
        assert "Ba triệu đồng" in text
        assert "Trợ cấp khó khăn ban đầu" in text
