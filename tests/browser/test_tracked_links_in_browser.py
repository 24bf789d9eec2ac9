"""Tracked links and a printed flyer, end to end in French, in a browser (issue 17).

Odile tracks the link of her post "Atelier du samedi", prints its QR code on an A5 flyer
(a PDF whose code reads back as the flyer's own short address), and the flyer is scanned
30 times by phones, while 5 link-preview robots fetch it too. The post, the dashboard and
the monthly report then show 30 clicks, all from the flyer.
"""

from __future__ import annotations

import shutil
import subprocess

import httpx
import pytest
from django.utils import timezone

from mostra.editorial.models import Post, PostVariant
from mostra.links import cache, clicks
from mostra.links.models import Medium, TrackedLink
from tests.browser.test_daily_loop_in_browser import browser_for, fr

pytestmark = pytest.mark.django_db(transaction=True)
TARGET = "https://atelier.example.org/samedi"
PHONES = [
    f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_{i} like Mac OS X) AppleWebKit/605.1.15 "
    f"(KHTML, like Gecko) Version/17.{i} Mobile/15E{148 + i} Safari/604.1"
    if i % 2
    else f"Mozilla/5.0 (Linux; Android 14; Pixel {i // 2 + 4}) AppleWebKit/537.36 "
    f"(KHTML, like Gecko) Chrome/12{i}.0.0.0 Mobile Safari/537.36"
    for i in range(30)
]
ROBOTS = [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.23.20.0",
]


@pytest.fixture
def buffer(monkeypatch) -> clicks.ClickBuffer:
    """The clicks counted by the live server, written when the test says (the flusher
    thread would write from another thread into the test's in-memory database)."""
    fresh = clicks.ClickBuffer(autostart=False)
    monkeypatch.setattr(clicks, "buffer", fresh)
    cache.clear()
    yield fresh
    cache.clear()


def test_a_flyers_scans_are_counted_on_the_post_the_dashboard_and_the_report(
    browser, live_server, workspace, owner, buffer, screenshot, tmp_path
):
    owner.language = "fr"
    owner.save()
    post = Post.objects.create(
        workspace=workspace, title="Atelier du samedi", main_text="Inscrivez-vous !"
    )
    PostVariant.objects.create(post=post, network="instagram", text="Inscrivez-vous !", link=TARGET)
    base = f"{live_server.url}/w/{workspace.slug}"
    context, page = browser_for(browser, live_server, owner)
    try:
        # --- The post's link, tracked from the post's page -------------------------------
        page.goto(f"{base}/posts/{post.pk}/")
        with page.expect_navigation():
            page.locator("#post-tracked-links button[type=submit]").click()
        link = TrackedLink.objects.get(post=post, parent=None)
        assert (link.target, link.utm_source, link.utm_medium) == (TARGET, "instagram", "organic")
        assert f"/l/{link.code}" in page.locator("#post-tracked-links").inner_text()
        screenshot(page, "links-01-post-tracked")

        # --- Its QR code printed on an A5 flyer ---------------------------------------------
        page.goto(f"{base}/links/")
        page.locator(f"a[href$='/links/{link.pk}/qr/']").click()
        page.select_option("#id_template", "flyer")
        page.fill("#id_call_to_action", "Réservez votre atelier du samedi")
        with page.expect_download() as download:
            page.click("#qr-form button[type=submit]")
        flyer_pdf = tmp_path / "flyer.pdf"
        download.value.save_as(flyer_pdf)
        assert flyer_pdf.read_bytes().startswith(b"%PDF")
        flyer = TrackedLink.objects.get(parent=link)
        assert (flyer.utm_medium, flyer.support, flyer.post_id) == (
            Medium.OFFLINE,
            "flyer",
            post.pk,
        )
        flyer_url = f"{live_server.url}/l/{flyer.code}"
        if shutil.which("pdftoppm") and shutil.which("zbarimg"):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "150", str(flyer_pdf), str(tmp_path / "page")],
                check=True,
            )
            [png] = sorted(tmp_path.glob("page*.png"))
            read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True)
            assert read.stdout.decode().strip() == flyer_url  # the code is the flyer's link
        screenshot(page, "links-02-qr-page")

        # --- 30 phones scan it, 5 link-preview robots fetch it -------------------------------
        with httpx.Client(follow_redirects=False) as http:
            for agent in PHONES + ROBOTS:
                answer = http.get(flyer_url, headers={"User-Agent": agent})
                assert answer.status_code == 302
                assert answer.headers["location"].startswith(TARGET + "?utm_source=flyer")
                assert "utm_medium=offline" in answer.headers["location"]
        buffer.flush()

        # --- The post, the dashboard and the report show 30 clicks from the flyer --------
        page.goto(f"{base}/posts/{post.pk}/")
        tracked = page.locator("#post-tracked-links")
        assert tracked.locator("[data-clicks]").get_attribute("data-clicks") == "30"
        assert "30 clics" in tracked.inner_text()
        screenshot(page, "links-03-post-clicks")

        page.goto(f"{base}/reports/dashboard/")
        supports = page.locator("#dash-clicks-supports")
        assert supports.locator("[data-support=flyer]").get_attribute("data-clicks") == "30"
        assert fr("Printed supports:") in supports.inner_text()
        screenshot(page, "links-04-dashboard")

        today = timezone.localdate()
        page.goto(f"{base}/reports/report/?period={today:%Y-%m}&lang=fr")
        row = page.locator("#r-clicks-supports tr[data-support=flyer]")
        assert row.locator("td").all_inner_texts()[:2] == ["flyer", "30"]
        assert page.locator("#r-clicks [data-clicks]").get_attribute("data-clicks") == "30"
        screenshot(page, "links-05-report")
    finally:
        context.close()
