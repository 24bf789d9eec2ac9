"""The Mastodon archive: recent (likes and shares per post) and older (no counts)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from mostra.analytics.importers import ImportRefused, run_import
from mostra.analytics.models import AccountPost
from tests.analytics.fixtures.builders import write_mastodon_archive
from tests.analytics.importers.conftest import FIXTURES, rows

STATUS = "https://mastodon.example/users/fromagerie/statuses/"


def test_recent_outbox_posts_replies_boosts_counts_and_no_direct_messages(
    workspace, mastodon_folder
):
    result = run_import(workspace, "mastodon-archive", mastodon_folder)
    account = result.account
    assert (account.network, account.handle, account.display_name) == (
        "mastodon",
        "fromagerie@mastodon.example",
        "Fromagerie du Lac",
    )
    assert account.profile_url == "https://mastodon.example/@fromagerie"
    posts = {p.network_id: p for p in AccountPost.objects.filter(account=account)}
    assert sorted(posts) == [
        STATUS + "111",
        STATUS + "112",
        STATUS + "113/activity",  # a boost: the Announce activity's id
        STATUS + "115",
    ]  # 114, a direct message, is not a post
    note = posts[STATUS + "111"]
    assert (note.kind, note.likes, note.reposts, note.replies) == ("original", 14, 5, None)
    assert note.text == "Le comté 24 mois est de retour\xa0!\nVenez le goûter."
    assert (note.language, note.url) == ("fr", "https://mastodon.example/@fromagerie/111")
    assert note.published_at == datetime(2026, 3, 2, 8, tzinfo=UTC)
    reply = posts[STATUS + "112"]
    assert (reply.kind, reply.target_id) == (
        "reply",
        "https://autre.example/users/voisin/statuses/900",
    )
    boost = posts[STATUS + "113/activity"]
    assert (boost.kind, boost.likes, boost.reposts) == ("repost", None, None)
    assert boost.target_id == "https://autre.example/users/voisin/statuses/901"
    assert posts[STATUS + "115"].kind == "original"  # a poll is a post
    counts = result.counts
    assert (counts["posts"], counts["originals"], counts["replies"], counts["reposts"]) == (
        4, 2, 1, 1,
    )  # fmt: skip


def test_older_outbox_alone_has_no_counts_and_says_so(workspace):
    path = FIXTURES / "mastodon" / "outbox_old.json"
    result = run_import(workspace, "mastodon-archive", path)
    # No actor.json: the account comes from the activities' actor.
    assert result.account.handle == "tomme@piaille.example"
    note = AccountPost.objects.get(network_id="https://piaille.example/users/tomme/statuses/21")
    assert (note.likes, note.reposts) == (None, None)
    assert any("no like or boost counts" in n for n in result.notices)


def test_the_tar_gz_as_downloaded_and_idempotence(workspace, tmp_path):
    archive = write_mastodon_archive(tmp_path / "archive-2026.tar.gz", "fromagerie@m.example", 60,
                                     boost_share=0.5)  # fmt: skip
    first = run_import(workspace, "mastodon-archive", archive)
    assert (first.counts["posts"], first.counts["reposts"], first.counts["new"]) == (60, 30, 60)
    assert first.counts["likes_given"] == 1
    second = run_import(workspace, "mastodon-archive", archive)
    assert (second.counts["new"], second.counts["updated"], second.counts["unchanged"]) == (
        0, 0, 60,
    )  # fmt: skip
    assert AccountPost.objects.count() == 60


def test_an_outbox_without_owner_needs_a_handle(workspace, tmp_path):
    path = tmp_path / "outbox.json"
    path.write_text('{"type": "OrderedCollection", "orderedItems": []}', encoding="utf-8")
    before = rows()
    with pytest.raises(ImportRefused, match="user@instance"):
        run_import(workspace, "mastodon-archive", path)
    assert rows() == before
    result = run_import(workspace, "mastodon-archive", path, handle="@me@piaille.example")
    assert result.account.handle == "me@piaille.example" and result.counts["posts"] == 0


def test_a_json_that_is_not_an_outbox_is_refused(workspace, tmp_path, mastodon_folder):
    path = tmp_path / "outbox.json"
    shutil.copy(FIXTURES / "mastodon" / "actor.json", path)
    before = rows()
    with pytest.raises(ImportRefused, match="not a Mastodon archive"):
        run_import(workspace, "mastodon-archive", path)
    with pytest.raises(ImportRefused, match="outbox.json"):
        run_import(workspace, "mastodon-archive", FIXTURES / "x_new")
    assert rows() == before
