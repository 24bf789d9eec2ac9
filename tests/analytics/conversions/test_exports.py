"""Reading Matomo, Plausible and GA4 campaign exports, and what is refused (nothing read)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from mostra.analytics.conversions import exports
from mostra.analytics.conversions.exports import read_export
from mostra.analytics.importers.base import ImportRefused
from tests.analytics.conversions.conftest import DATA

OCT_5, OCT_6 = dt.date(2026, 10, 5), dt.date(2026, 10, 6)


def lines_of(traffic):
    return {
        (line.start, line.campaign, line.source, line.medium, line.content): (
            line.visits,
            line.goals,
        )
        for line in traffic.lines
    }


def test_matomo_campaigns_by_day_with_one_column_per_goal():
    traffic = read_export(DATA / "matomo_campaigns.csv", "matomo")
    assert (traffic.first, traffic.last, traffic.rows_read) == (OCT_5, OCT_6, 5)
    found = lines_of(traffic)
    assert found[(OCT_5, "atelier-octobre", "instagram", "organic", "post-42")] == (
        120,
        {"Inscription": 6, "Don": 1},
    )
    # A goal with 0 conversions is not stored; a row without content has none.
    assert found[(OCT_6, "atelier-octobre", "flyer", "offline", "")] == (15, {"Inscription": 2})


def test_plausible_goal_and_conversions_columns():
    traffic = read_export(DATA / "plausible_utm_campaigns.csv", "plausible")
    found = lines_of(traffic)
    assert found[(OCT_5, "atelier-octobre", "facebook", "paid", "")] == (340, {"Inscription": 9})
    # No conversions given: none counted, the visits kept.
    assert found[(OCT_6, "newsletter-octobre", "newsletter", "email", "")] == (55, {})


def test_ga4_reads_its_period_from_the_comment_lines_and_splits_source_medium():
    traffic = read_export(DATA / "ga4_traffic_acquisition.csv", "ga4")
    assert (traffic.first, traffic.last) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    found = {(line.campaign, line.source, line.medium): line for line in traffic.lines}
    paid = found[("atelier-octobre", "facebook", "paid")]
    assert (paid.start, paid.end, paid.visits, paid.goals) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
        340,
        {"sign_up": 9, "purchase": 1},
    )
    # GA4's "(direct)" is no campaign, not a campaign named "(direct)".
    assert ("", "", "") in found


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_wrong_columns_name_the_expected_ones(tmp_path):
    path = write(tmp_path, "Page,Pageviews\n/,12\n")
    with pytest.raises(ImportRefused) as refused:
        read_export(path, "matomo")
    assert "Session campaign" in refused.value.message
    assert "Visits" in refused.value.message


def test_bad_dates_and_counts_are_reported_with_their_lines_and_nothing_is_read(tmp_path):
    text = "Date,Campaign,Visits\n2026-10-05,a,3\n2026-13-45,a,4\n2026-10-07,a,lots\n"
    with pytest.raises(ImportRefused) as refused:
        read_export(write(tmp_path, text), "plausible")
    message = refused.value.message
    assert "line 3" in message and "line 4" in message and "lots" in message
    assert "line 2" not in message


def test_a_day_after_today_is_refused(tmp_path):
    text = "Date,Campaign,Visits\n2026-12-05,a,3\n"
    with pytest.raises(ImportRefused) as refused:
        read_export(write(tmp_path, text), "plausible", today=dt.date(2026, 11, 18))
    assert "after today" in refused.value.message


def test_no_date_and_no_period_is_refused_then_read_with_the_period_given(tmp_path):
    path = write(tmp_path, "Campaign,Visits,Conversions\natelier,30,2\n")
    with pytest.raises(ImportRefused) as refused:
        read_export(path, "matomo")
    assert "--from" in refused.value.message
    period = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    traffic = read_export(path, "matomo", period=period)
    assert [(t.start, t.end, t.visits, t.goals) for t in traffic.lines] == [
        (*period, 30, {"all": 2})
    ]


def test_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 3)
    text = "Date,Campaign,Visits\n" + "".join(f"2026-10-0{d},a,1\n" for d in range(1, 6))
    with pytest.raises(ImportRefused) as refused:
        read_export(write(tmp_path, text), "ga4")
    assert "more than 3 lines" in refused.value.message


def test_a_sheet_with_formulas_is_refused(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Campaign", "Visits"])
    sheet.append(["2026-10-05", "a", 3])
    sheet.append(["2026-10-06", "a", "=B2*2"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    with pytest.raises(ImportRefused) as refused:
        read_export(path, "matomo")
    assert "formulas" in refused.value.message and "C3" in refused.value.message


def test_an_unknown_tool_is_refused(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        read_export(write(tmp_path, "Campaign,Visits\na,1\n"), "piwik")
    assert "matomo, plausible or ga4" in refused.value.message


def test_plausible_export_zip_reads_its_sources_by_utm_tags(tmp_path):
    import zipfile

    folder = DATA / "plausible_export"
    path = tmp_path / "plausible-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)
        archive.writestr("imported_visitors_20261001_20261031.csv", "date,visitors\n")
    found = lines_of(read_export(path, "plausible"))
    # utm_source wins over Plausible's own "source" (the referrer's name).
    assert found[(OCT_5, "atelier-octobre", "instagram", "organic", "post-42")] == (120, {})
    # Untagged visits (from Google here) are kept, under no tag.
    assert found[(OCT_5, "", "", "", "")] == (450, {})


def test_a_zip_without_sources_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("imported_visitors.csv", "date,visitors\n")
    with pytest.raises(ImportRefused) as refused:
        read_export(path, "plausible")
    assert "imported_sources" in refused.value.message
