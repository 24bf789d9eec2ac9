"""Ambassadors and influencers, end to end in French, in a browser, against real peers
(issue 18).

Odile runs the Atelier du Vélo's communication. She adds Léa, a paid influencer on the
local Bluesky network, and two volunteers, Paul and Nina, on Mastodon (mastodon-mock) to
the roster; writes the brief and the share kit of the « Fête du vélo » campaign; sends
them (three e-mails through the SMTP peer, each with a private link that opens without
an account). Léa posts twice, once with « Collaboration commerciale » and once without;
Paul and Nina share the kit. mostra reads their public feeds: every post is tracked, the
undisclosed paid post is flagged with the rule quoted and a message ready to send, and
the monthly report shows the programme's reach and its compliance rate (1 of 2: 50 %).

Peers: Chromium, the Bluesky dev-env network (PDS and AppView), mastodon-mock and the
SMTP server.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from mostra.ambassadors.models import (
    Collaboration,
    Compliance,
    InfluenceCampaign,
    Member,
    MemberAccount,
    TrackedPost,
)
from mostra.core.models import Membership, User
from mostra.core.services.workspaces import create_workspace, workspace_language
from mostra.integrations.bluesky.records import now_iso
from mostra.strategy.services import readiness as strategy_readiness
from tests.browser.test_daily_loop_in_browser import browser_for, fr, french, mail
from tests.conftest import PASSWORD
from tests.peers import mastodon as mastodon_peer
from tests.peers import smtp
from tests.peers.bluesky import bluesky_network
from tests.strategy.fromagerie import build_strategy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.peer]
smtp_server = smtp.smtp_server
mastodon_mock = mastodon_peer.mastodon_mock
__all__ = ["bluesky_network", "french", "mail", "mastodon_mock", "smtp_server"]

LINK = "https://atelier.example.org/fete-du-velo"
KIT = "Rendez-vous à la #FeteDuVelo samedi à l'Atelier du Vélo ! {link}"
DISCLOSED = "Collaboration commerciale · Je serai à la #FeteDuVelo samedi, venez réparer !"
UNDISCLOSED = "Mon vélo tout neuf pour la #FeteDuVelo, merci l'Atelier du Vélo !"


@pytest.fixture
def atelier(settings, bluesky_network, mastodon_mock):  # noqa: F811
    """A French workspace with its strategy; every peer is on 127.0.0.1."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = bluesky_network.appview_url
    odile = User.objects.create_user(
        "odile@example.org", PASSWORD, display_name="Odile Favre", language="fr"
    )
    workspace = create_workspace(odile, "Atelier du Vélo", slug="atelier")
    owner = Membership.objects.get(workspace=workspace, user=odile)
    build_strategy(owner)
    strategy_readiness.override(owner, "bluesky", "Nous lançons Bluesky ce mois-ci.")
    assert workspace_language(workspace) == "fr"
    return workspace, odile


def _add_member(page, base: str, name: str, kind: str, compensation: str, email: str) -> Member:
    page.goto(f"{base}/members/new/")
    page.fill("#id_name", name)
    page.select_option("#id_kind", kind)
    page.select_option("#id_compensation", compensation)
    page.fill("#id_email", email)
    page.fill("#id_consent_on", timezone.localdate().isoformat())
    page.fill("#id_consent_note", "Formulaire signé")
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()
    assert page.locator(".alert.err, .errorlist").count() == 0, page.locator("main").inner_text()
    return Member.objects.get(name=name)


def _add_account(page, base: str, member: Member, network: str, handle: str) -> None:
    page.goto(f"{base}/members/{member.pk}/")
    form = page.locator("#account-form")
    form.locator("select[name=network]").select_option(network)
    form.locator("input[name=handle]").fill(handle)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".alert.err, .errorlist").count() == 0, page.locator("main").inner_text()
    assert MemberAccount.objects.filter(member=member, network=network).count() == 1


def test_a_programme_briefed_tracked_and_checked_in_french(  # noqa: PLR0915
    browser,
    live_server,
    atelier,
    bluesky_network,  # noqa: F811
    mastodon_mock,
    mail,
    french,
    screenshot,
):
    workspace, odile = atelier
    base = f"{live_server.url}/w/{workspace.slug}/ambassadors"
    lea = bluesky_network.new_account("lea")
    fan = bluesky_network.new_account("fan")
    paul_user, nina_user, follower = (mastodon_mock.new_user() for _ in range(3))
    context, page = browser_for(browser, live_server, odile)
    try:
        # --- The roster: one influencer on Bluesky, two ambassadors on Mastodon ---------
        influencer = _add_member(page, base, "Léa Martin", "influencer", "paid", "lea@example.org")
        _add_account(page, base, influencer, "bluesky", lea.handle)
        paul = _add_member(page, base, "Paul Girard", "ambassador", "none", "paul@example.org")
        _add_account(page, base, paul, "mastodon", f"{mastodon_mock.url}/@{paul_user.username}")
        nina = _add_member(page, base, "Nina Roux", "ambassador", "none", "nina@example.org")
        _add_account(page, base, nina, "mastodon", f"{mastodon_mock.url}/@{nina_user.username}")
        page.goto(f"{base}/")
        roster = page.locator("main").inner_text()
        assert all(name in roster for name in ("Léa Martin", "Paul Girard", "Nina Roux"))
        assert page.locator("html").get_attribute("lang") == "fr"
        screenshot(page, "ambassadors-01-roster")

        # --- The campaign: its brief, its share kit, the three members ------------------
        today = timezone.localdate()
        page.goto(f"{base}/campaigns/new/")
        page.fill("#id_name", "Fête du vélo")
        page.fill("#id_start", (today - dt.timedelta(days=1)).isoformat())
        page.fill("#id_end", (today + dt.timedelta(days=7)).isoformat())
        page.fill("#id_key_messages", "L'atelier répare gratuitement les vélos samedi.")
        page.fill("#id_dont_say", "Ne parlez pas de prix.")
        page.fill("#id_hashtags", "#FeteDuVelo")
        page.fill("#id_link", LINK)
        with page.expect_navigation():
            page.locator("main form.stacked button[type=submit]").first.click()
        assert page.locator(".alert.err, .errorlist").count() == 0, page.locator(
            "main"
        ).inner_text()
        campaign = InfluenceCampaign.objects.get(workspace=workspace, name="Fête du vélo")
        page.goto(f"{base}/campaigns/{campaign.pk}/")
        kit_form = page.locator(f"form[action$='/campaigns/{campaign.pk}/kit/']")
        if not kit_form.is_visible():
            page.locator("#kit > details > summary").click()
        kit_form.locator("select[name=network]").select_option("bluesky")
        kit_form.locator("textarea[name=text]").fill(KIT)
        with page.expect_navigation():
            kit_form.locator("button[type=submit]").click()
        for member, fee in ((influencer, "150"), (paul, ""), (nina, "")):
            members_form = page.locator(f"form[action$='/campaigns/{campaign.pk}/members/']")
            if not members_form.is_visible():
                page.locator("#members > details > summary").click()
            members_form.locator("select[name=member]").select_option(str(member.pk))
            if fee:
                members_form.locator("input[name=fee]").fill(fee)
            with page.expect_navigation():
                members_form.locator("button[type=submit]").click()
            assert page.locator(".alert.err, .errorlist").count() == 0, page.locator(
                "main"
            ).inner_text()
        assert Collaboration.objects.filter(campaign=campaign).count() == 3
        lea_part = Collaboration.objects.get(campaign=campaign, member=influencer)
        assert (lea_part.compensation, lea_part.fee) == ("paid", 150)
        assert lea_part.tracked_link is not None  # her personal tracked link
        screenshot(page, "ambassadors-02-campaign")

        # --- Sent: three e-mails, each with a private link --------------------------------
        with page.expect_navigation():
            page.locator("#send-form button[type=submit]").click()
        assert page.locator(".alert.err").count() == 0, page.locator("main").inner_text()
        assert sorted(m["To"] for m in mail.messages) == [
            "lea@example.org",
            "nina@example.org",
            "paul@example.org",
        ]
        to_lea = next(m for m in mail.messages if m["To"] == "lea@example.org")
        assert "Collaboration commerciale" in to_lea.text
        private = re.search(r"https?://\S+/share/[\w-]+/", to_lea.text)
        assert private, to_lea.text

        # Léa opens her private page without an account.
        visitor = browser.new_context(locale="fr-FR")
        kit_page = visitor.new_page()
        kit_page.goto(private.group(0))
        kit = kit_page.locator("main").inner_text()
        assert "Collaboration commerciale" in kit
        assert (
            f"/l/{lea_part.tracked_link.code}" in kit_page.locator("#personal-link").input_value()
        )
        assert (
            f"/l/{lea_part.tracked_link.code}" in kit_page.locator("textarea").first.input_value()
        )
        screenshot(kit_page, "ambassadors-03-private-kit")
        visitor.close()

        # --- Their posts, on the networks ---------------------------------------------------
        disclosed = bluesky_network.write(
            lea, "app.bsky.feed.post", {"text": DISCLOSED, "createdAt": now_iso(), "langs": ["fr"]}
        )
        undisclosed = bluesky_network.write(
            lea,
            "app.bsky.feed.post",
            {"text": UNDISCLOSED, "createdAt": now_iso(), "langs": ["fr"]},
        )
        bluesky_network.write(
            fan, "app.bsky.graph.follow", {"subject": lea.did, "createdAt": now_iso()}
        )
        bluesky_network.write(
            fan,
            "app.bsky.feed.like",
            {
                "subject": {"uri": undisclosed["uri"], "cid": undisclosed["cid"]},
                "createdAt": now_iso(),
            },
        )
        for user in (paul_user, nina_user):
            mastodon_mock.as_user(
                user,
                "POST",
                "/api/v1/statuses",
                json={"status": KIT.format(link=LINK), "visibility": "public"},
            )
        mastodon_mock.as_user(follower, "POST", f"/api/v1/accounts/{paul_user.id}/follow")

        # --- Found and tracked: the campaign's members' feeds read ------------------------
        page.goto(f"{base}/posts/?campaign={campaign.pk}")
        deadline = time.monotonic() + 90
        while True:  # the AppView indexes the PDS's posts and follows asynchronously
            with page.expect_navigation():
                page.locator(
                    f"form[action$='/posts/refresh/campaign/{campaign.pk}/'] button"
                ).click()
            posts = TrackedPost.objects.filter(workspace=workspace, campaign=campaign)
            lea_posts = posts.filter(member=influencer)
            if (
                posts.count() == 4 and all(p.reach == 1 for p in lea_posts)
            ) or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert posts.count() == 4, list(posts.values_list("member__name", "text"))
        assert {p.network_id for p in lea_posts} == {disclosed["uri"], undisclosed["uri"]}
        page.goto(f"{base}/posts/?campaign={campaign.pk}")
        table = page.locator("#posts").inner_text()
        assert UNDISCLOSED in table and "Paul Girard" in table and "Nina Roux" in table
        screenshot(page, "ambassadors-04-posts")

        # --- The paid post without « Collaboration commerciale » is flagged ------------------
        flagged = TrackedPost.objects.get(network_id=undisclosed["uri"])
        assert flagged.compliance == Compliance.NON_COMPLIANT
        assert TrackedPost.objects.get(network_id=disclosed["uri"]).compliance == (
            Compliance.COMPLIANT
        )
        page.goto(f"{base}/campaigns/{campaign.pk}/compliance/")
        compliance = page.locator("main").inner_text()
        assert "50" in compliance  # 1 compliant paid post of 2
        flagged_text = page.locator(f"#post-{flagged.pk}").inner_text()
        assert "Collaboration commerciale" in flagged_text
        assert "loi n° 2023-451" in flagged_text
        assert DISCLOSED not in compliance  # the compliant post is not listed
        screenshot(page, "ambassadors-05-compliance")

        # --- The report: the programme's reach and its compliance rate ---------------------
        reach = sum(p.reach or 0 for p in posts)
        page.goto(
            f"{live_server.url}/w/{workspace.slug}/reports/report/?period={today:%Y-%m}&lang=fr"
        )
        section = page.locator("#r-programme")
        assert section.count() == 1, page.locator("main").inner_text()[:3000]
        text = section.inner_text()
        assert fr("Ambassadors and influencers") in page.locator("main").inner_text()
        assert reach == 3  # Léa's two posts to her 1 follower, Paul's to his, Nina's to none
        assert re.search(rf"{fr('Reach')}\W*:\s*{reach}\b", text), text
        assert re.search(r"50(,0)?\u00a0%", text), text  # 1 compliant paid post of 2
        screenshot(page, "ambassadors-06-report")
        print(f"programme reach {reach}, compliance 50 %")  # noqa: T201
    finally:
        context.close()
