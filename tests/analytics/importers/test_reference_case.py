"""The issue's reference case, from the files to the figure: two X archives imported,
the repost ratios read side by side (40 % for the workspace, 70 % for the competitor),
and the same with two Mastodon archives."""

from __future__ import annotations

from datetime import date

from mostra.analytics.importers import run_import
from mostra.analytics.kpis import Period, compute
from tests.analytics.fixtures.builders import write_mastodon_archive, write_x_archive

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def test_two_x_archives_give_40_and_70_percent_reposts(workspace, tmp_path):
    ours = write_x_archive(tmp_path / "ours", "fromagerie", 400, repost_share=0.4, seed=1)
    theirs = write_x_archive(tmp_path / "theirs", "concurrent", 300, repost_share=0.7, seed=2,
                             account_id="999")  # fmt: skip
    own = run_import(workspace, "x-archive", ours).account
    rival = run_import(workspace, "x-archive", theirs, competitor=True).account
    values = compute([own, rival], YEAR, ["repost_ratio"])
    assert round(values[own.pk]["repost_ratio"].value, 3) == 0.4
    assert round(values[rival.pk]["repost_ratio"].value, 3) == 0.7
    assert values[rival.pk]["repost_ratio"].denominator == 300  # replies included


def test_two_mastodon_archives_side_by_side(workspace, tmp_path):
    ours = write_mastodon_archive(tmp_path / "a.tar.gz", "fromagerie@m.example", 200,
                                  boost_share=0.25)  # fmt: skip
    theirs = write_mastodon_archive(tmp_path / "b.tar.gz", "concurrent@m.example", 100,
                                    boost_share=0.6, seed=3)  # fmt: skip
    own = run_import(workspace, "mastodon-archive", ours).account
    rival = run_import(workspace, "mastodon-archive", theirs, competitor=True).account
    values = compute([own, rival], YEAR, ["repost_ratio"])
    assert round(values[own.pk]["repost_ratio"].value, 3) == 0.25
    assert round(values[rival.pk]["repost_ratio"].value, 3) == 0.6
