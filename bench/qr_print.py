"""QR codes and printable supports: what drawing them costs over the libraries' floor.

Each figure is compared, interleaved in this process, with the library doing the bare
work: segno's own SVG or PNG of the same URL for the codes (our colours, logo and
checks on top), WeasyPrint laying out a one-line page for the supports (our template,
the embedded vector code and the accounts on top).

    python bench/qr_print.py [--runs 15]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import compare, emit, report, set_up_django  # noqa: E402

URL = "https://mostra.example.org/l/Ab3dEf9"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    set_up_django()
    import segno
    import weasyprint
    from PIL import Image

    from mostra.links.print import SHEETS, AccountLine, render_sheet
    from mostra.links.qr import QrStyle, render_pdf, render_png, render_svg
    from mostra.links.qr.logo import checked_logo

    picture = io.BytesIO()
    Image.new("RGB", (300, 150), "#d9230f").save(picture, format="PNG")
    logo = checked_logo(picture.getvalue())
    plain, branded = QrStyle(dark="#1a4d8f"), QrStyle(dark="#1a4d8f", logo=logo)
    accounts = [AccountLine("Bluesky", "@atelier.bsky.social"), AccountLine("Mastodon", "@a@b.fr")]

    def segno_svg() -> None:
        segno.make_qr(URL, error="m").save(io.BytesIO(), kind="svg", scale=10)

    def segno_png() -> None:
        segno.make_qr(URL, error="m").save(io.BytesIO(), kind="png", scale=16)

    def bare_pdf() -> None:
        weasyprint.HTML(string="<p>mostra</p>").write_pdf()

    def sheet(name: str, style: QrStyle):  # noqa: ANN202
        return lambda: render_sheet(
            SHEETS[name], url=URL, style=style, call_to_action="Come on Saturday", accounts=accounts
        )

    png, pdf = "segno's PNG", "a one-line WeasyPrint PDF"
    cases = [
        ("svg", lambda: render_svg(URL, plain), segno_svg, "segno's SVG"),
        ("png_600px", lambda: render_png(URL, plain, width_px=600), segno_png, png),
        ("png_600px_logo", lambda: render_png(URL, branded, width_px=600), segno_png, png),
        ("pdf_code_50mm", lambda: render_pdf(URL, plain), bare_pdf, pdf),
        ("card", sheet("card", plain), bare_pdf, pdf),
        ("flyer", sheet("flyer", branded), bare_pdf, pdf),
        ("stickers", sheet("stickers", branded), bare_pdf, pdf),
    ]
    figures: dict[str, object] = {}
    for name, measured, baseline, baseline_label in cases:
        comparison = compare(measured, baseline, args.runs)
        report(name, comparison, baseline=baseline_label)
        figures[name] = comparison.figures()
    flyer = figures["flyer"]
    assert isinstance(flyer, dict)
    emit(
        "qr_print",
        median_ms=flyer["median_ms"],
        baseline_ms=flyer["baseline_ms"],
        ratio=flyer["ratio"],
        cases=figures,
    )


if __name__ == "__main__":
    main()
