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
