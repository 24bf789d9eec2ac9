"""The issue's reference case end to end: import two X archives (our account reposts
40 % of what it posts, the competitor 70 %), read the repost ratios side by side with
``mostra kpi``; the same with two Mastodon archives."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mostra.analytics.cli_kpi import kpi_command
from mostra.analytics.importers import run_import
from tests.analytics.fixtures.builders import write_mastodon_archive, write_x_archive

YEAR = ["--from", "2026-01-01", "--to", "2026-12-31"]


def kpis(*args: str) -> list[dict]:
    result = CliRunner().invoke(kpi_command, ["--workspace", "fromagerie", *YEAR, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_two_x_archives_side_by_side(workspace, tmp_path):
    ours = write_x_archive(tmp_path / "ours", "fromagerie", 100, repost_share=0.4)
    theirs = write_x_archive(
        tmp_path / "theirs", "laiterie", 100, repost_share=0.7, seed=2, account_id="99"
    )
    run_import(workspace, "x-archive", ours)
    run_import(workspace, "x-archive", theirs, competitor=True)
    rows = kpis("--format", "json")
    by_handle = {row["handle"]: row for row in rows}
    assert by_handle["fromagerie"]["competitor"] is False
    assert by_handle["laiterie"]["competitor"] is True
    ours_kpis, theirs_kpis = by_handle["fromagerie"]["kpis"], by_handle["laiterie"]["kpis"]
    assert ours_kpis["repost_ratio"]["value"] == 0.4
    assert (ours_kpis["repost_ratio"]["numerator"], ours_kpis["repost_ratio"]["denominator"]) == (
        40,
        100,
    )
    assert theirs_kpis["repost_ratio"]["value"] == 0.7
    assert ours_kpis["reply_share"]["value"] == 0.1
    # An X archive has no replies counts: the conversation rate says so instead of 0.
    assert ours_kpis["conversation_rate"]["value"] is None
    assert ours_kpis["conversation_rate"]["missing"].startswith("No replies counts")
    assert ours_kpis["applause_rate"]["value"] is not None
    # Importing again changes nothing.
    run_import(workspace, "x-archive", ours)
    again = {row["handle"]: row for row in kpis("--format", "json")}
    assert again["fromagerie"]["kpis"]["repost_ratio"]["denominator"] == 100


def test_two_mastodon_archives_side_by_side(workspace, tmp_path):
    ours = write_mastodon_archive(
        tmp_path / "ours.tar.gz", "fromagerie@lac.example", 50, boost_share=0.4
    )
    theirs = write_mastodon_archive(
        tmp_path / "theirs.tar.gz", "laiterie@lait.example", 50, boost_share=0.7, seed=2
    )
    run_import(workspace, "mastodon-archive", ours)
    run_import(workspace, "mastodon-archive", theirs, competitor=True)
    rows = kpis("--format", "json", "--kpi", "repost_ratio", "--kpi", "conversation_rate")
    ratios = {row["handle"]: row["kpis"]["repost_ratio"]["value"] for row in rows}
    assert sorted(ratios.values()) == [0.4, 0.7]
    assert all(row["kpis"]["conversation_rate"]["value"] is None for row in rows)
