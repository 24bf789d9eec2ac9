"""QR codes drawn for print: they read back as the URL, at the announced error
correction, in the colours asked; unscannable colours and non-image logos refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from mostra.links.qr import QrRefused, QrStyle, render_pdf, render_png, render_svg
from mostra.links.qr.colours import checked_colours
from mostra.links.qr.logo import checked_logo
from mostra.links.qr.render import make_code, pixels
from tests.links.qr_reading import modules_match, pdf_page_png, zbar_read

URL = "https://mostra.example/l/Ab3dEf9"
MM = 72 / 25.4


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), "#d9230f").save(out, format="PNG")
    return out.getvalue()


def test_png_reads_back_as_the_url_with_medium_correction_and_quiet_zone():
    png = render_png(URL, QrStyle(), width_px=500, dpi=300)
    assert modules_match(png, URL, error="m")
    assert not modules_match(png, URL + "x", error="m")
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.width <= 500
        assert round(picture.info["dpi"][0]) == 300
        corner = picture.convert("L").getpixel((picture.width // 40, picture.width // 40))
    assert corner == 255  # the quiet zone is background
    read = zbar_read(png)
    if read is not None:
        assert read == [URL]


def test_colours_are_the_ones_asked_and_unscannable_ones_refused():
    dark, light = checked_colours("#1A4D8F", "fff")
    assert (dark, light) == ("#1a4d8f", "#ffffff")
    png = render_png(URL, QrStyle(dark=dark, light=light), width_px=300)
    with Image.open(io.BytesIO(png)) as picture:
        colours = {colour for _count, colour in picture.convert("RGB").getcolors(10)}
    assert colours == {(0x1A, 0x4D, 0x8F), (255, 255, 255)}
    assert checked_colours() == ("#000000", "#ffffff")
    with pytest.raises(QrRefused, match="too low to scan"):
        checked_colours("#ffd966", "#ffffff")
    with pytest.raises(QrRefused, match="swap them"):
        checked_colours("#ffffff", "#000000")
    with pytest.raises(QrRefused, match="#rrggbb"):
        checked_colours("navy", "")


def test_a_logo_raises_the_correction_to_h_and_the_code_still_reads():
    logo = checked_logo(logo_png())
    style = QrStyle(logo=logo)
    assert make_code(URL, style).error == "H"
    assert make_code(URL, QrStyle()).error == "M"
    png = render_png(URL, style, width_px=600)
    assert not modules_match(png, URL, error="h")  # the logo covers modules…
    read = zbar_read(png)
    if read is not None:
        assert read == [URL]  # …which H's 30 % of redundancy restores
    assert "data:image/png;base64," in render_svg(URL, style)


def test_a_logo_that_is_not_a_png_or_jpeg_is_refused():
    with pytest.raises(QrRefused, match="not an image"):
        checked_logo(b"%PDF-1.4 not a picture")
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    with pytest.raises(QrRefused, match="GIF image: upload a PNG or JPEG"):
        checked_logo(gif.getvalue())
    with pytest.raises(QrRefused, match="empty"):
        checked_logo(b"")


def test_pdf_is_one_vector_page_of_the_width_asked():
    pdf = render_pdf(URL, QrStyle(), width_mm=40)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(40 * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(40 * MM, abs=0.5)
    assert not page.images  # drawn with paths, sharp at any size
    picture = pdf_page_png(pdf)
    if picture is not None:
        read = zbar_read(picture)
        if read is not None:
            assert read == [URL]


def test_svg_has_the_print_size_asked():
    svg = render_svg(URL, QrStyle(), module_mm=0.5)
    assert 'width="' in svg and "mm" in svg.split(">", 1)[0]


def test_bad_targets_and_sizes_are_refused():
    with pytest.raises(QrRefused, match="not a web address"):
        render_png("javascript:alert(1)", QrStyle())
    with pytest.raises(QrRefused, match="50 to 8000 pixels"):
        pixels(size_px=20)
    assert pixels(size_mm=25.4, dpi=300) == 300
    with pytest.raises(QrRefused, match="10 to 1000 mm"):
        render_pdf(URL, QrStyle(), width_mm=2)


@pytest.mark.django_db
def test_a_sheet_speaks_the_language_asked():
    from mostra.links.print import SHEETS, AccountLine, render_sheet

    pdf = render_sheet(
        SHEETS["flyer"],
        url=URL,
        style=QrStyle(),
        call_to_action="Samedi",
        accounts=[AccountLine("Bluesky", "@a.bsky.social")],
        language="en",
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Follow us" in text and "Samedi" in text and "@a.bsky.social" in text
