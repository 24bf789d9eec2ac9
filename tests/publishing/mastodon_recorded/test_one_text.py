"""One status, one text: the publishing read-back, the archive import and the public
profile's sync read a status's HTML with the one function (mostra.core.html_text)."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
import time_machine

from mostra.analytics import public_profiles
from mostra.analytics.importers import run_import
from mostra.analytics.models import AccountPost
from mostra.core.html_text import html_to_text
from mostra.integrations.base import Outgoing, integration_for
from tests.publishing.mastodon_recorded.recorded import ACCOUNT, STATUS

pytestmark = pytest.mark.django_db

#: A status as Mastodon renders it: two paragraphs, a line break, an entity, a link
#: whose scheme sits in a hidden span, a hashtag.
HTML = (
    "<p>Fermeture exceptionnelle lundi.</p><p>Réouverture mardi &amp; mercredi :<br />"
    '<a href="https://fromagerie.example/horaires" rel="nofollow noopener" target="_blank">'
    '<span class="invisible">https://</span><span class="">fromagerie.example/horaires</span>'
    '<span class="invisible"></span></a> <a href="https://mastodon.example/tags/tomme" '
    'class="mention hashtag" rel="tag">#<span>tomme</span></a></p>'
)
TEXT = (
    "Fermeture exceptionnelle lundi.\nRéouverture mardi & mercredi :\n"
    "https://fromagerie.example/horaires #tomme"
)
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def archived(workspace, tmp_path) -> str:
    """The text the archive import stores for the status."""
    actor = "https://mastodon.example/users/atelier"
    note = {
        "id": f"{actor}/statuses/1",
        "type": "Note",
        "inReplyTo": None,
        "published": "2026-11-30T10:00:00Z",
        "url": "https://mastodon.example/@atelier/1",
        "content": HTML,
    }
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": [
            {
                "id": f"{actor}/statuses/1/activity",
                "type": "Create",
                "actor": actor,
                "published": note["published"],
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "object": note,
            }
        ],
    }
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(outbox), encoding="utf-8")
    account = run_import(workspace, "mastodon-archive", path).account
    return AccountPost.objects.get(account=account).text


def synced(workspace, api) -> str:
    """The text the public profile's sync stores for the status."""
    api.get("/api/v1/accounts/lookup").respond(json={"id": "42", "followers_count": 7})
    status = {
        "id": "7",
        "uri": "https://mastodon.example/users/rival/statuses/7",
        "url": "https://mastodon.example/@rival/7",
        "created_at": (NOW - dt.timedelta(days=1)).isoformat().replace("+00:00", "Z"),
        "content": HTML,
        "in_reply_to_id": None,
        "reblog": None,
        "favourites_count": 3,
        "reblogs_count": 1,
        "replies_count": 0,
    }
    api.get("/api/v1/accounts/42/statuses").mock(
        side_effect=lambda request: httpx.Response(
            200, json=[] if "max_id" in request.url.params else [status]
        )
    )
    rival, _counts = public_profiles.add_competitor(workspace, "mastodon", "rival@mastodon.example")
    return AccountPost.objects.get(account=rival).text


@time_machine.travel(NOW, tick=False)
def test_read_back_import_and_sync_read_the_same_text(workspace, account, api, tmp_path):
    assert html_to_text(HTML) == TEXT
    assert archived(workspace, tmp_path) == TEXT
    assert synced(workspace, api) == TEXT
    # the read-back finds the status whose text is that one (as the team typed it)
    api.get(f"/api/v1/accounts/{ACCOUNT['id']}/statuses").respond(
        json=[
            {
                **STATUS,
                "id": "2",
                "content": HTML,
                "in_reply_to_id": None,
                "created_at": "2026-11-30T10:00:04.000Z",
                "media_attachments": [],
            }
        ]
    )
    due = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    ref = integration_for(account).find_existing(Outgoing(key="v1", text=TEXT, created_at=due))
    assert ref is not None and ref.remote_id == "2"
    typed = TEXT.replace("lundi.\n", "lundi.\n\n")  # paragraphs typed as a blank line
    assert (
        integration_for(account)
        .find_existing(Outgoing(key="v1", text=typed, created_at=due))
        .remote_id
        == "2"
    )
