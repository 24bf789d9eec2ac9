"""A support's QR code carries the link's child for that support (medium offline),
created once and reused; its scans are counted under that support; bad targets refused
with nothing created."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from mostra.core.errors import DomainError
from mostra.core.models import Membership, Role
from mostra.core.services.workspaces import create_workspace
from mostra.links.models import ClickDay, Medium, TrackedLink
from mostra.links.qr import QrRefused
from mostra.links.qr.files import QrOrder, qr_file
from mostra.links.qr.supports import absolute_short_url, resolve_target
from mostra.links.services.links import create_link, disable
from mostra.links.services.stats import clicks
from mostra.publishing.models import SocialAccount
from tests.links.qr_reading import modules_match, pdf_page_png, zbar_read

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def link(owner_membership: Membership) -> TrackedLink:
    return create_link(
        owner_membership,
        "https://fromagerie.example/atelier",
        medium="organic",
        campaign="Atelier du samedi",
        network="bluesky",
    )


@pytest.fixture
def account(workspace) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace, network="bluesky", handle="fromagerie.bsky.social", external_id="did:1"
    )


@pytest.mark.django_db
def test_the_flyer_code_is_the_links_offline_child_created_once(link, teammate_membership):
    first = qr_file(teammate_membership, link, QrOrder(format="png", support="Flyer"))
    child = first.link
    assert (child.parent, child.utm_medium, child.support) == (link, Medium.OFFLINE, "flyer")
    assert (child.target, child.utm_campaign) == (link.target, link.utm_campaign)
    assert first.url == absolute_short_url(child) and first.url.startswith("http")
    assert modules_match(first.content, first.url)
    again = qr_file(teammate_membership, link, QrOrder(format="svg", support="flyer"))
    assert again.link == child
    assert qr_file(teammate_membership, child, QrOrder(format="svg", support="flyer")).link == child
    card = qr_file(teammate_membership, link, QrOrder(format="pdf", template="card"))
    assert (card.link.support, card.link.parent) == ("card", link)
    assert TrackedLink.objects.filter(parent=link).count() == 2


@pytest.mark.django_db
def test_flyer_scans_are_counted_offline_under_the_flyer(link, owner_membership, click_buffer):
    flyer = qr_file(owner_membership, link, QrOrder(format="pdf", template="flyer"))
    picture = pdf_page_png(flyer.content)
    read = zbar_read(picture) if picture is not None else None
    if read is not None:
        assert read == [flyer.url]  # the printed code is the child's short address
    path = "/" + flyer.url.split("://", 1)[1].partition("/")[2]
    for number in range(30):
        response = Client().get(path, HTTP_USER_AGENT=PHONE, REMOTE_ADDR=f"198.51.100.{number}")
        assert response.status_code == 302
        assert "utm_medium=offline" in response["Location"]
        assert "utm_source=flyer" in response["Location"]
    for agent in ("facebookexternalhit/1.1", "Twitterbot/1.0", "Slackbot 1.0", "curl/8.5", ""):
        Client().get(path, HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.5")
    click_buffer.flush()
    today = timezone.localdate()
    report = clicks(owner_membership.workspace, today, today)
    supports = {group.key: group.clicks for group in report.by_support}
    mediums = {group.key: group.clicks for group in report.by_medium if group.clicks}
    assert supports == {"flyer": 30} and mediums == {"offline": 30}
    assert ClickDay.objects.get(link=flyer.link).clicks == 30
    assert not ClickDay.objects.filter(link=link).exists()


@pytest.mark.django_db
def test_printed_flyer_is_an_a5_page_with_the_short_address_and_accounts(
    link, owner_membership, account
):
    made = qr_file(
        owner_membership,
        link,
        QrOrder(
            format="pdf", template="flyer", call_to_action="Venez réparer samedi", dark="#1a4d8f"
        ),
    )
    page = PdfReader(io.BytesIO(made.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (420, 595)
    text = page.extract_text()
    assert "Venez réparer samedi" in text
    assert made.url.split("://", 1)[1] in text.replace("\n", "")
    assert "Bluesky" in text and "@fromagerie.bsky.social" in text
    picture = pdf_page_png(made.content)
    read = zbar_read(picture) if picture is not None else None
    if read is not None:
        assert read == [made.url]


@pytest.mark.django_db
def test_sheets_have_their_print_sizes(link, owner_membership):
    sizes = {"card": (85, 55), "poster": (210, 297), "stickers": (210, 297)}
    for template, (width, height) in sizes.items():
        made = qr_file(owner_membership, link, QrOrder(format="pdf", template=template))
        reader = PdfReader(io.BytesIO(made.content))
        page = reader.pages[0]
        assert len(reader.pages) == 1
        assert float(page.mediabox.width) == pytest.approx(width * 72 / 25.4, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height * 72 / 25.4, abs=0.5)
    stickers = PdfReader(io.BytesIO(made.content)).pages[0].extract_text()
    assert stickers.count(made.url.split("://", 1)[1]) == 24


@pytest.mark.django_db
def test_a_profile_code_goes_through_its_tracked_link(account, owner_membership):
    target = resolve_target(owner_membership.workspace, "bluesky:@fromagerie.bsky.social")
    made = qr_file(owner_membership, target, QrOrder(format="svg", support="sign"))
    assert made.link.target == "https://bsky.app/profile/fromagerie.bsky.social"
    assert (made.link.support, made.link.parent.network) == ("sign", "bluesky")
    again = qr_file(owner_membership, target, QrOrder(format="svg", support="sign"))
    assert again.link == made.link


@pytest.mark.django_db
def test_bad_targets_are_refused_with_nothing_created(link, owner_membership, outsider):
    workspace = owner_membership.workspace
    other = create_workspace(outsider, "Third", slug="third")
    foreign = create_link(
        Membership.objects.get(workspace=other, user=outsider), "https://x.example/", medium="paid"
    )
    before = TrackedLink.objects.count()
    with pytest.raises(QrRefused, match="No short link of this workspace"):
        resolve_target(workspace, "zzzzzzz")
    with pytest.raises(QrRefused, match="No short link of this workspace"):
        resolve_target(workspace, foreign.code)
    with pytest.raises(QrRefused, match="no account"):
        resolve_target(workspace, "mastodon:@nobody@example.social")
    with pytest.raises(QrRefused, match="too low to scan"):
        qr_file(owner_membership, link, QrOrder(support="flyer", dark="#eeeeee"))
    with pytest.raises(QrRefused, match="not an image"):
        qr_file(owner_membership, link, QrOrder(support="flyer", logo=b"<svg/>"))
    with pytest.raises(QrRefused, match="Name the printed support"):
        qr_file(owner_membership, link, QrOrder(format="png"))
    with pytest.raises(QrRefused, match="choose the pdf format"):
        qr_file(owner_membership, link, QrOrder(format="png", template="card"))
    with pytest.raises(QrRefused, match="not a printable template"):
        qr_file(owner_membership, link, QrOrder(format="pdf", template="banner"))
    disable(owner_membership, link)
    with pytest.raises(QrRefused, match="disabled or expired"):
        qr_file(owner_membership, link, QrOrder(support="flyer"))
    assert TrackedLink.objects.count() == before


@pytest.mark.django_db
def test_a_viewer_cannot_create_a_supports_link(link, workspace, outsider):
    viewer = Membership.objects.create(workspace=workspace, user=outsider, role=Role.VIEWER)
    with pytest.raises(DomainError, match="editors"):
        qr_file(viewer, link, QrOrder(support="poster"))
    assert not TrackedLink.objects.filter(parent=link).exists()
