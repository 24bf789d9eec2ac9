"""Files read as streams (X and Mastodon archives, Bluesky repositories, CSV exports): a
file larger than memory allows imports, one item at a time, written a batch at a time,
and a refusal halfway still leaves nothing behind.

``MAX_MEMBER_BYTES`` (the most read whole into memory) and ``KEEP_BYTES`` (the most a
tar's listing keeps) are lowered to a few bytes: before, the importers read every file
whole and refused these archives as zip bombs. The memory itself is measured by
bench/import_memory.py (docs/performance.md), not here.
"""

from __future__ import annotations

import importlib
import json
import tarfile
import zipfile

import pytest

from mostra.analytics.importers import ImportRefused, files, run_import
from mostra.analytics.importers.store import SeenIds
from mostra.analytics.models import AccountPost
from tests.analytics.fixtures.builders import build_car, write_mastodon_archive, write_x_archive
from tests.analytics.importers.conftest import FIXTURES, rows

store = importlib.import_module("mostra.analytics.importers.store")


@pytest.fixture
def small_memory(monkeypatch):
    """Nothing larger than 2 KB may be read whole; batches of 7 posts."""
    monkeypatch.setattr(files, "MAX_MEMBER_BYTES", 2048)
    monkeypatch.setattr(files, "KEEP_BYTES", 2048)
    monkeypatch.setattr(store, "BATCH", 7)


def _zip(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def test_an_x_archive_larger_than_memory_allows_is_imported(workspace, tmp_path, small_memory):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 120, part_size=50)
    archive = _zip(folder, tmp_path / "twitter.zip")
    assert (folder / "data" / "tweets.js").stat().st_size > 20 * files.MAX_MEMBER_BYTES
    result = run_import(workspace, "x-archive", archive)
    assert (result.counts["posts"], result.counts["new"], result.counts["reposts"]) == (
        120,
        120,
        48,
    )
    assert AccountPost.objects.count() == 120
    again = run_import(workspace, "x-archive", archive)
    assert (again.counts["new"], again.counts["unchanged"]) == (0, 120)


def test_a_mastodon_tar_gz_larger_than_memory_allows_is_imported(workspace, tmp_path, small_memory):
    path = write_mastodon_archive(tmp_path / "archive.tar.gz", "fromagerie@m.example", 90)
    result = run_import(workspace, "mastodon-archive", path)
    assert (result.counts["posts"], result.counts["reposts"], result.counts["likes_given"]) == (
        90,
        27,
        1,
    )
    assert result.account.handle == "fromagerie@m.example"
    assert AccountPost.objects.filter(account=result.account).count() == 90


def _tweets_file(folder):
    return folder / "data" / "tweets.js"


def test_a_bad_tweet_after_batches_were_written_leaves_nothing(workspace, tmp_path, small_memory):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 60)
    path = _tweets_file(folder)
    text = path.read_text(encoding="utf-8")
    tweets = json.loads(text[text.index("[") :])
    del tweets[50]["tweet"]["created_at"]
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(tweets), encoding="utf-8")
    before = rows()
    with pytest.raises(ImportRefused, match="item 51 is not a tweet"):
        run_import(workspace, "x-archive", folder)
    assert rows() == before  # 49 posts were written in 7 batches, then undone


def test_a_file_cut_in_the_middle_leaves_nothing(workspace, tmp_path, small_memory):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 60)
    path = _tweets_file(folder)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    before = rows()
    with pytest.raises(ImportRefused, match="tweets.js is not valid JSON"):
        run_import(workspace, "x-archive", _zip(folder, tmp_path / "twitter.zip"))
    assert rows() == before


def test_an_outbox_that_is_not_a_collection_is_refused_after_its_items(
    workspace, tmp_path, small_memory
):
    outbox = tmp_path / "outbox.json"
    write_mastodon_archive(tmp_path / "a.tar.gz", "fromagerie@m.example", 30)
    with tarfile.open(tmp_path / "a.tar.gz") as archive:
        document = json.load(archive.extractfile("outbox.json"))
    document.pop("type")
    document["type"] = "Person"  # after the items: known once they were read
    outbox.write_text(json.dumps(document), encoding="utf-8")
    before = rows()
    with pytest.raises(ImportRefused, match="is not an outbox"):
        run_import(workspace, "mastodon-archive", outbox, handle="fromagerie@m.example")
    assert rows() == before


def test_a_post_listed_twice_across_batches_is_stored_once_as_first_listed(
    workspace, tmp_path, small_memory
):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 30, repost_share=0, reply_share=0)
    path = _tweets_file(folder)
    text = path.read_text(encoding="utf-8")
    tweets = json.loads(text[text.index("[") :])
    copy = json.loads(json.dumps(tweets[0]))
    copy["tweet"]["favorite_count"] = "999"
    tweets.append(copy)  # the same id, 29 posts later: four batches apart
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(tweets), encoding="utf-8")
    result = run_import(workspace, "x-archive", folder)
    assert (result.counts["posts"], result.counts["new"], result.counts["originals"]) == (
        30,
        30,
        30,
    )
    first = AccountPost.objects.get(network_id=tweets[0]["tweet"]["id_str"])
    assert first.likes == int(tweets[0]["tweet"]["favorite_count"]) != 999


def test_seen_ids_remember_many_ids_in_little_room():
    seen = SeenIds()
    assert all(seen.add(f"https://m.example/statuses/{n}") for n in range(50_000))
    assert not any(seen.add(f"https://m.example/statuses/{n}") for n in range(0, 50_000, 7))
    assert seen.add("another")
    assert len(seen._slots) * 8 < 22 * 50_001  # 8 bytes a slot, three eighths used at least


def _facebook_rows(count: int) -> list[str]:
    """A Facebook posts export of ``count`` rows (the header of the fixture)."""
    header = (FIXTURES / "facebook_en.csv").read_text(encoding="utf-8").splitlines()[0]
    return [header] + [
        f"1002_{n},1002,Fromagerie du Lac,,Post {n},,09/{1 + n % 28:02d}/2024 08:00,,"
        f"https://www.facebook.com/1002/posts/{n},No,No,Photo,,,Lifetime,{n},{2 * n},1,0,0,0,0,0,0"
        for n in range(count)
    ]


def test_a_csv_export_is_read_row_by_row_and_a_bad_last_row_leaves_nothing(
    workspace, tmp_path, monkeypatch
):
    monkeypatch.setattr(store, "BATCH", 7)  # a CSV is still refused past MAX_MEMBER_BYTES
    lines = _facebook_rows(60)
    path = tmp_path / "facebook.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_import(workspace, "csv", path, network="facebook")
    assert (result.counts["posts"], result.counts["new"]) == (60, 60)
    assert AccountPost.objects.get(network_id="1002_59").impressions == 118
    lines.append(lines[-1].replace("1002_59", "1002_60").replace("09/04/2024 08:00", "soon"))
    path.write_text("\n".join(lines), encoding="utf-8")
    before = rows()
    with pytest.raises(ImportRefused, match="line 62: the date"):
        run_import(workspace, "csv", path, network="facebook")
    assert rows() == before  # the 60 rows before it were written again, then undone


def test_a_bluesky_repository_larger_than_memory_allows_is_imported(
    workspace, tmp_path, small_memory
):
    posts = [
        ("app.bsky.feed.post", f"3kpost{n:04d}",
         {"$type": "app.bsky.feed.post", "text": f"Post {n} " + "🧀" * 40,
          "createdAt": "2026-02-01T09:00:00Z"})
        for n in range(80)
    ]  # fmt: skip
    likes = [
        ("app.bsky.feed.like", f"3klike{n:04d}",
         {"$type": "app.bsky.feed.like", "subject": {"uri": "at://x"},
          "createdAt": f"2026-02-01T09:{n % 60:02d}:00Z"})
        for n in range(30)
    ]  # fmt: skip
    path = tmp_path / "repo.car"
    path.write_bytes(build_car("did:plc:fromagerie", posts + likes))
    assert path.stat().st_size > 4 * files.MAX_MEMBER_BYTES
    result = run_import(workspace, "bluesky-car", path, handle="fromagerie.bsky.social")
    assert (result.counts["posts"], result.counts["likes_given"]) == (80, 30)
    assert AccountPost.objects.filter(account=result.account).count() == 80
