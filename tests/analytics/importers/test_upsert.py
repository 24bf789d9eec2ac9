"""Writing imported posts (mostra.analytics.importers.upsert), on SQLite and PostgreSQL
alike: any text survives the trip (PostgreSQL's COPY escapes tabs, newlines and
backslashes), the three counts are right across batches, an equal row is not written,
a failure halfway (a COPY under way) leaves nothing, and a batch costs the same few
statements whatever its size.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.analytics.importers import ImportRefused
from mostra.analytics.importers.base import ParsedImport, ParsedPost
from mostra.analytics.models import AccountPost
from tests.analytics.importers.conftest import rows

store = importlib.import_module("mostra.analytics.importers.store")
MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
#: What a COPY's text format must escape, and what a careless one would take for NULL.
AWKWARD = "tab\there\nnewline\r\nback\\slash \\N \\. quote ' \" é 🧀👩‍👩‍👧 \u2028 end\\"


def post(number: int, **values) -> ParsedPost:
    values.setdefault("likes", number)
    values.setdefault("text", f"post {number}")
    return ParsedPost(str(number), "original", MOMENT + timedelta(minutes=number), **values)


def parsed(posts) -> ParsedImport:
    return ParsedImport(network="x", handle="fromagerie", posts=posts)


def account_for(workspace):
    return store.tracked_account(workspace, parsed([]), competitor=False, user=None)


def test_awkward_text_survives_and_compares_equal_the_next_time(workspace):
    account = account_for(workspace)
    awkward = post(
        1, text=AWKWARD, url="https://x.com/a\tb", language="fr\\", target_id="\\N", likes=None
    )
    assert store.store_posts(account, parsed([awkward, post(2, text="")]), "x-archive") == {
        "new": 2, "updated": 0, "unchanged": 0,
    }  # fmt: skip
    row = AccountPost.objects.get(network_id="1")
    assert (row.text, row.url, row.language, row.target_id) == (
        AWKWARD, "https://x.com/a\tb", "fr\\", "\\N",
    )  # fmt: skip
    assert row.likes is None and AccountPost.objects.get(network_id="2").text == ""
    again = store.store_posts(account, parsed([awkward, post(2, text="")]), "x-archive")
    assert again == {"new": 0, "updated": 0, "unchanged": 2}


def test_nul_characters_are_dropped_on_both_databases(workspace):
    """PostgreSQL's text cannot hold NUL: both databases store the text without it, and
    an id differing only by a NUL is the same post."""
    account = account_for(workspace)
    posts = [
        ParsedPost("7\x00", "original", MOMENT, text="a\x00b\x00", url="\x00https://x.com/7"),
        ParsedPost("7", "original", MOMENT, text="listed twice"),
    ]
    assert store.store_posts(account, parsed(posts), "x-archive")["new"] == 1
    row = AccountPost.objects.get()
    assert (row.network_id, row.text, row.url) == ("7", "ab", "https://x.com/7")


def test_new_updated_and_unchanged_are_counted_across_batches(workspace, monkeypatch):
    monkeypatch.setattr(store, "BATCH", 3)
    account = account_for(workspace)
    store.store_posts(account, parsed([post(n) for n in range(10)]), "x-archive")
    AccountPost.objects.filter(network_id="4").update(impressions=500)  # another source's
    stamps = dict(AccountPost.objects.values_list("network_id", "imported_at"))
    changed = [post(n, likes=100 + n) for n in range(3)]  # 0, 1, 2 changed
    same = [post(n) for n in range(3, 8)]  # 3 to 7 as stored (4 keeps its impressions)
    new = [post(n) for n in range(10, 14)]
    counts = store.store_posts(account, parsed(changed + same + new), "x-archive")
    assert counts == {"new": 4, "updated": 3, "unchanged": 5}
    after = {r.network_id: r for r in AccountPost.objects.all()}
    assert len(after) == 14 and after["0"].likes == 100 and after["13"].likes == 13
    assert after["4"].impressions == 500  # a count the file lacks keeps the stored one
    assert all(after[str(n)].imported_at == stamps[str(n)] for n in range(3, 10))
    assert all(after[str(n)].imported_at > stamps[str(n)] for n in range(3))


def test_a_file_refused_halfway_leaves_nothing_and_the_connection_usable(
    workspace, tmp_path, monkeypatch
):
    """Two batches written, a third under way (on PostgreSQL, a COPY open) when the
    file turns out damaged: nothing stays, and the next import works."""
    monkeypatch.setattr(store, "BATCH", 7)
    account_for(workspace)
    store.store_posts(account_for(workspace), parsed([post(1, likes=5)]), "x-archive")
    before = (rows(), list(AccountPost.objects.values_list("network_id", "likes")))

    def damaged() -> Iterator[ParsedPost]:
        for number in range(1, 18):
            yield post(number, likes=50 + number)
        raise ImportRefused("item 18 is not a tweet")

    path = tmp_path / "tweets.js"
    path.write_text("[]", encoding="utf-8")
    options = {"kind": "x-archive", "path": path, "filename": "tweets.js", "competitor": False}
    with pytest.raises(ImportRefused, match="item 18"):
        store.store(workspace, parsed(damaged()), user=None, **options)
    assert (rows(), list(AccountPost.objects.values_list("network_id", "likes"))) == before
    result = store.store(workspace, parsed([post(n) for n in range(1, 18)]), user=None, **options)
    assert (result.counts["new"], result.counts["updated"]) == (16, 1)


def test_a_batch_costs_the_same_few_statements_whatever_its_size(workspace, monkeypatch):
    """Statements per batch, not per row: on SQLite the stored rows' SELECT and one
    ``executemany``; on PostgreSQL the COPY, the comparing upsert and the TRUNCATE."""
    monkeypatch.setattr(store, "BATCH", 10)
    account = account_for(workspace)

    def statements(first: int, count: int) -> int:
        posts = [post(n) for n in range(first, first + count)]
        with CaptureQueriesContext(connection) as queries:
            store.upsert_posts(account, parsed(posts), "x-archive")
        return len(queries.captured_queries)

    small, large = statements(0, 20), statements(1000, 60)
    per_batch = 3 if connection.vendor == "postgresql" else 2
    assert large - small == 4 * per_batch  # four more batches


def test_an_import_that_changes_nothing_leaves_the_daily_sums_alone(
    workspace, tmp_path, monkeypatch
):
    """Recomputing an account's every day costs more than comparing 100,000 posts:
    an archive imported again, with no row written, does not."""
    from mostra.analytics import account_days

    refreshed: list[int] = []
    refresh = account_days.refresh
    monkeypatch.setattr(
        account_days, "refresh", lambda pk, *a, **k: refreshed.append(pk) or refresh(pk, *a, **k)
    )
    path = tmp_path / "tweets.js"
    path.write_text("[]", encoding="utf-8")
    options = {"kind": "x-archive", "path": path, "filename": "tweets.js", "competitor": False}
    first = store.store(workspace, parsed([post(1), post(2)]), user=None, **options)
    assert refreshed == [first.account.pk]
    store.store(workspace, parsed([post(1), post(2)]), user=None, **options)
    assert refreshed == [first.account.pk]
    store.store(workspace, parsed([post(1), post(2, likes=9)]), user=None, **options)
    assert refreshed == [first.account.pk] * 2
    assert first.account.days.get().sum_likes == 10
