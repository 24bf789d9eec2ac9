"""A Bluesky account's profile and recent feed from the public AppView (no login)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from mostra.analytics.importers.formats import bluesky_format
from mostra.analytics.models import PostKind, normalise_handle
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
from mostra.core.http import outbound_client

DEFAULT_APPVIEW = "https://public.api.bsky.app"


def read_bluesky(
    address: Address, *, max_posts: int = MAX_POSTS, now: datetime | None = None
) -> PublicProfile:
    """The profile and recent feed of a Bluesky account from the public AppView.

    Steps: getProfile (DID, name, followers); getAuthorFeed pages of 100 with the cursor
    until ``max_posts``, :data:`MAX_AGE` or the end; each item an original, a reply
    (``record.reply``) or a repost (reason ``#reasonRepost``, dated when reposted).
    """
    base = getattr(settings, "MOSTRA_BLUESKY_APPVIEW_URL", "") or DEFAULT_APPVIEW
    xrpc = f"{base.rstrip('/')}/xrpc/"
    cutoff = (now or timezone.now()) - MAX_AGE
    who = f"@{address.handle}"
    with outbound_client() as client:
        actor = get_json(client, xrpc + "app.bsky.actor.getProfile", {"actor": address.handle}, who)
        did, handle = actor.get("did", ""), actor.get("handle", address.handle)
        profile = PublicProfile(
            "bluesky",
            normalise_handle("bluesky", handle),
            display_name=actor.get("displayName") or "",
            external_id=did,
            profile_url=f"https://bsky.app/profile/{handle}",
            followers=count(actor.get("followersCount")),
        )
        seen: set[str] = set()
        cursor = None
        while len(profile.posts) < max_posts:
            params: dict[str, Any] = {"actor": did or address.handle, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            page = get_json(client, xrpc + "app.bsky.feed.getAuthorFeed", params, who)
            items = page.get("feed") or []
            too_old = False
            for item in items:
                post = bluesky_item(item, did, handle)
                if post is None or post.network_id in seen:
                    continue
                if post.published_at < cutoff:
                    too_old = not (item.get("reason") or {}).get("$type", "").endswith("reasonPin")
                    continue
                seen.add(post.network_id)
                profile.posts.append(post)
            cursor = page.get("cursor")
            if not cursor or not items or too_old:
                break
    del profile.posts[max_posts:]
    return profile


def bluesky_item(item: dict[str, Any], did: str, handle: str) -> PublicPost | None:
    post = item.get("post") or {}
    record = post.get("record") or {}
    uri = post.get("uri", "")
    reason = item.get("reason") or {}
    if reason.get("$type") == "app.bsky.feed.defs#reasonRepost":
        when = moment(reason.get("indexedAt"), post.get("indexedAt"))
        if when is None or not uri:
            return None
        return PublicPost(
            network_id=reason.get("uri") or f"{uri}#repost:{did}",
            kind=PostKind.REPOST,
            published_at=when,
            text=record.get("text", ""),
            target_id=uri,
        )
    if (post.get("author") or {}).get("did") != did or not uri:
        return None
    when = moment(record.get("createdAt"), post.get("indexedAt"))
    if when is None:
        return None
    reply = record.get("reply") or {}
    return PublicPost(
        network_id=uri,
        kind=PostKind.REPLY if reply else PostKind.ORIGINAL,
        published_at=when,
        text=record.get("text", ""),
        url=f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}",
        language=(record.get("langs") or [""])[0],
        target_id=(reply.get("parent") or {}).get("uri", ""),
        format=bluesky_format(record),
        likes=count(post.get("likeCount")),
        reposts=count(post.get("repostCount")),
        replies=count(post.get("replyCount")),
        quotes=count(post.get("quoteCount")),
    )
