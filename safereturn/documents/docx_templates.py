"""Build the docxtpl Word templates (Decree 30/2020/NĐ-CP layout) from code, so they can be reviewed.

Each placeholder sits whole inside one run (docxtpl needs that); ``{%p ... %}`` paragraphs are
loops and conditions that docxtpl removes when rendering. ``manage.py build_docx_templates`` writes
the templates to disk for inspection in Word.
"""

from __future__ import annotations

import functools
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 minus left and right margins


def _set_font(style_or_run, *, size=None, bold=None, italic=None, underline=None):
    font = style_or_run.font
    font.name = FONT
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if underline is not None:
        font.underline = underline


def _para(
    container,
    text="",
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    size=BODY_PT,
    bold=False,
    italic=False,
    underline=False,
    space_before=0,
    space_after=0,
    first_line_indent=None,
    left_indent=None,
    line_spacing=1.0,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    p.alignment = align
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = line_spacing
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    if left_indent is not None:
        fmt.left_indent = left_indent
    if text:
        _run(p, text, size=size, bold=bold, italic=italic, underline=underline)
    return p


def _run(p, text, *, size=BODY_PT, bold=False, italic=False, underline=False, boxed=False):
    run = p.add_run(text)
    _set_font(run, size=size, bold=bold, italic=italic, underline=underline)
    if boxed:
        bdr = OxmlElement("w:bdr")
        for attr, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
            bdr.set(qn(attr), value)
        run.element.get_or_add_rPr().append(bdr)
    return run


def _tag(container, tag):
    """A control paragraph ``{%p ... %}`` that docxtpl removes."""
    return _para(container, tag, align=WD_ALIGN_PARAGRAPH.LEFT)


def _short_rule(cell, width_mm, cell_width_mm):
    """A short centred horizontal line: an empty tiny paragraph with a top border, indented on both sides."""
    p = _para(cell, size=2, space_after=4)
    indent = Mm((cell_width_mm - width_mm) / 2)
    p.paragraph_format.left_indent = indent
    p.paragraph_format.right_indent = indent
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(attr), value)
    border.append(top)
    ppr.append(border)
    # keep the paragraph itself almost invisible
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "4")
    rpr.append(sz)
    ppr.append(rpr)
    return p


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _two_columns(doc, left_mm, right_mm, rows=1):
    table = doc.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for row in table.rows:
        for cell, width in zip(row.cells, (left_mm, right_mm), strict=True):
            cell.width = Mm(width)
    for col, width in zip(table.columns, (left_mm, right_mm), strict=True):
        col.width = Mm(width)
    if rows == 1:
        return table.rows[0].cells
    return [row.cells for row in table.rows]


def _drop_first_empty_paragraph(cell):
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


def _page_number_header(section):
    """Pages 2+ show the page number centred in the top margin; the first page has its own empty header."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        _set_font(run, size=13)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    section.first_page_header.is_linked_to_previous = False


def _setup(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _set_font(normal, size=BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    _page_number_header(section)
    # drop the empty paragraph a fresh document starts with
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)


def _header(doc):
    left_mm, right_mm = 68, TEXT_WIDTH_MM - 68
    left, right = _two_columns(doc, left_mm, right_mm)
    _tag(left, "{%p if parent_agency_upper %}")
    _para(left, "{{ parent_agency_upper }}", size=13)
    _tag(left, "{%p endif %}")
    _para(left, "{{ agency_upper }}", size=13, bold=True)
    _short_rule(left, 24, left_mm)
    _para(left, "Số: {{ number_symbol }}", size=13, space_before=2)
    _tag(left, "{%p if confidential %}")
    p = _para(left, space_before=6)
    _run(p, " MẬT ", size=13, bold=True, boxed=True)
    _tag(left, "{%p endif %}")
    _drop_first_empty_paragraph(left)

    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    _para(right, "{{ place_date }}", italic=True, space_before=10)
    _drop_first_empty_paragraph(right)

    _para(doc, "{{ title }}", bold=True, space_before=20)
    _tag(doc, "{%p if subtitle %}")
    _para(doc, "{{ subtitle }}", bold=True)
    _tag(doc, "{%p endif %}")
    _short_rule(doc, 40, TEXT_WIDTH_MM)


def _body_para(doc, *runs, item=False, italic=False):
    """A justified body paragraph; ``runs`` are text or (text, bold) pairs."""
    p = _para(
        doc,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        space_before=6,
        first_line_indent=None if item else Cm(1.27),
        left_indent=Cm(1.27) if item else None,
        line_spacing=1.15,
    )
    for r in runs:
        text, bold = (r, False) if isinstance(r, str) else r
        _run(p, text, bold=bold, italic=italic)
    return p


def _loop(doc, header, line, **kwargs):
    _tag(doc, header)
    _body_para(doc, line, **kwargs)
    _tag(doc, "{%p endfor %}")


def _optional(doc, condition, *runs):
    _tag(doc, f"{{%p if {condition} %}}")
    _body_para(doc, *runs)
    _tag(doc, "{%p endif %}")


def _person(doc):
    _body_para(doc, "Họ và tên: ", ("{{ person_full_name }}", True), "; giới tính: {{ person_sex }}.")
    _body_para(
        doc,
        "{{ person_birth_label }}: {{ person_birth_display }}",
        "{% if person_nationality %}; quốc tịch: {{ person_nationality }}{% endif %}.",
    )
    _optional(doc, "person_id_number", "Số định danh cá nhân: {{ person_id_number }}.")
    _body_para(doc, "Nơi cư trú: {{ person_address }}.")


def _body_victim_certificate(doc):
    _body_para(doc, "{{ agency_name }} xác nhận:")
    _person(doc)
    _body_para(doc, "Là nạn nhân bị mua bán người. Căn cứ xác định: {{ reason }}")
    _optional(doc, "case_number", "Hồ sơ số: {{ case_number }}.")


def _body_return_certificate(doc):
    _body_para(doc, "{{ agency_name }} chứng nhận:")
    _person(doc)
    _body_para(
        doc,
        "Đã về nước ngày {{ return_date_display }}{% if entry_point %} qua {{ entry_point }}{% endif %}",
        "{% if from_country %}, từ {{ from_country }}{% endif %}",
        "{% if return_channel %} ({{ return_channel }}){% endif %}.",
    )
    _optional(doc, "reason", "{{ reason }}")
    _optional(doc, "case_number", "Hồ sơ số: {{ case_number }}.")


def _body_handover_record(doc):
    _body_para(
        doc,
        "Hôm nay, {% if handover_time %}vào hồi {{ handover_time }}, {% endif %}{{ handover_date_long }}, "
        "tại {{ handover_location }}, chúng tôi gồm:",
    )
    _body_para(doc, ("I. BÊN GIAO: ", True), "{{ handing_party.agency }}")
    _loop(doc, "{%p for rep in handing_party.representatives %}", "- {{ rep }}", item=True)
    _body_para(doc, ("II. BÊN NHẬN: ", True), "{{ receiving_party.agency }}")
    _loop(doc, "{%p for rep in receiving_party.representatives %}", "- {{ rep }}", item=True)
    _body_para(doc, "Hai bên tiến hành bàn giao nạn nhân bị mua bán:")
    _person(doc)
    _optional(doc, "case_number", "Hồ sơ số: {{ case_number }}.")
    _optional(doc, "reason", "Lý do bàn giao: {{ reason }}")
    _optional(doc, "items", "Hồ sơ, giấy tờ, tư trang bàn giao kèm theo:")
    _loop(doc, "{%p for item in items %}", "- {{ item }}", item=True)
    _body_para(
        doc,
        "Bên nhận đã kiểm tra và nhận đủ. Biên bản được lập thành {{ copies }} bản có giá trị như nhau, "
        "mỗi bên giữ 01 bản./.",
    )


def _body_payment_record(doc):
    _optional(doc, "decision_basis", "Căn cứ {{ decision_basis }};")
    _body_para(doc, "{{ agency_name }} chi trả chế độ hỗ trợ cho:")
    _person(doc)
    _optional(doc, "case_number", "Hồ sơ số: {{ case_number }}.")
    _body_para(doc, "Nội dung: {{ item_name }}; thời gian: {{ period }}; số lượng: {{ quantity_display }}.")
    _optional(doc, "provider", "Đơn vị cung cấp: {{ provider }}.")
    _body_para(doc, "Số tiền: ", ("{{ amount_display }}", True), ".")
    _body_para(doc, "(Bằng chữ: {{ amount_in_words }}).", italic=True)
    _optional(doc, "funding_source", "Nguồn kinh phí: {{ funding_source }}.")
    _body_para(doc, ("NGƯỜI NHẬN", True), " (ký, ghi rõ họ tên): ...............................................")


def _recipients(cell):
    _para(cell, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, size=12, bold=True, italic=True)
    _tag(cell, "{%p for recipient in recipients %}")
    _para(cell, "- {{ recipient }}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    _tag(cell, "{%p endfor %}")
    _drop_first_empty_paragraph(cell)


def _signer(cell, lines_var, name_var=None, heading=None):
    if heading:
        _para(cell, heading, bold=True)
    _tag(cell, f"{{%p for line in {lines_var} %}}")
    _para(cell, "{{ line }}", bold=True)
    _tag(cell, "{%p endfor %}")
    if name_var:
        _signer_name(cell, name_var)
    _drop_first_empty_paragraph(cell)


def _signer_name(cell, name_var):
    for _ in range(4):  # room for the signature and the seal
        _para(cell, "", space_after=6)
    _para(cell, f"{{{{ {name_var} }}}}", bold=True)
    _drop_first_empty_paragraph(cell)


def _signatures(doc, kind):
    _para(doc, size=6)  # a little air before the signature block
    if kind == "handover_record":
        # two rows so that both names line up whatever the number of authority lines
        (left, right), (left_name, right_name) = _two_columns(doc, TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2, rows=2)
        _signer(left, "receiving_signer_authority_lines", heading="ĐẠI DIỆN BÊN NHẬN")
        _signer(right, "signer_authority_lines", heading="ĐẠI DIỆN BÊN GIAO")
        _signer_name(left_name, "receiving_signer_name")
        _signer_name(right_name, "signer_name")
        _para(doc, size=6)
        left, _right = _two_columns(doc, 80, TEXT_WIDTH_MM - 80)
        _recipients(left)
    else:
        left, right = _two_columns(doc, 75, TEXT_WIDTH_MM - 75)
        _recipients(left)
        _signer(right, "signer_authority_lines", "signer_name")


BODIES = {
    "victim_certificate": _body_victim_certificate,
    "return_certificate": _body_return_certificate,
    "handover_record": _body_handover_record,
    "payment_record": _body_payment_record,
}


def build_template(kind: str) -> bytes:
    """The docxtpl template for ``kind`` as .docx bytes."""
    doc = Document()
    _setup(doc)
    _header(doc)
    _loop(doc, "{%p for basis in legal_bases %}", "{{ basis }}", italic=True)
    BODIES[kind](doc)
    _loop(doc, "{%p for note in notes %}", "{{ note }}")
    _optional(doc, "closing", "{{ closing }}")
    _signatures(doc, kind)
    doc.core_properties.title = kind
    doc.core_properties.author = "SafeReturn"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@functools.cache
def cached_template(kind: str) -> bytes:
    return build_template(kind)
