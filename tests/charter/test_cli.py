"""mostra post check: findings printed, exit status 1 on an error, 2 on bad usage."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mostra.charter.demo import seed_demo_charter
from mostra.cli import mostra


def run(*args: str, input: str | None = None):  # noqa: A002, ANN201
    return CliRunner().invoke(mostra, ["post", "check", *args], input=input)


def test_a_text_that_fits(db) -> None:
    result = run("--network", "bluesky", "Atelier samedi 🚲")
    assert result.exit_code == 0, result.output
    assert "Bluesky: 16 / 300" in result.output


def test_an_error_exits_1_with_the_finding(db) -> None:
    result = run("--network", "bluesky", "a" * 312)
    assert result.exit_code == 1
    assert "error" in result.output and "text_too_long" in result.output
    assert "remove 12" in result.output


def test_text_from_standard_input(db) -> None:
    result = run("--network", "x", "--sponsored", input="Merci Cycles Martin\n")
    assert result.exit_code == 1
    assert "disclosure_missing" in result.output
    assert "X (Twitter): 19 / 280" in result.output


def test_warnings_do_not_fail(db) -> None:
    result = run("--network", "facebook", "--link", "https://example.com/?a=1?b=2", "Voir")
    assert result.exit_code == 0
    assert "warning" in result.output and "link_malformed" in result.output


def test_english_disclosure(db) -> None:
    result = run("--network", "instagram", "--sponsored", "--language", "en", "#ad Thanks")
    assert "disclosure_missing" not in result.output
    assert "media_required" in result.output  # Instagram needs a picture


def test_unknown_network_exits_2_listing_the_valid_ones(db) -> None:
    result = run("--network", "myspace", "hello")
    assert result.exit_code == 2
    assert "myspace" in result.output and "bluesky" in result.output and "mastodon" in result.output


def test_missing_network_exits_2(db) -> None:
    assert run("hello").exit_code == 2


@pytest.mark.django_db
def test_with_a_workspace_charter(owner_membership, workspace) -> None:
    seed_demo_charter(workspace)
    result = run("--network", "linkedin", "--workspace", workspace.slug, "Vélos pas cher 🚲🚲🚲🚲")
    assert result.exit_code == 1
    assert "word_forbidden" in result.output and "emoji_max" in result.output
    assert run("--network", "linkedin", "--workspace", "nope", "x").exit_code == 2


def test_the_length_line_speaks_the_terminal_language(db, monkeypatch) -> None:
    from django.utils import translation

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("MOSTRA_LANGUAGE", raising=False)
    try:
        result = run("--network", "bluesky", "Atelier samedi 🚲")
        unknown = run("--network", "bluesky", "--workspace", "nope", "x")
    finally:
        translation.activate("en")
    assert result.exit_code == 0, result.output
    assert "Bluesky : 16 / 300 (Bluesky compte les graphèmes" in result.output
    assert "19 / 3000 octets" in result.output
    assert unknown.exit_code == 2
    assert "aucun espace de travail n'a le nom court 'nope'" in unknown.output
