"""The PDF is set in the serif font shipped with the project, so it is the same on every machine: on one
without Liberation or Times New Roman installed, "CÔNG AN THÀNH PHỐ CẦN THƠ" still fits on one line."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from safereturn.documents.rendering import FONT_FILES, FONTS_DIR, is_shipped_font, render_pdf

from .test_rendering import make_context

REPO = Path(__file__).resolve().parents[3]
SHIPPED = {"SafeReturn-Serif", "SafeReturn-Serif-Bold", "SafeReturn-Serif-Italic", "SafeReturn-Serif-Bold-Italic"}
HEADER = "CÔNG AN THÀNH PHỐ CẦN THƠ"


def pdf_fonts_and_lines(data: bytes) -> tuple[set[str], list[str]]:
    """The base names of the fonts a PDF embeds (without the subset prefix) and its text lines."""
    reader = PdfReader(io.BytesIO(data))
    fonts, lines = set(), []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"], "font not embedded"
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
        lines += [line.strip() for line in page.extract_text().splitlines()]
    return fonts, lines


def test_the_font_and_its_licence_ship_with_the_project():
    for name, _weight, _style in FONT_FILES:
        assert (FONTS_DIR / name).read_bytes()[:4] == b"\x00\x01\x00\x00", name  # TrueType
    assert "SIL Open Font License" in (FONTS_DIR / "LICENSE").read_text()


def test_pdf_embeds_only_the_shipped_font_and_the_header_does_not_wrap():
    fonts, lines = pdf_fonts_and_lines(render_pdf("victim_certificate", make_context()))
    assert fonts and fonts <= SHIPPED, fonts
    assert HEADER in lines


# Rendered in a fresh process whose fontconfig knows no font at all: only the shipped files are available.
PROBE = """
import sys
import django
django.setup()
from safereturn.documents.rendering import render_pdf
from safereturn.documents.tests.test_rendering import make_context
sys.stdout.buffer.write(render_pdf("victim_certificate", make_context()))
"""


def test_pdf_is_the_same_on_a_machine_without_any_system_font(tmp_path):
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
        "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "safereturn.settings.test",
    }
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, timeout=120)  # noqa: S603 (our own probe)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    fonts, lines = pdf_fonts_and_lines(result.stdout)
    assert fonts and fonts <= SHIPPED, json.dumps(sorted(fonts))
    assert HEADER in lines


def test_the_pdf_may_load_the_shipped_font_files_and_nothing_else():
    for name, _weight, _style in FONT_FILES:
        assert is_shipped_font((FONTS_DIR / name).as_uri())
    assert not is_shipped_font((FONTS_DIR / "LICENSE").as_uri())
    assert not is_shipped_font((FONTS_DIR / ".." / "rendering.py").as_uri())
    assert not is_shipped_font(f"file://{FONTS_DIR}/../../settings/base.py")
    assert not is_shipped_font("file:///usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    assert not is_shipped_font("https://fonts.example.org/LiberationSerif-Regular.ttf")
    assert not is_shipped_font("file://evil.example.org" + str(FONTS_DIR / "LiberationSerif-Regular.ttf"))
