"""Render the demo workspace's last-month report (PDF, PNG, SVG, HTML, FR and EN) for a
visual check: ``REPORT_DEMO_OUT=/tmp/out pytest tests/reports/report/test_demo_render.py``,
then look at the PNG and at the PDF's pages (``pdftoppm -png -r 60 demo-fr.pdf page``).
Skipped otherwise; it also checks that a year of demo history renders without error."""

import os

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    not os.environ.get("REPORT_DEMO_OUT"),
    reason="set REPORT_DEMO_OUT to a folder to render the demo report",
)
def test_render_demo(owner):
    from django.utils import timezone

    from mostra.core.demo import build_demo
    from mostra.reports import services
    from mostra.reports.report.period import last_month

    ws = build_demo(owner)
    from mostra.analytics.demo import seed_demo_analytics

    seed_demo_analytics(ws)
    out = os.environ["REPORT_DEMO_OUT"]
    for lang in ("fr", "en"):
        data = services.gather(ws, last_month(timezone.localdate()), lang)
        for fmt in ("pdf", "png", "svg", "html"):
            f = services.render(data, fmt)
            mode = "wb" if isinstance(f.content, bytes) else "w"
            with open(f"{out}/demo-{lang}.{fmt}", mode) as fh:
                fh.write(f.content)
