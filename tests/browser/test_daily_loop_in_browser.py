"""The team's daily loop in French, in two browsers, against real peers (issue 13).

Alice (editor) writes a post for Instagram and Bluesky with an image and submits it;
Bob (manager, approver) is told in the app and by a real e-mail, sends it back with a
note; Alice fixes it and submits again; Bob approves and the post is scheduled. At its
time the worker publishes the Bluesky variant on a real PDS and makes the Instagram one
due by hand; Alice is told, copies the text, pastes the Instagram address and marks it
published. The home page says what waits at each step.

Peers: Chromium, the local Bluesky PDS (tests/peers/bluesky) and the SMTP server
(tests/peers/smtp.py). French strings still waiting in var/fr-pending are added to the
catalogue meanwhile (tests/core/pending_french.py).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import polib
import pytest
from click.testing import CliRunner
from django.utils import timezone, translation
from django.utils.translation import trans_real

from mostra import cli
from mostra.core.models import Membership, Role, User, Workspace
from mostra.core.services.workspaces import create_workspace, workspace_language
from mostra.editorial.models import Post, PostStatus
from mostra.publishing.connect.bluesky import connect_bluesky
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import clock
from mostra.publishing.services import by_hand
from mostra.strategy import document as d
from mostra.strategy.services import objects as strategy_objects
from mostra.strategy.services import readiness as strategy_readiness
from tests.conftest import PASSWORD
from tests.core.pending_french import PENDING
from tests.editorial.test_media import png
from tests.peers import smtp
from tests.peers.bluesky import bluesky_pds
from tests.strategy.fromagerie import build_strategy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.peer]
smtp_server = smtp.smtp_server
__all__ = ["bluesky_pds", "smtp_server"]

PARIS = ZoneInfo("Europe/Paris")
FIRST = (
    "Le comté 24 mois est arrivé en cave ce matin 🧀 Venez le goûter samedi au marché "
    "de la Croix-Rousse."
)
FIXED = (
    "Le comté 24 mois est arrivé ce matin 🧀 Dégustation samedi dès 8 h au marché de la "
    "Croix-Rousse, avec Marcel, notre affineur."
)
NOTE = "Dis qui fait la dégustation et à quelle heure on ouvre."
INSTAGRAM_URL = "https://www.instagram.com/p/C4fr0mage1/"


@pytest.fixture
def french() -> Iterator[None]:
    """Every French fragment still waiting for the merge, in the catalogue meanwhile
    (as tests/core/pending_french.py does for one; a fragment without a header is read
    as UTF-8)."""
    catalogue = trans_real.translation("fr")._catalog
    catalogues, plurals = [dict(c) for c in catalogue._catalogs], list(catalogue._plurals)
    for fragment in sorted(PENDING.glob("*.po")):
        po = polib.pofile(str(fragment))
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.metadata.setdefault("Plural-Forms", "nplurals=2; plural=(n > 1);")
        compiled = gettext.GNUTranslations(io.BytesIO(po.to_binary()))
        compiled._catalog.pop("", None)  # type: ignore[attr-defined]
        catalogue.update(compiled)
    try:
        yield
    finally:
        catalogue._catalogs[:], catalogue._plurals[:] = catalogues, plurals


@pytest.fixture
def mail(settings, smtp_server) -> smtp.SmtpPeer:
    """E-mails through the real SMTP peer (as tests/notifications/test_smtp_peer.py)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_ENABLED = True
    return smtp_server


@dataclass
class Team:
    workspace: Workspace
    alice: User
    bob: User
    #: The Bluesky account's repository on the PDS.
    bluesky_did: str


@pytest.fixture
def team(settings, bluesky_pds) -> Team:
    """A French workspace: Odile owns it and set it up; Alice writes, Bob approves.

    Instagram is ready through the strategy (tests/strategy/fromagerie.py); Bluesky is a
    platform whose readiness Odile overrides. Instagram is published by hand by Alice;
    Bluesky is connected to the real PDS with an app password.
    """
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # the PDS runs on 127.0.0.1
    odile = User.objects.create_user(
        "odile@example.org", PASSWORD, display_name="Odile Favre", language="fr"
    )
    alice = User.objects.create_user(
        "alice@example.org", PASSWORD, display_name="Alice Martin", language="fr"
    )
    bob = User.objects.create_user(
        "bob@example.org", PASSWORD, display_name="Bob Durand", language="fr"
    )
    workspace = create_workspace(odile, "Fromagerie du Lac", slug="fromagerie")
    Workspace.objects.filter(pk=workspace.pk).update(approval_policy="one")
    workspace.refresh_from_db()
    owner = Membership.objects.get(workspace=workspace, user=odile)
    Membership.objects.create(workspace=workspace, user=alice, role=Role.EDITOR)
    Membership.objects.create(workspace=workspace, user=bob, role=Role.MANAGER, is_approver=True)
    build_strategy(owner)
    strategy_objects.save_platform(
        owner, d.Platform(network="bluesky", handle="@fromagerie.test", stage="launching")
    )
    strategy_readiness.override(
        owner, "bluesky", "Nous lançons Bluesky ce mois-ci : la stratégie suivra."
    )
    by_hand.add_account(owner, "instagram", "@fromageriedulac", alice.email)
    peer_user = bluesky_pds.new_account("fromagerie")
    connect_bluesky(owner, peer_user.handle, peer_user.app_password, bluesky_pds.url)
    assert workspace_language(workspace) == "fr"
    return Team(workspace, alice, bob, peer_user.did)


def browser_for(browser, live_server, user: User):
    """A French browser of the user's own, logged in."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/**")
    return context, page


def fr(text: str, context: str = "") -> str:
    """The French of an English string of the code (refused when not translated)."""
    with translation.override("fr"):
        french = translation.pgettext(context, text) if context else translation.gettext(text)
    assert french != text, f"no French for {text!r}"
    return french


def fr_status(label: str) -> str:
    return fr(label, "post status")


def run_worker() -> str:
    """``mostra worker --until-idle``: e-mails, publications, what is due."""
    result = CliRunner().invoke(cli.mostra, ["worker", "--until-idle"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_daily_loop_in_french(
    browser,
    live_server,
    team,
    mail,
    french,
    bluesky_pds,
    screenshot,
    tmp_path,
    settings,
    monkeypatch,
):
    settings.MEDIA_ROOT = str(tmp_path)
    workspace, base = team.workspace, f"{live_server.url}/w/{team.workspace.slug}"
    image = tmp_path / "comte.jpg"  # Instagram takes JPEG, not PNG
    image.write_bytes(png(800, 600, "JPEG"))
    when = (timezone.now() + dt.timedelta(minutes=15)).astimezone(PARIS)

    # --- Alice writes the post and submits it ---------------------------------------
    alice_context, alice = browser_for(browser, live_server, team.alice)
    bob_context, bob = browser_for(browser, live_server, team.bob)
    try:
        alice.goto(f"{base}/posts/new/")
        assert alice.locator("html").get_attribute("lang") == "fr"
        with alice.expect_response(lambda r: "/posts/slots/" in r.url):
            alice.select_option("#id_tactic", label="Photo des arrivages")
        alice.wait_for_load_state("networkidle")  # the tactic's slots in place
        alice.fill("#id_title", "Comté 24 mois")
        alice.fill("#id_date", when.strftime("%Y-%m-%d"))
        alice.fill("#id_time", when.strftime("%H:%M"))
        for box in alice.locator("input[name=networks]").all():
            box.uncheck()
        alice.check("input[name=networks][value=instagram]")
        alice.check("input[name=networks][value=bluesky]")
        alice.fill("#id_main_text", FIRST)
        alice.set_input_files("#id_upload", str(image))
        alice.fill("#id_upload_alt", "Une meule de comté sur une planche")
        screenshot(alice, "loop-01-composer")
        with alice.expect_navigation():
            alice.click("#post-form button[type=submit]")
        assert alice.locator(".alert.err").count() == 0, alice.locator("main").inner_text()
        post = Post.objects.get(workspace=workspace)
        assert sorted(v.network for v in post.variants.all()) == ["bluesky", "instagram"]
        assert all(v.media.count() == 1 for v in post.variants.all())
        post_url = f"{base}/posts/{post.pk}/"
        assert alice.url == post_url
        actions = alice.locator(f"#post-actions-{post.pk}")
        actions.locator("button[data-action=submit]").click()
        alice.wait_for_timeout(2000)
        screenshot(alice, "loop-debug")
        actions.locator("[data-status=in_review]").wait_for()
        assert fr_status("In review") in actions.inner_text()
        screenshot(alice, "loop-02-submitted")

        # Her home page shows it waiting, in the next seven days.
        alice.goto(f"{base}/")
        agenda = alice.locator("#next-days")
        assert "Comté 24 mois" in agenda.inner_text()
        assert fr_status("In review") in agenda.inner_text()
        assert alice.locator("#waiting-approval").count() == 0  # she approves nothing

        # --- Bob is told: the bell, the notifications page, an e-mail ---------------
        run_worker()
        [received] = [m for m in mail.messages if team.bob.email in m.rcpt_tos]
        asked = fr("%(actor)s asks for your approval of “%(post)s”.") % {
            "actor": "Alice Martin",
            "post": "Comté 24 mois",
        }
        assert asked in received["Subject"]
        assert f"/w/{workspace.slug}/posts/{post.pk}/" in received.text
        assert not [m for m in mail.messages if team.alice.email in m.rcpt_tos]

        bob.goto(f"{base}/")
        assert bob.locator("#notification-bell .bell-count").inner_text() == "1"
        waiting = bob.locator("#waiting-approval")
        assert "Comté 24 mois" in waiting.inner_text()
        assert "Alice Martin" in waiting.inner_text()
        screenshot(bob, "loop-03-bob-home")
        bob.click("#notification-bell")
        bob.wait_for_url(f"{base}/notifications/")
        assert asked in bob.locator("main").inner_text()
        screenshot(bob, "loop-04-bob-notifications")

        # --- Bob opens the post: both variants, the image, the previews; sends it back
        bob.goto(post_url)
        for network in ("instagram", "bluesky"):
            preview = bob.locator(f"#preview-{network}")
            assert "comté 24 mois" in preview.inner_text().lower()
            assert bob.locator(f"#variant-{network}").count() == 1  # its text, its media
            thumb = preview.locator("img").first
            thumb.scroll_into_view_if_needed()  # loading="lazy"
            assert thumb.evaluate("i => i.decode().then(() => i.naturalWidth)") > 0
        bob_actions = bob.locator(f"#post-actions-{post.pk}")
        assert bob_actions.locator("button[data-action=approve]").is_visible()
        screenshot(bob, "loop-05-bob-reviews")
        bob_actions.locator("textarea[name=note]").fill(NOTE)
        bob_actions.locator("button[data-action=request_changes]").click()
        bob_actions.locator("[data-status=changes_requested]").wait_for()
        assert Post.objects.get(pk=post.pk).status == PostStatus.CHANGES_REQUESTED

        # --- Alice sees the note on the post, on the calendar, and is told ---------
        alice.goto(f"{base}/")
        sent_back = alice.locator("#sent-back")
        assert "Comté 24 mois" in sent_back.inner_text() and NOTE in sent_back.inner_text()
        assert alice.locator("#notification-bell .bell-count").inner_text() == "1"
        told = fr("%(actor)s sent “%(post)s” back for changes.") % {
            "actor": "Bob Durand",
            "post": "Comté 24 mois",
        }
        assert told in alice.locator("#notifications").inner_text()
        screenshot(alice, "loop-06-alice-home-sent-back")
        alice.goto(post_url)
        note = alice.locator("#sent-back-note")
        assert NOTE in note.inner_text() and "Bob Durand" in note.inner_text()
        alice.goto(f"{base}/calendar/{when.year}/{when.month}/")
        chip = alice.locator(f"#post-{post.pk}")
        assert fr_status("Sent back") in chip.inner_text()
        assert NOTE in (chip.locator(".chip-status").get_attribute("title") or "")
        screenshot(alice, "loop-07-calendar-sent-back")

        # She fixes the text and submits again.
        alice.goto(post_url)
        alice.fill("#id_main_text", FIXED)
        with alice.expect_navigation():
            alice.click("#post-form button[type=submit]")
        assert alice.locator(".alert.err").count() == 0, alice.locator("main").inner_text()
        actions = alice.locator(f"#post-actions-{post.pk}")
        actions.locator("button[data-action=submit]").click()
        actions.locator("[data-status=in_review]").wait_for()
        assert {v.text for v in Post.objects.get(pk=post.pk).variants.all()} == {FIXED}

        # --- Bob approves: the post is scheduled ------------------------------------
        bob.goto(post_url)
        assert "Marcel" in bob.locator("#preview-bluesky").inner_text()
        bob_actions = bob.locator(f"#post-actions-{post.pk}")
        bob_actions.locator("button[data-action=approve]").click()
        bob_actions.locator("[data-status=scheduled]").wait_for()
        screenshot(bob, "loop-08-bob-approved")
        assert Post.objects.get(pk=post.pk).status == PostStatus.SCHEDULED
        alice.goto(f"{base}/")
        assert fr_status("Scheduled") in alice.locator("#next-days").inner_text()
        assert "Comté 24 mois" not in alice.locator("#sent-back").inner_text()

        # --- At its time: Bluesky on the real PDS, Instagram due by hand -------------
        post.refresh_from_db()
        mail.messages.clear()
        with monkeypatch.context() as patched:
            later = post.scheduled_at + dt.timedelta(minutes=1)
            patched.setattr(clock, "now", lambda: later)  # the engine's clock, as worker tests
            run_worker()
        sent = Publication.objects.get(variant__post=post, variant__network="bluesky")
        assert sent.state == PublicationState.PUBLISHED, sent.error_message
        [posted] = bluesky_pds.records(team.bluesky_did)  # once
        assert posted["uri"] == sent.remote_uri
        record = posted["value"]
        assert record["text"] == FIXED
        assert record["embed"]["$type"] == "app.bsky.embed.images"
        assert record["embed"]["images"][0]["alt"] == "Une meule de comté sur une planche"
        by_hand_pub = Publication.objects.get(variant__post=post, variant__network="instagram")
        assert by_hand_pub.state == PublicationState.MANUAL_DUE

        # Alice is told: an e-mail (the text to copy, the page's link) and the bell.
        due_text = fr("“%(post)s” is due: publish it by hand on %(network)s (%(handle)s).") % {
            "post": "Comté 24 mois",
            "network": "Instagram",
            "handle": "fromageriedulac",
        }
        [due_mail] = [m for m in mail.messages if team.alice.email in m.rcpt_tos]
        assert due_text in due_mail["Subject"]
        by_hand_url = f"{base}/publications/{by_hand_pub.pk}/by-hand/"
        assert by_hand_url.removeprefix(live_server.url) in due_mail.text
        assert FIXED in due_mail.text
        alice.goto(f"{base}/")
        assert int(alice.locator("#notification-bell .bell-count").inner_text()) >= 1
        notices = alice.locator("#notifications")
        assert fr("My unread notifications") in notices.inner_text()
        assert due_text in notices.inner_text()
        to_publish = alice.locator("#by-hand")
        assert "Comté 24 mois" in to_publish.inner_text()
        screenshot(alice, "loop-09-alice-home-by-hand")

        # She opens the page, copies the text, pastes the Instagram address.
        to_publish.get_by_role("link", name="Comté 24 mois").click()
        alice.wait_for_url(by_hand_url)
        assert alice.input_value("#by-hand-text").replace("\r\n", "\n") == FIXED
        assert alice.locator(".by-hand-media a[download]").count() == 1
        composer = alice.locator("#network-title ~ p a").get_attribute("href") or ""
        assert "instagram.com" in composer
        screenshot(alice, "loop-10-by-hand-page")
        alice.fill("#id_url", INSTAGRAM_URL)
        with alice.expect_navigation():
            alice.click("#done button[type=submit]")
        assert alice.locator(".alert.err").count() == 0, alice.locator("main").inner_text()
        by_hand_pub.refresh_from_db()
        assert by_hand_pub.state == PublicationState.PUBLISHED
        assert by_hand_pub.remote_url == INSTAGRAM_URL

        # --- Both published: the post page, the calendar, the home page ---------------
        assert Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED
        alice.goto(post_url)
        for network in ("instagram", "bluesky"):
            row = alice.locator(f"#publication-{network}")
            assert row.get_attribute("data-state") == "published"
        assert alice.locator(f"#publication-instagram a[href='{INSTAGRAM_URL}']").count() == 1
        assert alice.locator(f"#post-actions-{post.pk} [data-status=published]").count() == 1
        screenshot(alice, "loop-11-post-published")
        alice.goto(f"{base}/calendar/{when.year}/{when.month}/")
        chip = alice.locator(f"#post-{post.pk}")
        assert fr_status("Published") in chip.inner_text()
        screenshot(alice, "loop-12-calendar-published")
        alice.goto(f"{base}/")
        assert "Comté 24 mois" not in alice.locator("#by-hand").inner_text()
        assert fr_status("Published") in alice.locator("#next-days").inner_text()
        screenshot(alice, "loop-13-alice-home-done")
    finally:
        alice_context.close()
        bob_context.close()
