"""``mostra import …`` through click's runner on the command object itself."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mostra.analytics.cli_import import import_group
from mostra.analytics.models import AccountPost
from tests.analytics.fixtures.builders import build_car, write_linkedin_xlsx, write_x_archive
from tests.analytics.importers.conftest import FIXTURES, rows


def run(*args: str):
    return CliRunner().invoke(import_group, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["x-archive", "mastodon-archive", "bluesky-car", "csv"])
def test_every_subcommand_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and f"mostra import {command}" in result.output
    assert "--workspace" in result.output and "--competitor" in result.output


def test_x_archive_prints_what_it_imported(workspace, tmp_path):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 100, repost_share=0.4)
    result = run("x-archive", str(folder), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert "X (Twitter) account fromagerie (your own account)" in result.output
    assert "posts: 100 (originals 50, replies 10, reposts 40)" in result.output
    assert "new: 100, updated: 0, unchanged: 0" in result.output
    again = run("x-archive", str(folder), "--workspace", "fromagerie")
    assert "new: 0, updated: 0, unchanged: 100" in again.output


def test_competitor_and_handle_options(workspace):
    result = run("x-archive", str(FIXTURES / "x_old" / "tweet.js"), "--workspace", "fromagerie",
                 "--competitor", "--handle", "tomme")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "tomme (a competitor)" in result.output


def test_mastodon_archive(workspace, mastodon_folder):
    result = run("mastodon-archive", str(mastodon_folder), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert "fromagerie@mastodon.example" in result.output
    assert "posts: 4 (originals 2, replies 1, reposts 1)" in result.output


def test_bluesky_says_it_has_no_counts(workspace, tmp_path):
    path = tmp_path / "repo.car"
    path.write_bytes(build_car("did:plc:x", [("app.bsky.feed.post", "3k", {
        "text": "Bonjour", "createdAt": "2026-01-01T10:00:00Z"})]))  # fmt: skip
    result = run("bluesky-car", str(path), "--workspace", "fromagerie", "--handle", "f.bsky.social")
    assert result.exit_code == 0, result.output
    assert "A Bluesky repository has no likes or reposts received" in result.output
    assert "connect the account to collect them" in result.output


def test_csv_lists_unknown_columns(workspace, tmp_path):
    result = run("csv", str(FIXTURES / "facebook_en.csv"), "--network", "facebook",
                 "--workspace", "fromagerie")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "unknown columns, not imported: Engagement score" in result.output
    xlsx = write_linkedin_xlsx(tmp_path / "linkedin.xlsx")
    result = run("csv", str(xlsx), "--network", "linkedin", "--workspace", "fromagerie",
                 "--handle", "fromagerie")  # fmt: skip
    assert "follower counts: 2" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x-archive", "{tmp}/missing.zip"], "There is no file"),
        (["mastodon-archive", "{fixtures}/x_new"], "not a Mastodon archive"),
        (["csv", "{fixtures}/facebook_en.csv", "--network", "linkedin"], "Facebook's"),
        (["bluesky-car", "{fixtures}/facebook_en.csv", "--handle", "x"], "not a Bluesky"),
    ],
)
def test_a_bad_file_exits_2_with_the_reason_and_imports_nothing(workspace, tmp_path, args, message):
    before = rows()
    args = [a.format(tmp=tmp_path, fixtures=FIXTURES) for a in args]
    result = CliRunner().invoke(import_group, [*args, "--workspace", "fromagerie"])
    assert result.exit_code == 2, result.output
    assert "nothing changed" in result.output and message in result.output
    assert rows() == before


def test_a_file_over_the_cap_exits_2(workspace, settings):
    settings.MOSTRA_IMPORT_MAX_BYTES = 100
    result = CliRunner().invoke(
        import_group, ["x-archive", str(FIXTURES / "x_old" / "tweet.js"), "--workspace",
                       "fromagerie", "--handle", "x"])  # fmt: skip
    assert result.exit_code == 2 and "too large" in result.output
    assert AccountPost.objects.count() == 0


def test_an_unknown_workspace_is_a_usage_error(workspace):
    result = CliRunner().invoke(import_group, ["x-archive", "x", "--workspace", "nope"])
    assert result.exit_code == 2 and "fromagerie" in result.output
