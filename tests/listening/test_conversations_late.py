"""A Bluesky notification the AppView lists late, dated before the newest one already
read (it dates a notification by its post and indexes asynchronously), still reaches the
inbox at the next poll, once; one dated before the window is left."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mostra.integrations import base
from mostra.listening.kinds import FetchRequest
from mostra.listening.networks import conversations

T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def _note(n: int, reason: str, minutes: float) -> dict:
    when = (T0 + dt.timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    return {
        "uri": f"at://did:plc:fan/app.bsky.feed.post/{n}",
        "cid": f"c{n}",
        "author": {"did": "did:plc:fan", "handle": "fan.test"},
        "reason": reason,
        "record": {"text": f"post {n}", "createdAt": when},
        "indexedAt": when,
    }


class _Session:
    def __init__(self, pages: list[list[dict]]) -> None:
        self.pages = pages
        self.asked: list[dict] = []

    def query(self, method: str, **params):
        assert method == "app.bsky.notification.listNotifications"
        self.asked.append(params)
        return {"notifications": self.pages.pop(0) if self.pages else []}


def _read(monkeypatch, etag: str, page: list[dict]) -> conversations.Fetched:
    session = _Session([page])
    monkeypatch.setattr(conversations, "connected_account", lambda request, network: object())
    monkeypatch.setattr(
        base, "integration_for", lambda account, client: SimpleNamespace(session=session)
    )
    source = SimpleNamespace(etag=etag, parameters={"account": "atelier.test"})
    return conversations.fetch_bluesky(FetchRequest(source=source, client=None, now=T0))


def test_a_notification_indexed_late_is_read_at_the_next_poll(monkeypatch):
    # First poll: the AppView has indexed the mention (9:02) and the quote (9:03).
    first = _read(monkeypatch, "", [_note(3, "quote", 3), _note(2, "mention", 2)])
    assert [i.guid.rsplit("/", 1)[1] for i in first.items] == ["3", "2"]
    cursor = first.etag
    # Then the reply written at 9:01 is indexed: it sorts before the cursor.
    late = [_note(3, "quote", 3), _note(2, "mention", 2), _note(1, "reply", 1)]
    second = _read(monkeypatch, cursor, late)
    assert "1" in [i.guid.rsplit("/", 1)[1] for i in second.items]
    assert second.etag == cursor  # the newest read is still the quote


def test_a_notification_dated_before_the_window_is_left(monkeypatch):
    cursor = (T0 + dt.timedelta(minutes=60)).isoformat().replace("+00:00", "Z")
    old = [_note(4, "reply", 60 - 16), _note(5, "reply", 60 - 14)]
    read = _read(monkeypatch, cursor, old)
    assert [i.guid.rsplit("/", 1)[1] for i in read.items] == ["5"]


@pytest.mark.django_db
def test_the_store_drops_what_the_window_reads_again(workspace):
    """What the window reads again is stored once (the store's lookup by guid)."""
    from django.utils import timezone

    from mostra.listening.models import Mention
    from mostra.listening.networks.bluesky import post_item
    from mostra.listening.services.store import store

    items = [post_item(_note(n, "reply", n)) for n in (1, 2)]
    assert store(items, workspace=workspace, source=None, fetched_at=timezone.now()) == 2
    again = [post_item(_note(n, "reply", n)) for n in (1, 2, 3)]
    later = timezone.now() + dt.timedelta(minutes=1)
    assert store(again, workspace=workspace, source=None, fetched_at=later) == 1
    assert Mention.objects.filter(workspace=workspace).count() == 3
