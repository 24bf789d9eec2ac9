"""Each post's format read from what its network says (Bluesky records, Mastodon
statuses and archives, X archives), and kept by a later import that does not say it
(on SQLite and PostgreSQL alike), as a count the file lacks."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest

from mostra.analytics.importers.base import ParsedImport, ParsedPost
from mostra.analytics.importers.formats import (
    activitypub_format,
    bluesky_format,
    mastodon_format,
    x_format,
)
from mostra.analytics.models import AccountPost

store = importlib.import_module("mostra.analytics.importers.store")
MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LINK_FACET = {"features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://a.b"}]}
TAG_FACET = {"features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "vélo"}]}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"text": "hello"}, "text"),
        ({"embed": {"$type": "app.bsky.embed.images", "images": []}}, "image"),
        ({"embed": {"$type": "app.bsky.embed.video#view"}}, "video"),
        ({"embed": {"$type": "app.bsky.embed.external"}}, "link"),
        ({"embed": {"$type": "app.bsky.embed.record"}}, "text"),  # a quote, no media
        (
            {
                "embed": {
                    "$type": "app.bsky.embed.recordWithMedia",
                    "media": {"$type": "app.bsky.embed.video"},
                }
            },
            "video",
        ),  # fmt: skip
        ({"facets": [TAG_FACET, LINK_FACET]}, "link"),
        ({"facets": [TAG_FACET], "embed": "odd"}, "text"),
    ],
)
def test_bluesky(record, expected):
    assert bluesky_format(record) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ({"content": "<p>hi</p>", "media_attachments": []}, "text"),
        ({"media_attachments": [{"type": "image"}, {"type": "video"}]}, "image"),
        ({"media_attachments": [{"type": "gifv"}]}, "video"),
        ({"media_attachments": [{"type": "audio"}]}, None),  # no format of ours: unknown
        ({"poll": {"id": "1"}, "media_attachments": []}, "poll"),
        ({"card": {"url": "https://a.b"}}, "link"),
    ],
)
def test_mastodon(status, expected):
    assert mastodon_format(status) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ({"type": "Note", "content": '<p><a href="x" class="mention">@a</a> hi</p>'}, "text"),
        ({"type": "Note", "content": '<a class="mention hashtag" href="t">#v</a>'}, "text"),
        ({"type": "Note", "content": '<p><a href="https://a.b">a.b</a></p>'}, "link"),
        ({"type": "Question", "content": "?"}, "poll"),
        ({"type": "Note", "attachment": [{"mediaType": "image/png"}]}, "image"),
        ({"type": "Note", "attachment": [{"mediaType": "video/mp4"}]}, "video"),
        ({"type": "Note", "attachment": [{"mediaType": "audio/ogg"}]}, None),
    ],
)
def test_mastodon_archive(note, expected):
    assert activitypub_format(note) == expected


@pytest.mark.parametrize(
    ("tweet", "expected"),
    [
        ({"entities": {"urls": []}}, "text"),
        ({"entities": {"urls": [{"url": "https://t.co/x"}]}}, "link"),
        ({"extended_entities": {"media": [{"type": "photo"}]}}, "image"),
        ({"extended_entities": {"media": [{"type": "animated_gif"}]}}, "video"),
    ],
)
def test_x_archive(tweet, expected):
    assert x_format(tweet) == expected


def test_a_later_import_without_the_format_keeps_it(workspace):
    parsed = ParsedImport(network="x", handle="fromagerie", posts=[])
    account = store.tracked_account(workspace, parsed, competitor=True, user=None)

    def post(**values) -> ParsedPost:
        return ParsedPost("1", "original", MOMENT, likes=3, **values)

    def stored() -> str | None:
        return AccountPost.objects.get(account=account).format

    parsed.posts = [post(format="video")]
    store.store_posts(account, parsed, "x-archive")
    assert stored() == "video"
    parsed.posts = [post()]  # an export that does not say: nothing to change
    assert store.store_posts(account, parsed, "csv")["unchanged"] == 1
    assert stored() == "video"
    parsed.posts = [post(format="image")]  # a source that says otherwise wins
    assert store.store_posts(account, parsed, "x-archive")["updated"] == 1
    assert stored() == "image"
