"""The report's files from a hand-made ReportData: what a reader checks is in them."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pypdf import PdfReader

from mostra.reports.report import html, infographic, pdf
from tests.reports.report.sample import sample

SVG = "{http://www.w3.org/2000/svg}"


def plain(text: str) -> str:
    """Spaces as a reader sees them (no-break and narrow no-break spaces included)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return plain(" ".join(page.extract_text() for page in reader.pages))


def svg_texts(document: str) -> list[str]:
    root = ET.fromstring(document)
    return [plain(t.text or "") for t in root.iter(f"{SVG}text")]


def test_the_french_pdf_carries_the_key_figures():
    content = pdf.render_pdf(sample("fr"))

    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "octobre 2026" in text
    assert "40 %" in text  # our repost ratio
    assert "70 %" in text  # the competitor's
    assert "12 345" in text
    assert "Faire connaître la fromagerie aux Lyonnais" in text
    # The forecast and its interval (a line may break after the dash).
    assert "18 200 (15 000–21 400)" in text.replace("– ", "–")
    # The team's notes (what is missing, how to get it) stay on the web page.
    assert "Les clics ne sont pas fournis par l'archive X." not in text


def test_the_english_pdf_names_the_month_in_english():
    text = pdf_text(pdf.render_pdf(sample("en")))

    assert "October 2026" in text
    assert "40%" in text and "70%" in text


def test_the_pdf_is_a4_with_numbered_pages():
    reader = PdfReader(io.BytesIO(pdf.render_pdf(sample("fr"))))

    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    pages = len(reader.pages)
    assert pages >= 2
    assert f"1 / {pages}" in plain(reader.pages[0].extract_text())


def test_the_svg_is_well_formed_and_shows_the_figures():
    document = infographic.svg(sample("fr"))

    root = ET.fromstring(document)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1080", "1350")
    texts = svg_texts(document)
    assert "Fromagerie du Lac" in texts
    assert "octobre 2026" in texts
    assert "40 %" in texts and "70 %" in texts
    assert "12 345" in texts
    assert "Faire connaître la fromagerie aux Lyonnais" in texts
    assert "mostra" in texts


def test_long_names_are_shortened_not_overflowing():
    texts = svg_texts(infographic.svg(sample("fr")))

    assert "@laiterie_concurrente_du_plateau_tres_long_nom" not in texts
    assert any(t.startswith("@laiterie_") and t.endswith("…") for t in texts)


def test_the_png_is_twice_the_svg_size():
    image = Image.open(io.BytesIO(infographic.png(sample("fr"))))

    assert image.format == "PNG"
    assert image.size == (2160, 2700)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_user_text_is_escaped_everywhere(language):
    data = sample(language, name="<script>alert(1)</script> & Co")
    data.comparison.accounts[1].label = "@<script>x</script>"

    document = infographic.svg(data)
    ET.fromstring(document)  # still well-formed
    assert "<script>" not in document
    assert "&lt;script&gt;" in document
    page = html.render_document(data)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
