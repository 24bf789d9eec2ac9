"""The demo workspace's last-month report renders in every format and language, with
its year of history: the figures a reader checks are in the PDF's text and the PNG has
the infographic's size.

For a visual check, keep the files: ``REPORT_DEMO_OUT=/tmp/out pytest
tests/reports/report/test_demo_render.py``, then look at the PNG and at the PDF's pages
(``pdftoppm -png -r 60 demo-fr.pdf page``)."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_render_demo(owner, tmp_path):
    from django.utils import timezone

    from mostra.core.demo import build_demo
    from mostra.reports import services
    from mostra.reports.report.period import last_month

    ws = build_demo(owner)
    out = Path(os.environ.get("REPORT_DEMO_OUT") or tmp_path)
    for lang, ratio in (("fr", "Taux de repartage"), ("en", "Repost ratio")):
        data = services.gather(ws, last_month(timezone.localdate()), lang)
        for fmt in ("pdf", "png", "svg", "html"):
            f = services.render(data, fmt)
            mode = "wb" if isinstance(f.content, bytes) else "w"
            with open(out / f"demo-{lang}.{fmt}", mode) as fh:
                fh.write(f.content)
            if fmt == "pdf":
                text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.content)).pages)
                assert "Atelier Vélo Solidaire" in text and ratio in text
                assert "cyclorecup_lyon" in text and "avs_lyon" in text
            if fmt == "png":
                assert Image.open(io.BytesIO(f.content)).size == (2160, 2700)
