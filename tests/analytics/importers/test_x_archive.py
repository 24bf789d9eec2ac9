"""The X archive: new format (tweets.js + parts + account.js), old format (tweet.js)."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

import pytest

from mostra.analytics.importers import ImportRefused, run_import
from mostra.analytics.models import AccountPost, TrackedAccount
from tests.analytics.fixtures.builders import write_x_archive
from tests.analytics.importers.conftest import FIXTURES, rows


def _zip(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, "twitter-2024-09-03/" + path.relative_to(folder).as_posix())
    return target


def test_new_format_folder_reads_parts_account_retweets_replies_and_edits(workspace, owner):
    result = run_import(workspace, "x-archive", FIXTURES / "x_new", user=owner)
    account = result.account
    assert (account.network, account.handle, account.display_name, account.external_id) == (
        "x",
        "fromagerielac",
        "Fromagerie du Lac",
        "1111111111",
    )
    assert not account.is_competitor
    posts = {p.network_id: p for p in AccountPost.objects.filter(account=account)}
    # 5 tweets in the files, of which one is the first version of an edited tweet.
    assert sorted(posts) == [
        "1830000000000000002",
        "1830000000000000003",
        "1830000000000000004",
        "1830000000000000005",
    ]
    counts = result.counts
    assert (counts["posts"], counts["originals"], counts["replies"], counts["reposts"]) == (
        4,
        2,
        1,
        1,
    )
    original = posts["1830000000000000005"]
    assert (original.kind, original.likes, original.reposts) == ("original", 12, 3)
    assert (original.replies, original.impressions) == (None, None)  # not in an X archive
    assert original.published_at == datetime(2024, 9, 2, 8, tzinfo=UTC)
    assert original.url == "https://x.com/FromagerieLac/status/1830000000000000005"
    assert original.source == "x-archive" and original.language == "fr"
    retweet = posts["1830000000000000004"]
    # A retweet's counts are the original tweet's, not the account's: None, not 250.
    assert (retweet.kind, retweet.likes, retweet.reposts) == ("repost", None, None)
    reply = posts["1830000000000000003"]
    assert (reply.kind, reply.target_id, reply.likes) == ("reply", "1820000000000000001", 2)
    assert posts["1830000000000000002"].text.endswith("limited seats.")


def test_old_format_tweet_js_needs_the_handle(workspace):
    path = FIXTURES / "x_old" / "tweet.js"
    before = rows()
    with pytest.raises(ImportRefused, match="--handle"):
        run_import(workspace, "x-archive", path)
    assert rows() == before
    result = run_import(workspace, "x-archive", path, handle="@Tomme_Fermiere")
    assert result.account.handle == "tomme_fermiere"
    kinds = dict(AccountPost.objects.values_list("network_id", "kind"))
    assert kinds == {
        "1030000000000000001": "original",
        "1030000000000000002": "reply",
        "1030000000000000003": "repost",
    }
    first = AccountPost.objects.get(network_id="1030000000000000001")
    assert first.published_at == datetime(2018, 8, 29, 20, 21, 2, tzinfo=UTC)
    assert (first.likes, first.reposts) == (4, 1)


def test_zip_with_a_top_folder_gives_the_same_rows_as_the_folder(workspace, tmp_path):
    archive = _zip(FIXTURES / "x_new", tmp_path / "twitter.zip")
    result = run_import(workspace, "x-archive", archive)
    assert result.counts["posts"] == 4 and result.counts["new"] == 4
    again = run_import(workspace, "x-archive", FIXTURES / "x_new")
    assert (again.counts["new"], again.counts["unchanged"]) == (0, 4)


def test_generated_archive_has_the_repost_share_asked(workspace, tmp_path):
    folder = write_x_archive(tmp_path / "x", "concurrent", 500, repost_share=0.7, part_size=120)
    assert len(list((folder / "data").glob("tweets*.js"))) == 5
    result = run_import(workspace, "x-archive", folder, competitor=True)
    assert result.counts["posts"] == 500
    assert result.counts["reposts"] == 350 and result.counts["replies"] == 50
    account = TrackedAccount.objects.get(handle="concurrent")
    assert account.is_competitor
    assert account.posts.filter(kind="repost").count() == 350
    assert account.posts.filter(kind="repost", likes__isnull=False).count() == 0


def test_a_json_file_that_is_not_an_archive_is_refused(workspace, tmp_path):
    path = tmp_path / "tweets.js"
    path.write_text('{"name": "not an archive"}', encoding="utf-8")
    before = rows()
    with pytest.raises(ImportRefused, match="not an X archive"):
        run_import(workspace, "x-archive", path, handle="x")
    other = tmp_path / "notes.json"
    other.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(ImportRefused, match="something else than tweets"):
        run_import(workspace, "x-archive", other, handle="x")
    items = tmp_path / "tweet.js"
    items.write_text('window.YTD.tweet.part0 = [{"tweet": {"text": "no id"}}]', encoding="utf-8")
    with pytest.raises(ImportRefused, match="item 1 is not a tweet"):
        run_import(workspace, "x-archive", items, handle="x")
    assert rows() == before


def test_a_mastodon_archive_given_as_an_x_archive_is_refused(workspace, mastodon_folder):
    with pytest.raises(ImportRefused, match="not an X archive"):
        run_import(workspace, "x-archive", mastodon_folder)
