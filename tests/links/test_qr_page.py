"""The Print / QR page: members read it, those who draft download the files (the
support's link created once), outsiders get 404; bad colours and logos are said in
words with nothing created."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from mostra.core.models import Membership, Role
from mostra.links.models import TrackedLink
from mostra.links.services.links import create_link
from mostra.publishing.models import SocialAccount
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

#: The Print / QR page: session, user, membership, the link, its supports, the accounts twice…
QUERIES = 10


@pytest.fixture
def link(owner_membership) -> TrackedLink:
    return create_link(owner_membership, "https://fromagerie.example/", medium="organic")


def page(link: TrackedLink) -> str:
    return reverse("links:qr", args=[link.workspace.slug, link.pk])


def test_owner_and_teammate_download_a_flyer_outsider_gets_404(
    link, owner_client, teammate_client, outsider_client
):
    body = owner_client.get(page(link)).content.decode()
    assert 'id="qr-form"' in body and link.code in body
    response = teammate_client.post(
        page(link),
        {
            "template": "flyer",
            "format": "pdf",
            "dark": "#1a4d8f",
            "light": "#ffffff",
            "call_to_action": "Samedi !",
        },
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(response.content))
    assert round(float(pdf.pages[0].mediabox.width)) == 420
    flyer = TrackedLink.objects.get(parent=link)
    assert (flyer.support, flyer.utm_medium) == ("flyer", "offline")
    assert "flyer" in owner_client.get(page(link)).content.decode()
    assert outsider_client.get(page(link)).status_code == 404
    assert outsider_client.post(page(link), {"support": "card"}).status_code == 404


def test_a_viewer_reads_the_page_but_cannot_create_a_supports_link(link, workspace, outsider):
    Membership.objects.create(workspace=workspace, user=outsider, role=Role.VIEWER)
    viewer = client_for(outsider)
    body = viewer.get(page(link)).content.decode()
    assert 'id="qr-form"' not in body
    assert viewer.post(page(link), {"support": "card", "format": "svg"}).status_code == 404
    assert not TrackedLink.objects.filter(parent=link).exists()


def test_pale_colours_and_a_fake_logo_are_refused_in_words(link, owner_client):
    form = {"support": "poster", "format": "png", "dark": "#cccccc", "light": "#ffffff"}
    response = owner_client.post(page(link), form)
    assert response.status_code == 422
    assert "too low to scan" in response.content.decode()
    fake = SimpleUploadedFile("logo.png", b"<svg></svg>", content_type="image/png")
    response = owner_client.post(page(link), {**form, "dark": "#000000", "logo": fake})
    assert response.status_code == 422
    assert "not an image" in response.content.decode()
    assert not TrackedLink.objects.filter(parent=link).exists()


def test_a_profile_page_gives_the_profiles_code(workspace, owner_client):
    account = SocialAccount.objects.create(
        workspace=workspace, network="bluesky", handle="fromagerie.bsky.social", external_id="d"
    )
    url = reverse("links:profile_qr", args=[workspace.slug, account.pk])
    assert "bsky.app/profile/fromagerie.bsky.social" in owner_client.get(url).content.decode()
    response = owner_client.post(
        url, {"support": "sign", "format": "svg", "dark": "#000000", "light": "#ffffff"}
    )
    assert response["Content-Type"] == "image/svg+xml"
    child = TrackedLink.objects.get(support="sign")
    assert child.parent.target == "https://bsky.app/profile/fromagerie.bsky.social"


def test_the_links_page_leads_to_print_qr_and_it_to_the_profiles(link, workspace, owner_client):
    account = SocialAccount.objects.create(
        workspace=workspace, network="mastodon", handle="fromagerie@piaille.fr", external_id="m"
    )
    links_page = owner_client.get(reverse("links:links", args=[workspace.slug])).content.decode()
    assert page(link) in links_page
    body = owner_client.get(page(link)).content.decode()
    assert reverse("links:profile_qr", args=[workspace.slug, account.pk]) in body


def test_the_page_reads_in_few_queries_whatever_the_supports(
    link, owner_membership, owner_client, django_assert_max_num_queries
):
    from mostra.links.qr.supports import support_link

    for support in ("card", "flyer", "poster", "sign", "brochure"):
        support_link(owner_membership, link, support)
    with django_assert_max_num_queries(QUERIES):
        body = owner_client.get(page(link)).content.decode()
    assert body.count("<li><strong>") == 5
