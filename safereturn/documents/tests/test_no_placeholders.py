"""No placeholder reaches a printed document: every template, in Word and PDF, rendered with only the required
fields and every optional one empty, prints no markup, no template tag, no "TODO" and no "None"."""

import datetime
import io
import re
import zipfile

import pytest

from safereturn.documents.rendering import KINDS, render_docx, render_html, render_pdf

from .test_rendering import docx_text, pdf_pages

FORBIDDEN = re.compile(r"<|>|\{\{|\}\}|\{%|%\}|\bTODO\b|\bNone\b|\bnull\b|\bundefined\b|\[\]|\{\}")

REQUIRED = {
    "agency_name": "Phòng Cảnh sát hình sự",
    "number": 3,
    "symbol": "GXN-CAT",
    "place": "Cần Thơ",
    "date": datetime.date(2026, 12, 4),
    "signer_authority_lines": ["Trưởng phòng"],
    "signer_name": "Trần Văn Bình",
    "recipients": ["Lưu: VT."],
    "person_full_name": "Nguyễn Thị Lan",
    "person_sex": "Nữ",
    "person_address": "Phường Ninh Kiều, thành phố Cần Thơ",
    "reason": "Có tài liệu chứng minh.",
    "return_date": datetime.date(2026, 11, 20),
    "handover_location": "trụ sở Phòng Cảnh sát hình sự",
    "handing_party": {"agency": "Phòng Cảnh sát hình sự", "representatives": None},
    "receiving_party": {"agency": "Trung tâm Công tác xã hội", "representatives": []},
    "receiving_signer_name": "Phạm Quốc Huy",
    "item_name": "Tiền ăn",
    "period": "01/07/2026 - 10/07/2026",
    "quantity_display": "10 ngày",
    "amount_display": "700.000 đồng",
    "amount_in_words": "Bảy trăm nghìn đồng",
}
OPTIONAL = (
    "parent_agency_name",
    "year",
    "title",
    "subtitle",
    "closing",
    "legal_bases",
    "notes",
    "case_number",
    "person_id_number",
    "person_nationality",
    "handover_date",
    "handover_time",
    "copies",
    "items",
    "receiving_signer_authority_lines",
    "from_country",
    "return_channel",
    "entry_point",
    "provider",
    "funding_source",
)


def empty_context(empty, birth):
    ctx = dict(REQUIRED, **dict.fromkeys(OPTIONAL, empty))
    if birth == "date":
        ctx.update(person_birth_date=datetime.date(2001, 3, 7), birth_year=empty)
    else:
        ctx.update(person_birth_date=empty, birth_year=1999)
    return ctx


def word_texts(data: bytes) -> list[str]:
    """The visible text, and every XML part's text content (headers, footers, fields) with the tags removed."""
    texts = [docx_text(data)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                texts.append(re.sub(r"<[^>]*>", "", xml.split("?>", 1)[-1]))
    return texts


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("empty", [None, "", []], ids=["None", "empty-string", "empty-list"])
@pytest.mark.parametrize("birth", ["date", "year"])
def test_every_template_with_every_optional_field_empty_prints_no_placeholder(kind, empty, birth):
    ctx = empty_context(empty, birth)
    outputs = {
        "pdf": "\n".join(pdf_pages(render_pdf(kind, ctx))),
        "html-text": re.sub(r"<[^>]*>", "", render_html(kind, ctx)),
    }
    for i, text in enumerate(word_texts(render_docx(kind, ctx))):
        outputs[f"docx-{i}"] = text
    for name, text in outputs.items():
        found = FORBIDDEN.search(text)
        assert found is None, (
            f"{kind} {name}: {found.group()!r} in …{text[max(0, found.start() - 60) : found.end() + 60]}…"
        )
    pdf = outputs["pdf"]
    assert "Nguyễn Thị Lan" in pdf and "Trần Văn Bình" in pdf
    # an empty optional field leaves no dangling label either
    for label in ("quốc tịch:", "Số định danh cá nhân:", "Hồ sơ số:", "Hôm nay, vào hồi ,", " qua ."):
        assert label not in pdf, label
