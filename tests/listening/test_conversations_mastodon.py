"""Conversations on the workspace's own Mastodon account, read from its notifications
on the local mastodon-mock: replies and mentions land in the inbox once, with their
author's reach; a source naming an account the workspace has not connected fails in
words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.listening.models import Mention, Source
from mostra.listening.services import polling, sources
from mostra.publishing.connect.mastodon import connect_mastodon
from tests.peers import mastodon as peer

pytestmark = [pytest.mark.peer, pytest.mark.django_db]
mastodon_mock = peer.mastodon_mock


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # the mock runs on 127.0.0.1


def post(mock: peer.MastodonMock, user: peer.MockUser, text: str, **fields: str) -> dict:
    response = mock.as_user(user, "POST", "/api/v1/statuses", data={"status": text, **fields})
    response.raise_for_status()
    return response.json()


def test_replies_and_mentions_of_our_account_reach_the_inbox_once(
    workspace, owner_membership, mastodon_mock
):
    ours, fan = mastodon_mock.new_user(), mastodon_mock.new_user()
    account = connect_mastodon(None, mastodon_mock.url, ours.token, workspace=workspace)
    source = sources.add_source(
        owner_membership, "mastodon_conversations", {"account": account.handle}
    )
    own = post(mastodon_mock, ours, "Nouveaux horaires de l'atelier")
    reply = post(mastodon_mock, fan, f"@{ours.username} super, merci !", in_reply_to_id=own["id"])
    mention = post(mastodon_mock, fan, f"Allez voir @{ours.username} pour vos vélos")
    post(mastodon_mock, fan, "Rien à voir avec l'atelier")

    result = polling.poll_one(source, timezone.now())
    assert result.error == "", result.error_text
    rows = {m.guid: m for m in Mention.objects.filter(workspace=workspace, source=source)}
    assert set(rows) == {reply["uri"], mention["uri"]}
    assert rows[reply["uri"]].kind == "reply" and rows[mention["uri"]].kind == "mention"
    assert rows[reply["uri"]].network == "mastodon"
    assert rows[reply["uri"]].author.startswith(f"@{fan.username}@")
    assert rows[reply["uri"]].author_followers == 0
    assert rows[reply["uri"]].text == f"@{ours.username} super, merci !"

    # The next reading asks only what came since: nothing twice.
    source.refresh_from_db()
    assert source.etag
    again = post(mastodon_mock, fan, f"@{ours.username} et le samedi ?")
    later = timezone.now() + dt.timedelta(seconds=1)
    assert polling.poll_one(source, later).stored == 1
    assert Mention.objects.filter(source=source).count() == 3
    assert Mention.objects.filter(source=source, guid=again["uri"]).exists()


def test_an_account_the_workspace_has_not_connected_fails_in_words(
    workspace, owner_membership, mastodon_mock
):
    source = sources.add_source(
        owner_membership, "mastodon_conversations", {"account": "@someone@127.0.0.1"}
    )
    result = polling.poll_one(source, timezone.now())
    assert result.error == "account_missing"
    assert "no connected Mastodon account @someone@127.0.0.1" in result.error_text
    assert Source.objects.get(pk=source.pk).last_error == "account_missing"


def test_the_account_must_be_typed_as_user_at_instance(workspace, owner_membership):
    from mostra.core.errors import DomainError

    with pytest.raises(DomainError, match="user@instance"):
        sources.add_source(owner_membership, "mastodon_conversations", {"account": "atelier"})
