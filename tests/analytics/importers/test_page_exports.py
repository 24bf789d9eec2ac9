"""Facebook, Instagram and LinkedIn analytics exports: EN and FR headers, CSV and XLSX."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mostra.analytics.importers import ImportRefused, run_import
from mostra.analytics.models import AccountPost, FollowerCount
from tests.analytics.fixtures.builders import write_linkedin_xlsx
from tests.analytics.importers.conftest import FIXTURES, rows

FIELDS = ("network_id", "published_at", "text", "url", "reach", "impressions", "likes",
          "replies", "reposts", "clicks", "saves")  # fmt: skip


def _posts():
    return list(AccountPost.objects.order_by("network_id").values_list(*FIELDS))


def _refused(workspace, path, match, network="facebook", **options):
    before = rows()
    with pytest.raises(ImportRefused, match=match) as caught:
        run_import(workspace, "csv", path, network=network, **options)
    assert rows() == before
    return caught.value.message


def test_facebook_english_export_with_meta_description_row(workspace):
    # The workspace's time zone is Europe/Paris: 08:00 there is 06:00 UTC in September.
    result = run_import(workspace, "csv", FIXTURES / "facebook_en.csv", network="facebook")
    assert (result.account.network, result.account.handle) == ("facebook", "fromagerie du lac")
    assert result.unknown_columns == ["Engagement score"]
    assert "Link clicks" in result.ignored_columns
    assert result.counts["unknown_columns"] == ["Engagement score"]
    post = AccountPost.objects.get(network_id="100200300_400500601")
    assert post.published_at == datetime(2024, 9, 2, 6, tzinfo=UTC)
    assert (post.reach, post.impressions, post.likes, post.replies, post.reposts, post.clicks) == (
        1234, 2050, 87, 12, 5, 40,
    )  # fmt: skip
    assert post.url == "https://www.facebook.com/100200300/posts/400500601"
    empty = AccountPost.objects.get(network_id="100200300_400500603")
    assert (empty.impressions, empty.reposts, empty.clicks) == (None, None, None)  # not 0
    assert result.counts["posts"] == 3 and result.counts["originals"] == 3


def test_french_export_gives_the_same_rows_as_the_english_one(workspace):
    run_import(workspace, "csv", FIXTURES / "facebook_en.csv", network="facebook")
    english = _posts()
    result = run_import(workspace, "csv", FIXTURES / "facebook_fr.csv", network="facebook")
    assert result.unknown_columns == []
    assert (result.counts["new"], result.counts["unchanged"]) == (0, 3)
    assert _posts() == english


def test_instagram_ambiguous_dates_read_by_language_and_said(workspace):
    result = run_import(workspace, "csv", FIXTURES / "instagram_en.csv", network="instagram")
    assert result.account.handle == "fromageriedulac"
    assert any("month/day" in n for n in result.notices)
    reel = AccountPost.objects.get(network_id="17900000000000002")
    assert reel.published_at == datetime(2025, 3, 7, 11, tzinfo=UTC)  # 7 March, not 3 July
    assert (reel.reach, reel.impressions, reel.likes, reel.saves) == (7800, 12000, 950, 120)


def test_tab_and_semicolon_delimiters(workspace, tmp_path):
    text = (FIXTURES / "instagram_en.csv").read_text(encoding="utf-8")
    path = tmp_path / "instagram.tsv"
    path.write_text(text.replace(",", "\t"), encoding="utf-8")
    result = run_import(workspace, "csv", path, network="instagram")
    assert result.counts["posts"] == 2


def test_another_delimiter_is_refused_with_the_missing_columns(workspace, tmp_path):
    text = (FIXTURES / "instagram_en.csv").read_text(encoding="utf-8")
    path = tmp_path / "instagram.csv"
    path.write_text(text.replace(",", "|"), encoding="utf-8")
    message = _refused(workspace, path, "lacks", network="instagram")
    assert "publication date" in message and "commas, semicolons or tabs" in message


def test_missing_required_columns_are_named(workspace, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("Description,Reach\nBonjour,12\n", encoding="utf-8")
    message = _refused(workspace, path, "post id or a post link")
    assert "publication date" in message


def test_an_unreadable_date_is_refused_with_its_line(workspace, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "Post ID,Page name,Publish time,Reach\n1_1,Page,09/02/2024 08:00,5\n"
        "1_2,Page,2 septembre 2024,6\n",
        encoding="utf-8",
    )
    message = _refused(workspace, path, "line 3")
    assert "2 septembre 2024" in message


def test_dates_in_both_orders_are_refused(workspace, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "Post ID,Page name,Publish time\n1_1,Page,13/02/2024 08:00\n1_2,Page,02/13/2024 08:00\n",
        encoding="utf-8",
    )
    _refused(workspace, path, "both day first and month first")


def test_iso_dates_and_a_number_that_is_not_one(workspace, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "Post ID,Page name,Publish time,Reach\n1_1,Page,2024-09-02T08:00:00+0000,5\n",
        encoding="utf-8",
    )
    run_import(workspace, "csv", path, network="facebook")
    assert AccountPost.objects.get().published_at == datetime(2024, 9, 2, 8, tzinfo=UTC)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Post ID,Page name,Publish time,Reach\n1_1,Page,2024-09-02,beaucoup\n", encoding="utf-8"
    )
    _refused(workspace, bad, "not a whole number")


def test_duplicate_rows(workspace, tmp_path):
    header = "Post ID,Page name,Publish time,Reach\n"
    same = tmp_path / "same.csv"
    same.write_text(header + "1_1,Page,2024-09-02,5\n1_1,Page,2024-09-02,5\n", encoding="utf-8")
    result = run_import(workspace, "csv", same, network="facebook")
    assert result.counts["posts"] == 1
    different = tmp_path / "different.csv"
    different.write_text(
        header + "1_9,Page,2024-09-02,5\n1_8,Page,2024-09-03,1\n1_9,Page,2024-09-02,7\n",
        encoding="utf-8",
    )
    message = _refused(workspace, different, "listed twice")
    assert "line 2" in message and "line 4" in message


def test_the_account_comes_from_the_handle_when_the_file_has_none(workspace, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("Post ID,Publish time\n1_1,2024-09-02\n", encoding="utf-8")
    _refused(workspace, path, "--handle")
    result = run_import(workspace, "csv", path, network="facebook", handle="Fromagerie")
    assert result.account.handle == "fromagerie"
    several = tmp_path / "several.csv"
    several.write_text(
        "Post ID,Page name,Publish time\n2_1,A,2024-09-02\n2_2,B,2024-09-02\n", encoding="utf-8"
    )
    _refused(workspace, several, "several accounts")


def test_network_is_required(workspace):
    _refused(
        workspace, FIXTURES / "facebook_en.csv", "facebook, instagram or linkedin", network=None
    )


@pytest.mark.parametrize("french", [False, True])
def test_linkedin_workbook_posts_and_followers(workspace, tmp_path, french):
    path = write_linkedin_xlsx(tmp_path / "linkedin.xlsx", french=french)
    result = run_import(workspace, "csv", path, network="linkedin", handle="fromagerie-du-lac")
    account = result.account
    assert (account.network, account.handle) == ("linkedin", "fromagerie-du-lac")
    post = AccountPost.objects.get(network_id="urn:li:activity:7236000000000000001")
    assert (post.impressions, post.clicks, post.likes, post.replies, post.reposts) == (
        1500, 45, 32, 4, 2,
    )  # fmt: skip
    assert post.reach is None
    assert post.published_at.astimezone(UTC).date() == date(2024, 9, 1)  # midnight in Paris
    later = AccountPost.objects.get(network_id="urn:li:activity:7236000000000000002")
    assert later.published_at == datetime(2024, 9, 15, 22, tzinfo=UTC)
    followers = list(FollowerCount.objects.values_list("date", "followers"))
    assert followers == [(date(2024, 9, 1), 1480), (date(2024, 9, 30), 1520)]
    assert result.counts["snapshots"] == 2
    assert any("Metrics" in n for n in result.notices)
    # "Views" is an alias of impressions listed after "Impressions": not imported, said.
    assert ("Vues" if french else "Views") in result.ignored_columns
    assert result.unknown_columns == []
    again = run_import(workspace, "csv", path, network="linkedin", handle="fromagerie-du-lac")
    assert (again.counts["new"], again.counts["unchanged"]) == (0, 2)
    assert FollowerCount.objects.count() == 2


def test_linkedin_workbook_with_a_formula_is_refused_with_the_cell(workspace, tmp_path):
    path = write_linkedin_xlsx(tmp_path / "linkedin.xlsx", formula=True)
    message = _refused(workspace, path, "formulas", network="linkedin", handle="x")
    assert "All posts!G4" in message and "=G3*2" in message


def test_a_damaged_workbook_and_an_old_xls(workspace, tmp_path):
    path = write_linkedin_xlsx(tmp_path / "linkedin.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(workspace, path, "truncated or damaged", network="linkedin", handle="x")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    _refused(workspace, xls, r"\.xlsx", network="linkedin", handle="x")


def test_a_table_larger_than_memory_allows_is_refused_not_cut(workspace, monkeypatch):
    from mostra.analytics.importers import files

    monkeypatch.setattr(files, "MAX_MEMBER_BYTES", 100)
    _refused(workspace, FIXTURES / "facebook_en.csv", "too large")
