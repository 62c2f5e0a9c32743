"""Render official documents (Decree 30/2020/NĐ-CP layout) to Word and PDF.

    render_docx(kind, context) -> bytes     # .docx via docxtpl
    render_pdf(kind, context) -> bytes      # PDF via WeasyPrint from documents/<kind>.html
    amount_in_words_vnd(3000000) == "Ba triệu đồng"

``kind`` is one of KINDS. ``context`` is a plain dict; see ``contexts.py`` for the keys each kind needs.
A missing or malformed key raises ValueError naming it. Documents about identifiable victims carry the
"MẬT" mark unless the caller passes ``confidential=False``.

The PDF is set in the serif font shipped in ``fonts/`` (Liberation Serif, metric-compatible with Times New
Roman, SIL Open Font License 1.1), loaded with @font-face from those files at render time: the same PDF on
every machine, whatever fonts the system has. Nothing else may be loaded.
"""

from __future__ import annotations

import functools
import io
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from num2words import num2words

from .contexts import KINDS, prepare_context
from .docx_templates import cached_template

# WeasyPrint reports every layout step at INFO; keep that out of the logs unless LOGGING asks for it.
_progress_log = logging.getLogger("weasyprint.progress")
if _progress_log.level == logging.NOTSET:
    _progress_log.setLevel(logging.WARNING)

__all__ = ["KINDS", "amount_in_words_vnd", "render_docx", "render_html", "render_pdf"]

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
# The family name the stylesheet asks for first; only the @font-face rules below define it.
FONT_FAMILY = "SafeReturn Serif"
FONT_FILES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)


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


def font_face_css() -> str:
    """@font-face rules for the shipped font, as file URLs resolved where the project is installed."""
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{(FONTS_DIR / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FONT_FILES
    )


def is_shipped_font(url: str) -> bool:
    """True only for a file URL naming one of the shipped font files."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.parent == FONTS_DIR and path.name in {name for name, _weight, _style in FONT_FILES}


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher  # imported late: needs Debian's Pango at import time

    class ShippedFontsOnly(URLFetcher):
        """Official documents load the shipped font files and nothing else."""

        def fetch(self, url, headers=None):
            if not is_shipped_font(url):
                raise ValueError(f"official documents may not load external resources ({url})")
            return super().fetch(url, headers)

    return ShippedFontsOnly


def render_pdf(kind: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported late: needs Debian's Pango at import time
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(kind, context)
    fetcher = _fetcher_class()()
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[fonts], font_config=font_config)


def amount_in_words_vnd(amount: int) -> str:
    """3000000 -> 'Ba triệu đồng' (num2words, Vietnamese)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError("amount must be an integer number of đồng")
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = num2words(amount, lang="vi").strip()
    return f"{words[:1].upper()}{words[1:]} đồng"
