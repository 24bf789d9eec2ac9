"""Threads written with ``---`` lines: split, counted part by part, refused where none."""

from __future__ import annotations

import pytest

from mostra.charter.checks import blocking, check_variant
from mostra.charter.checks.thread import split_thread, supports_threads
from mostra.charter.models import Charter


def codes(network: str, text: str) -> list[str]:
    return [f.code for f in check_variant(None, network, text, charter=Charter())]


def test_a_line_of_three_hyphens_separates_the_parts() -> None:
    text = "Un atelier samedi\n---\nInscriptions ouvertes  \n  ---  \n\nÀ samedi !\n---\n"
    assert split_thread(text) == ["Un atelier samedi", "Inscriptions ouvertes", "À samedi !"]


def test_hyphens_inside_a_line_or_four_of_them_are_text() -> None:
    text = "Prix --- 12 €\n----\nfin"
    assert split_thread(text) == [text]


@pytest.mark.parametrize("network", ["bluesky", "mastodon", "x", "threads"])
def test_networks_with_threads(network: str) -> None:
    assert supports_threads(network)


@pytest.mark.parametrize("network", ["facebook", "instagram", "linkedin", "youtube", "nope"])
def test_networks_without_threads(network: str) -> None:
    assert not supports_threads(network)


def test_each_part_is_counted_on_its_own() -> None:
    # 3 × 200 graphemes: 600 in all, over Bluesky's 300, but each part fits.
    text = "\n---\n".join(["a" * 200] * 3)
    assert "text_too_long" not in codes("bluesky", text)
    assert not blocking(check_variant(None, "bluesky", text, charter=Charter()))


def test_a_part_over_the_limit_is_named() -> None:
    text = "Premier\n---\n" + "b" * 310 + "\n---\nTroisième"
    findings = check_variant(None, "bluesky", text, charter=Charter())
    [finding] = [f for f in findings if f.code.startswith("thread_")]
    assert finding.code == "thread_part_too_long" and finding.severity == "error"
    assert finding.message.startswith("Part 2 of 3 of the thread: 310 of 300 characters")
    assert "remove 10" in finding.message


def test_a_part_over_bluesky_bytes_is_named() -> None:
    text = "Un\n---\n" + "🧀" * 10 + "é" * 280 + "\u0301" * 1300
    # 290 graphemes (the accents combine), but 3,200 bytes.
    assert codes("bluesky", text) == ["thread_part_too_many_bytes"]


def test_the_separator_is_refused_where_there_are_no_threads() -> None:
    findings = check_variant(None, "linkedin", "Un\n---\nDeux", charter=Charter())
    [finding] = [f for f in findings if f.code == "thread_not_supported"]
    assert finding.severity == "error" and finding.field == "text"
    assert "LinkedIn has no threads" in finding.message
    assert blocking(findings)


def test_a_text_without_separator_is_checked_whole() -> None:
    assert codes("bluesky", "c" * 301) == ["text_too_long"]


# --- What the person sees: the live check's counter and mostra post check -------------


@pytest.fixture
def check_url(workspace) -> str:
    from django.urls import reverse

    return reverse("charter:check", args=[workspace.slug])


def test_the_counter_shows_the_longest_part(owner_client, teammate_client, check_url) -> None:
    text = "a" * 120 + "\n---\n" + "b" * 250 + "\n---\nc"
    for client in (owner_client, teammate_client):
        response = client.post(check_url, {"network": "bluesky", "text": text})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-errors="0"' in html and "250 / 300" in html
        assert "a thread of 3 posts" in html


def test_the_counter_of_a_network_without_threads_counts_the_whole(owner_client, check_url):
    html = owner_client.post(check_url, {"network": "linkedin", "text": "Un\n---\nDeux"})
    html = html.content.decode()
    assert 'data-code="thread_not_supported"' in html and "11 / 3000" in html
    assert "thread of" not in html


def test_an_outsider_cannot_check(outsider_client, check_url) -> None:
    response = outsider_client.post(check_url, {"network": "bluesky", "text": "a\n---\nb"})
    assert response.status_code == 404


def test_post_check_counts_a_thread_part_by_part(db) -> None:
    from click.testing import CliRunner

    from mostra.cli import mostra

    text = "a" * 200 + "\n---\n" + "b" * 280
    result = CliRunner().invoke(mostra, ["post", "check", "--network", "bluesky", text])
    assert result.exit_code == 0, result.output
    assert "Bluesky: 280 / 300" in result.output and "a thread of 2 posts" in result.output
    refused = CliRunner().invoke(mostra, ["post", "check", "--network", "facebook", "a\n---\nb"])
    assert refused.exit_code == 1 and "thread_not_supported" in refused.output


def test_the_editor_says_how_to_write_a_thread_where_there_are_threads(db):
    from mostra.editorial.forms import VariantForm

    assert "---" in str(VariantForm(network="bluesky")["text"].help_text)
    assert VariantForm(network="facebook")["text"].help_text == ""
