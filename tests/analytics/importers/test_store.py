"""Storing: all or nothing, idempotent, own accounts never silently made competitors."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest

from mostra.analytics.importers import ImportRefused, run_import
from mostra.analytics.models import AccountPost, ImportRun, TrackedAccount
from tests.analytics.fixtures.builders import write_x_archive
from tests.analytics.importers.conftest import FIXTURES, rows


def test_importing_twice_changes_nothing_and_records_both_runs(workspace, owner, tmp_path):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 300, repost_share=0.4)
    first = run_import(workspace, "x-archive", folder, user=owner, filename="twitter.zip")
    snapshot = list(AccountPost.objects.order_by("network_id").values_list(
        "network_id", "kind", "published_at", "likes", "reposts", "text"))  # fmt: skip
    second = run_import(workspace, "x-archive", folder, user=owner, filename="twitter.zip")
    assert first.counts["new"] == 300 and first.counts["reposts"] == 120
    assert (second.counts["new"], second.counts["updated"], second.counts["unchanged"]) == (
        0, 0, 300,
    )  # fmt: skip
    assert list(AccountPost.objects.order_by("network_id").values_list(
        "network_id", "kind", "published_at", "likes", "reposts", "text")) == snapshot  # fmt: skip
    assert TrackedAccount.objects.count() == 1
    runs = list(ImportRun.objects.order_by("id"))
    assert len(runs) == 2 and runs[0].sha256 == runs[1].sha256 and len(runs[0].sha256) == 64
    assert runs[0].counts["posts"] == 300 and runs[0].filename == "twitter.zip"
    assert runs[0].created_by == owner and runs[0].account == first.account


def test_changed_counts_are_updated_and_missing_ones_kept(workspace, tmp_path):
    run_import(workspace, "x-archive", FIXTURES / "x_new")
    post = AccountPost.objects.get(network_id="1830000000000000005")
    post.likes, post.impressions = 1, 999  # impressions from another source (publishing)
    post.save()
    result = run_import(workspace, "x-archive", FIXTURES / "x_new")
    assert (result.counts["updated"], result.counts["unchanged"]) == (1, 3)
    post.refresh_from_db()
    assert (post.likes, post.impressions) == (12, 999)


def test_an_own_account_never_silently_becomes_a_competitor(workspace):
    run_import(workspace, "x-archive", FIXTURES / "x_new")
    before = rows()
    with pytest.raises(ImportRefused, match="own accounts"):
        run_import(workspace, "x-archive", FIXTURES / "x_new", competitor=True)
    assert rows() == before
    assert not TrackedAccount.objects.get().is_competitor


def test_a_competitor_imported_without_the_flag_is_refused(workspace):
    run_import(workspace, "x-archive", FIXTURES / "x_new", competitor=True)
    with pytest.raises(ImportRefused, match="--competitor"):
        run_import(workspace, "x-archive", FIXTURES / "x_new")


def test_a_failure_while_storing_leaves_nothing(workspace, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    store = importlib.import_module("mostra.analytics.importers.store")
    monkeypatch.setattr(store, "store_followers", broken)
    before = rows()
    with pytest.raises(RuntimeError):
        run_import(workspace, "x-archive", FIXTURES / "x_new")
    assert rows() == before


def test_accounts_are_per_workspace(workspace, outsider):
    from mostra.core.models import Workspace

    other = Workspace.objects.get(slug="other-brand")
    run_import(workspace, "x-archive", FIXTURES / "x_new")
    run_import(other, "x-archive", FIXTURES / "x_new", competitor=True)
    assert TrackedAccount.objects.filter(handle="fromagerielac").count() == 2
    assert AccountPost.objects.count() == 8


def test_published_at_is_aware_utc(workspace):
    run_import(workspace, "x-archive", FIXTURES / "x_old" / "tweet.js", handle="tomme")
    assert AccountPost.objects.order_by("published_at").first().published_at == datetime(
        2018, 8, 29, 20, 21, 2, tzinfo=UTC
    )


def test_every_count_lands_in_its_own_column(workspace):
    from mostra.analytics.importers.base import ParsedImport, ParsedPost
    from mostra.analytics.models import COUNT_FIELDS

    store = importlib.import_module("mostra.analytics.importers.store")
    counts = {name: 10 + i for i, name in enumerate(COUNT_FIELDS)}
    moment = datetime(2026, 1, 5, 9, tzinfo=UTC)
    parsed = ParsedImport(
        network="x", handle="h", posts=[ParsedPost("1", "original", moment, **counts)]
    )
    account = store.tracked_account(workspace, parsed, competitor=False, user=None)
    assert store.store_posts(account, parsed, "csv") == {"new": 1, "updated": 0, "unchanged": 0}
    row = AccountPost.objects.values(*COUNT_FIELDS, "published_at", "source").get()
    assert row == {**counts, "published_at": moment, "source": "csv"}


def test_posts_are_written_in_several_batches(workspace, tmp_path, monkeypatch):
    store = importlib.import_module("mostra.analytics.importers.store")
    monkeypatch.setattr(store, "BATCH", 7)
    folder = write_x_archive(tmp_path / "x", "fromagerie", 50, repost_share=0.2)
    result = run_import(workspace, "x-archive", folder)
    assert result.counts["new"] == 50 and AccountPost.objects.count() == 50
    assert AccountPost.objects.filter(kind="repost").count() == 10
