"""A Mastodon account's profile and recent statuses, read without a token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from mostra.analytics.importers.formats import mastodon_format
from mostra.analytics.models import PostKind
from mostra.analytics.public_profiles.base import (
    MAX_AGE,
    MAX_POSTS,
    Address,
    PublicPost,
    PublicProfile,
    count,
    get_json,
    moment,
)
from mostra.core.html_text import html_to_text
from mostra.core.http import outbound_client


def read_mastodon(
    address: Address, *, max_posts: int = MAX_POSTS, now: datetime | None = None
) -> PublicProfile:
    """The profile and recent statuses of a Mastodon account, read without a token.

    Steps: accounts/lookup (id, name, followers); the account's statuses by pages of 40
    going back with ``max_id`` until ``max_posts``, :data:`MAX_AGE` or the end; a
    ``reblog`` is a repost, an ``in_reply_to_id`` a reply.
    """
    username = address.handle.split("@", 1)[0]
    who = f"@{address.handle}"
    cutoff = (now or timezone.now()) - MAX_AGE
    api = f"{address.base_url}/api/v1/accounts/"
    with outbound_client() as client:
        found = get_json(client, api + "lookup", {"acct": username}, who)
        account_id = str(found.get("id", ""))
        profile = PublicProfile(
            "mastodon",
            address.handle,
            display_name=found.get("display_name") or "",
            external_id=found.get("uri") or account_id,
            profile_url=f"{address.base_url}/@{username}",
            followers=count(found.get("followers_count")),
        )
        max_id = None
        while len(profile.posts) < max_posts:
            params: dict[str, Any] = {"limit": 40}
            if max_id:
                params["max_id"] = max_id
            statuses = get_json(client, f"{api}{account_id}/statuses", params, who)
            if not isinstance(statuses, list) or not statuses:
                break
            too_old = False
            for status in statuses:
                post = mastodon_status(status)
                if post is None:
                    continue
                if post.published_at < cutoff:
                    too_old = True
                    continue
                profile.posts.append(post)
            max_id = statuses[-1].get("id")
            if too_old or not max_id:
                break
    del profile.posts[max_posts:]
    return profile


def mastodon_status(status: dict[str, Any]) -> PublicPost | None:
    when = moment(status.get("created_at"))
    uri = status.get("uri") or status.get("url") or ""
    if when is None or not uri:
        return None
    shared = status.get("reblog")
    if shared:
        return PublicPost(
            network_id=uri,
            kind=PostKind.REPOST,
            published_at=when,
            text=html_to_text(shared.get("content", "")),
            target_id=shared.get("uri", ""),
        )
    return PublicPost(
        network_id=uri,
        kind=PostKind.REPLY if status.get("in_reply_to_id") else PostKind.ORIGINAL,
        published_at=when,
        text=html_to_text(status.get("content", "")),
        url=status.get("url") or "",
        language=status.get("language") or "",
        target_id=str(status.get("in_reply_to_id") or ""),
        format=mastodon_format(status),
        likes=count(status.get("favourites_count")),
        reposts=count(status.get("reblogs_count")),
        replies=count(status.get("replies_count")),
        quotes=count(status.get("quotes_count")),
    )
