"""In a browser, the measurement part's reference case: Alice is told her X account
"reposts too much". She uploads her archive and her competitor's (the example files of
the README) on the import page, reads the two repost ratios side by side on the
comparison page, and opens October's report, whose infographic shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mostra.analytics.models import AccountPost, TrackedAccount
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def upload(page, base: str, name: str, competitor: bool) -> None:
    page.goto(f"{base}/imports/")
    page.select_option("#id_kind", "x-archive")
    page.set_input_files("#id_file", str(EXAMPLES / name))
    if competitor:
        page.check("#id_competitor")
    with page.expect_navigation():
        page.click("main form[enctype] button[type=submit]")
    assert page.locator(".msg.success").is_visible(), page.content()[:2000]


def test_two_archives_compared_then_reported(
    page, live_server, workspace, owner, screenshot
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/w/{workspace.slug}/")
    base = f"{live_server.url}/w/{workspace.slug}/analytics"

    upload(page, base, "x-archive-atelier.zip", competitor=False)
    upload(page, base, "x-archive-roue-libre.zip", competitor=True)
    own, rival = (
        TrackedAccount.objects.get(handle="atelier_exemple"),
        TrackedAccount.objects.get(handle="roue_libre_exemple"),
    )
    assert not own.is_competitor and rival.is_competitor
    assert AccountPost.objects.filter(account=own).count() == 400
    # the page lists both imports with what they brought
    assert page.locator("text=x-archive-roue-libre.zip").first.is_visible()

    page.goto(f"{base}/compare/?period=custom&from=2026-10-01&to=2026-10-31")
    row = page.locator("tr[data-kpi=repost_ratio]")
    cells = row.locator("td").all_inner_texts()
    assert [c.strip() for c in cells] == ["41.6%", "68.8%"]
    screenshot(page, "reference-case-compare")

    page.goto(f"{live_server.url}/w/{workspace.slug}/reports/report/?period=2026-10&lang=en")
    infographic = page.locator("main svg").first
    text = infographic.inner_html()
    assert "42%" in text and "69%" in text, text[:3000]
    screenshot(page, "reference-case-report")
