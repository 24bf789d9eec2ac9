"""QR codes from the API: the file in the answer for owner and teammate, the support's
link created once, 404 for an outsider, bad input answered 422 with nothing created."""

from __future__ import annotations

import base64
import io

import pytest
from pypdf import PdfReader

from mostra.links.models import TrackedLink
from mostra.links.services.links import create_link
from mostra.publishing.models import SocialAccount
from tests.links.qr_reading import modules_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(owner_membership) -> TrackedLink:
    return create_link(owner_membership, "https://fromagerie.example/", medium="organic")


def path(link: TrackedLink) -> str:
    return f"/workspaces/{link.workspace.slug}/links/{link.pk}/qr"


def test_owner_and_teammate_get_the_supports_code_outsider_404(link, alice, bob, charlie):
    response = alice.post(path(link), {"format": "png", "support": "flyer", "size_px": 400})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "image/png"
    child = TrackedLink.objects.get(parent=link)
    assert (child.support, child.utm_medium) == ("flyer", "offline")
    assert response["X-Short-Url"].endswith(f"/l/{child.code}")
    assert modules_match(response.content, response["X-Short-Url"])
    card = bob.post(path(link), {"format": "pdf", "template": "card", "call_to_action": "Hi"})
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"
    assert round(float(PdfReader(io.BytesIO(card.content)).pages[0].mediabox.width)) == 241
    again = bob.post(path(link), {"format": "svg", "support": "flyer"})
    assert again.content.startswith(b"<svg") and again["X-Short-Url"] == response["X-Short-Url"]
    assert TrackedLink.objects.filter(parent=link).count() == 2
    assert charlie.post(path(link), {"support": "flyer"}).status_code == 404


def test_bad_input_is_422_and_creates_nothing(link, alice):
    cases = [
        ({"support": "flyer", "dark": "#f0f0f0"}, "too low to scan"),
        ({"support": "flyer", "logo_base64": "%%%"}, "not base64"),
        ({"support": "flyer", "logo_base64": base64.b64encode(b"GIF89a").decode()}, "not an image"),
        ({"format": "png", "template": "poster"}, "choose the pdf format"),
        ({}, "Name the printed support"),
    ]
    for body, message in cases:
        response = alice.post(path(link), body)
        assert response.status_code == 422, (body, response.content)
        assert message in response.json()["detail"][0]["msg"]
    assert alice.post(path(link), {"format": "gif"}).status_code == 422
    assert not TrackedLink.objects.filter(parent=link).exists()


def test_a_profiles_code(workspace, alice):
    account = SocialAccount.objects.create(
        workspace=workspace, network="bluesky", handle="fromagerie.bsky.social", external_id="d"
    )
    response = alice.post(
        f"/workspaces/{workspace.slug}/accounts/{account.pk}/qr", {"support": "sign"}
    )
    assert response.status_code == 200
    child = TrackedLink.objects.get(support="sign")
    assert child.parent.target == "https://bsky.app/profile/fromagerie.bsky.social"
