"""``mostra qr``: the file written for a link, a profile or an address, its code
carrying the support's child link; refusals say what to do and write nothing."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from mostra.links.models import Medium, TrackedLink
from mostra.links.qr.cli import qr_command
from mostra.links.qr.supports import absolute_short_url
from mostra.links.services.links import create_link
from mostra.publishing.models import SocialAccount
from tests.links.qr_reading import modules_match

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(qr_command, list(args))


@pytest.fixture
def link(owner_membership) -> TrackedLink:
    return create_link(owner_membership, "https://fromagerie.example/", medium="organic")


def test_a_flyer_pdf_for_a_links_code(link, tmp_path):
    out = tmp_path / "flyer.pdf"
    result = run(link.code, "--template", "flyer", "--cta", "Samedi à l'atelier", "-o", str(out))
    assert result.exit_code == 0, result.output
    child = TrackedLink.objects.get(parent=link)
    assert (child.utm_medium, child.support) == (Medium.OFFLINE, "flyer")
    assert absolute_short_url(child) in result.output
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (420, 595)
    assert "Samedi à l'atelier" in page.extract_text()
    again = run(absolute_short_url(link), "--template", "flyer", "-o", str(out))
    assert again.exit_code == 0, again.output
    assert TrackedLink.objects.filter(parent=link).count() == 1


def test_a_png_for_a_profile_and_for_an_address(workspace, tmp_path):
    SocialAccount.objects.create(
        workspace=workspace, network="bluesky", handle="fromagerie.bsky.social", external_id="d"
    )
    out = tmp_path / "sign.png"
    result = run(
        "bluesky:@fromagerie.bsky.social",
        "--workspace",
        "fromagerie",
        "--support",
        "sign",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    child = TrackedLink.objects.get(support="sign")
    assert child.target == "https://bsky.app/profile/fromagerie.bsky.social"
    assert modules_match(out.read_bytes(), absolute_short_url(child))
    svg = tmp_path / "card.svg"
    result = run(
        "https://fromagerie.example/menu",
        "--workspace",
        "fromagerie",
        "--support",
        "card",
        "-o",
        str(svg),
    )
    assert result.exit_code == 0, result.output
    card = TrackedLink.objects.get(support="card")
    assert (card.parent.target, card.utm_medium) == ("https://fromagerie.example/menu", "offline")
    assert svg.read_text().startswith("<svg")


def test_refusals_say_what_to_do_and_write_nothing(link, outsider, tmp_path):
    out = tmp_path / "x.svg"
    count = TrackedLink.objects.count()
    cases = [
        (["zzzzzzz", "--support", "flyer"], "no short link has the code"),
        (["https://x.example/", "--support", "flyer"], "give --workspace"),
        (["javascript:alert(1)", "--workspace", "fromagerie", "--support", "x"], "not a QR code"),
        (["ftp://x.example/", "--workspace", "fromagerie", "--support", "x"], "not a QR code"),
        (["mastodon:@nobody@x.social", "--workspace", "fromagerie"], "has no account"),
        ([link.code, "--support", "flyer", "--dark", "#dddddd"], "too low to scan"),
        ([link.code], "Name the printed support"),
        ([link.code, "--support", "flyer", "--workspace", "other-brand"], "No short link"),
    ]
    for args, message in cases:
        result = run(*args, "-o", str(out))
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    result = run(link.code, "--support", "flyer", "--logo", str(logo), "-o", str(out))
    assert result.exit_code == 2 and "not an image" in result.output
    assert not out.exists()
    assert TrackedLink.objects.count() == count
