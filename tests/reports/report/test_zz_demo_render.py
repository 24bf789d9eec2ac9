import os

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not os.environ.get("REPORT_DEMO_OUT"), reason="manual")
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
