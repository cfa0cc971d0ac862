"""PDFs and the machine's fonts. The test PDFs embed the font they are drawn with, so they read
the same on a machine without CJK fonts; a received PDF whose text cannot be extracted (fonts it
does not embed and this machine lacks, glyphs without a Unicode mapping) is refused with what
went wrong and what to do, never as "not a work plan notice".

"A machine without CJK fonts" is made in a child process by starting PDFium with an empty font
folder instead of the system's (its `m_pUserFontPaths`), whatever fonts this machine has.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import documents
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from documents import Layout
from helpers import ROOT

WUZHI = ROOT / "content" / "sources" / "001_a1d7dc5c527cc8fc.txt"
ARGS = ["--id", "wuzhi-2022", "--jurisdiction", "wuzhi"]

# Runs `python -m generator import ARGS…` with PDFium seeing no font but its built-in ones.
WITHOUT_FONTS = """
import ctypes, sys
import pypdfium2.raw as c
from pypdfium2 import _library_scope
from pypdfium2.internal import bases
_library_scope.destroy_lib()
P = ctypes.POINTER(ctypes.c_char)
paths = (P * 2)(ctypes.cast(ctypes.c_char_p(sys.argv[1].encode()), P), None)
c.FPDF_InitLibraryWithConfig(c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.POINTER(P)),
                                                   m_pIsolate=None, m_v8EmbedderSlot=0))
bases.LIBRARY_AVAILABLE = True
from generator.importer import main
sys.exit(main(sys.argv[2:]))
"""


def import_without_fonts(pdf: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    fonts = tmp_path / "no-fonts"
    fonts.mkdir(exist_ok=True)
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-c", WITHOUT_FONTS, str(fonts), str(pdf), "--content", str(content), *ARGS],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def justified_notice() -> documents.Notice:
    """The layout that lost its text on a machine without CJK fonts: every character set on its own."""
    return documents.notice_from_text(WUZHI.read_text(encoding="utf-8"), layout=Layout(page_number="-{n}-", justify=True))


def test_the_test_pdfs_embed_every_font_they_use(tmp_path):
    pdf = pdfium.PdfDocument(documents.gbt9704_pdf(justified_notice(), tmp_path / "wuzhi.pdf"))
    fonts = [pdfium_c.FPDFTextObj_GetFont(text.raw) for page in pdf
             for text in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,))]
    assert fonts and all(pdfium_c.FPDFFont_GetIsEmbedded(font) for font in fonts)


def test_a_test_pdf_imports_the_same_on_a_machine_without_cjk_fonts(tmp_path):
    pdf = documents.gbt9704_pdf(justified_notice(), tmp_path / "wuzhi.pdf")
    result = import_without_fonts(pdf, tmp_path)
    assert result.returncode == 0, result.stderr
    plan = (tmp_path / "content" / "plans" / "wuzhi-2022.yaml").read_text(encoding="utf-8")
    assert "全面提升我县食品安全保障水平" in plan and "坚持人民至上、安全第一" in plan


def _stsong_pdf(path: Path) -> Path:
    """The notice set in Adobe's STSong-Light, named by the PDF and not embedded, as many portals' PDFs are."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), invariant=1)
    lines = [line for line in WUZHI.read_text(encoding="utf-8").splitlines() if line.strip()][:40]
    for page in range(0, len(lines), 20):
        for row, line in enumerate(lines[page:page + 20]):
            x = 60.0
            for char in line[:30]:  # each character on its own, as justified lines are set
                pdf.setFont("STSong-Light", 14)
                pdf.drawString(x, 780 - 36 * row, char)
                x += 16
        pdf.showPage()
    pdf.save()
    return path


def test_a_pdf_whose_fonts_are_not_embedded_says_so_on_a_machine_without_them(tmp_path):
    result = import_without_fonts(_stsong_pdf(tmp_path / "portal.pdf"), tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a work plan notice" not in result.stderr
    for words in ("text cannot be extracted on this machine", "STSong-Light", "does not embed",
                  "apt-get install fonts-noto-cjk", ".docx"):
        assert words in result.stderr, (words, result.stderr)
    assert not any((tmp_path / "content").iterdir())


def _without_unicode_maps(path: Path) -> Path:
    """A PDF whose embedded fonts have no ToUnicode map: the glyphs name no characters."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), invariant=1, pageCompression=0)
    pdf.setFont(documents.font(), 16)
    lines = [line for line in WUZHI.read_text(encoding="utf-8").splitlines() if line.strip()][:20]
    for row, line in enumerate(lines):
        pdf.drawString(60, 780 - 36 * row, line[:30])
    pdf.showPage()
    pdf.save()
    data, count = re.subn(rb"/ToUnicode \d+ 0 R", b"", path.read_bytes())
    assert count
    path.write_bytes(data)
    return path


def test_a_pdf_whose_glyphs_have_no_unicode_mapping_says_so(tmp_path):
    pdf = _without_unicode_maps(tmp_path / "unmapped.pdf")
    content = tmp_path / "content"
    content.mkdir()
    result = subprocess.run([sys.executable, "-m", "generator", "import", str(pdf), "--content", str(content), *ARGS],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a work plan notice" not in result.stderr
    for words in ("text cannot be extracted", "without a Unicode mapping", "ocrmypdf", ".docx"):
        assert words in result.stderr, (words, result.stderr)


@pytest.mark.parametrize("make", [_stsong_pdf], ids=["fonts-not-embedded"])
def test_a_pdf_whose_fonts_are_not_embedded_is_read_with_a_warning_where_the_fonts_exist(make, tmp_path):
    """With the machine's fonts PDFium reads it; the import says the text depends on them."""
    if not subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip():
        pytest.skip("this machine has no CJK font (the case above covers it)")
    from generator.importer.readers.pdf import read_pdf

    reading = read_pdf(make(tmp_path / "portal.pdf").read_bytes(), "portal.pdf")
    assert any("does not embed its fonts (STSong-Light)" in w for w in reading.warnings), reading.warnings
