"""Reading a QR code back in tests: zbarimg when the machine has it (apt package
zbar-tools), and always the modules compared with segno's matrix of the expected text."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import segno
from PIL import Image

from mostra.links.qr.render import QUIET_ZONE


def zbar_read(png: bytes) -> list[str] | None:
    """The texts zbarimg reads in ``png``; None when zbarimg is not installed."""
    if shutil.which("zbarimg") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "code.png"
        path.write_bytes(png)
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, check=False
        )
    return done.stdout.split()


def modules_match(png: bytes, text: str, *, error: str = "m") -> bool:
    """Whether the PNG's modules are exactly those of ``text``'s QR code at ``error``."""
    expected = segno.make_qr(text, error=error, boost_error=False)
    size = expected.symbol_size(border=0)[0]
    with Image.open(io.BytesIO(png)) as picture:
        grey = picture.convert("L")
    scale = grey.width // (size + 2 * QUIET_ZONE)
    for row, line in enumerate(expected.matrix):
        for column, dark in enumerate(line):
            x = (column + QUIET_ZONE) * scale + scale // 2
            y = (row + QUIET_ZONE) * scale + scale // 2
            if (grey.getpixel((x, y)) < 128) != bool(dark):
                return False
    return True


def pdf_page_png(pdf: bytes) -> bytes | None:
    """The PDF's first page as a PNG at 150 dpi; None without pdftoppm (poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(source), f"{folder}/p"],
            check=True,
            capture_output=True,
        )
        return next(Path(folder).glob("p*.png")).read_bytes()
