"""Render official documents (Decree 30/2020/NĐ-CP layout) to Word and PDF.

    render_docx(kind, context) -> bytes     # .docx via docxtpl
    render_pdf(kind, context) -> bytes      # PDF via WeasyPrint from documents/<kind>.html
    amount_in_words_vnd(3000000) == "Ba triệu đồng"

``kind`` is one of KINDS. ``context`` is a plain dict; see ``contexts.py`` for the keys each kind needs.
A missing or malformed key raises ValueError naming it. Documents about identifiable victims carry the
"MẬT" mark unless the caller passes ``confidential=False``.
"""

from __future__ import annotations

import io
import logging

from django.template.loader import render_to_string
from num2words import num2words

from .contexts import KINDS, prepare_context
from .docx_templates import cached_template

# WeasyPrint reports every layout step at INFO; keep that out of the logs unless LOGGING asks for it.
_progress_log = logging.getLogger("weasyprint.progress")
if _progress_log.level == logging.NOTSET:
    _progress_log.setLevel(logging.WARNING)

__all__ = ["KINDS", "amount_in_words_vnd", "render_docx", "render_html", "render_pdf"]


def render_docx(kind: str, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    ctx = prepare_context(kind, context)
    tpl = DocxTemplate(io.BytesIO(cached_template(kind)))
    tpl.render(ctx, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_html(kind: str, context: dict) -> str:
    """The HTML the PDF is made from (also handy for a print preview)."""
    return render_to_string(f"documents/{kind}.html", prepare_context(kind, context))


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"official documents may not load external resources ({url})")


def render_pdf(kind: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: needs Debian's Pango at import time

    html = render_html(kind, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def amount_in_words_vnd(amount: int) -> str:
    """3000000 -> 'Ba triệu đồng' (num2words, Vietnamese)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError("amount must be an integer number of đồng")
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = num2words(amount, lang="vi").strip()
    return f"{words[:1].upper()}{words[1:]} đồng"
