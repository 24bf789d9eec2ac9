"""The programme members' posts read from Bluesky and Mastodon without logging in.

The readers are the competitors' (:mod:`mostra.analytics.public_profiles`): the same
calls through the guarded client (a private address is refused unless
``MOSTRA_ALLOW_PRIVATE_ADDRESSES``), the same deadlines and the same sentences when a
server fails. :class:`PublicPostReader` is given to the programme
(:data:`mostra.ambassadors.services.post_reading.READERS`) when analytics is ready:

* ``read_post``: one post by its address (Bluesky: the author's profile, then
  ``app.bsky.feed.getPosts``; Mastodon: ``/api/v1/statuses/:id``), with the author's
  followers as its reach;
* ``read_account``: a member account's recent originals and replies (reposts are
  someone else's words), at most :data:`RECENT_POSTS`, and its followers.

:func:`refresh_due` is the worker's daily job (side work): each account of an active
member read more than :data:`EVERY` ago is read again (at most :data:`PER_TURN` a turn),
then listening's mentions are matched
(:func:`mostra.ambassadors.services.tracked_posts.track_from_listening`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from mostra.ambassadors.models import MemberAccount
from mostra.ambassadors.services import tracked_posts
from mostra.ambassadors.services.post_reading import PostAddress, ReadPost
from mostra.analytics.models import PostKind
from mostra.analytics.public_profiles import base, parse_address
from mostra.analytics.public_profiles import read as read_profile
from mostra.analytics.public_profiles.bluesky import DEFAULT_APPVIEW, bluesky_item
from mostra.analytics.public_profiles.mastodon import mastodon_status
from mostra.core.errors import DomainError
from mostra.core.http import outbound_client
from mostra.core.models import Workspace

logger = logging.getLogger("mostra.analytics")

#: A member account's posts read at each refresh (the newest).
RECENT_POSTS = 100
#: How often the worker reads each account again.
EVERY = dt.timedelta(days=1)
#: Listening's mentions matched by the job: those fetched this long ago at most (the
#: job runs every hour; a missed day is caught up).
LISTENED = dt.timedelta(days=2)
#: Accounts read in one turn of the side work (the rest at the next turns).
PER_TURN = 20


def _read_post(post: base.PublicPost, network: str, handle: str, followers: int | None) -> ReadPost:
    return ReadPost(
        network=network,
        network_id=post.network_id,
        url=post.url,
        text=post.text,
        published_at=post.published_at,
        handle=handle,
        language=post.language,
        likes=post.likes,
        reposts=post.reposts,
        replies=post.replies,
        quotes=post.quotes,
        followers=followers,
    )


def _unreadable(who: str) -> DomainError:
    return base.ProfileUnavailable(
        _("The post of %(who)s could not be read: check its address, or try again later.")
        % {"who": who}
    )


class PublicPostReader:
    """The programme's reader (:class:`mostra.ambassadors.services.post_reading.PostReader`)."""

    def read_post(self, address: PostAddress) -> ReadPost:
        who = f"@{address.handle}"
        try:
            if address.network == "bluesky":
                return self._bluesky_post(address, who)
            return self._mastodon_post(address, who)
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            raise _unreadable(who) from exc

    def _bluesky_post(self, address: PostAddress, who: str) -> ReadPost:
        appview = getattr(settings, "MOSTRA_BLUESKY_APPVIEW_URL", "") or DEFAULT_APPVIEW
        xrpc = f"{appview.rstrip('/')}/xrpc/"
        with outbound_client() as client:
            actor = base.get_json(
                client, xrpc + "app.bsky.actor.getProfile", {"actor": address.handle}, who
            )
            did, handle = actor.get("did", ""), actor.get("handle", address.handle)
            uri = f"at://{did}/app.bsky.feed.post/{address.key}"
            found = base.get_json(client, xrpc + "app.bsky.feed.getPosts", {"uris": [uri]}, who)
        posts = found.get("posts") or []
        post = bluesky_item({"post": posts[0]}, did, handle) if posts else None
        if post is None:
            raise _unreadable(who)
        return _read_post(post, "bluesky", handle, base.count(actor.get("followersCount")))

    def _mastodon_post(self, address: PostAddress, who: str) -> ReadPost:
        with outbound_client() as client:
            status = base.get_json(
                client, f"{address.base_url}/api/v1/statuses/{address.key}", {}, who
            )
        post = mastodon_status(status)
        if post is None or post.kind == PostKind.REPOST:
            raise _unreadable(who)
        followers = base.count((status.get("account") or {}).get("followers_count"))
        return _read_post(post, "mastodon", address.handle, followers)

    def read_account(self, account: MemberAccount) -> tuple[list[ReadPost], int | None]:
        if account.network == "mastodon":
            address = parse_address("mastodon", account.profile_url or account.handle)
        else:
            address = parse_address(account.network, account.handle)
        profile = read_profile(address)
        posts = [
            _read_post(p, account.network, profile.handle, profile.followers)
            for p in profile.posts[:RECENT_POSTS]
            if p.kind != PostKind.REPOST
        ]
        return posts, profile.followers


READER = PublicPostReader()


def refresh_due(now: dt.datetime) -> int:
    """The worker's job: read again each account not read for :data:`EVERY`, then match
    the mentions listening fetched in the last :data:`LISTENED` in every workspace with a
    programme; the number of new posts."""
    due = (
        MemberAccount.objects.filter(network__in=tracked_posts.READ_NETWORKS, member__active=True)
        .filter(Q(read_at__isnull=True) | Q(read_at__lt=now - EVERY))
        .select_related("member")
        .order_by("read_at", "pk")[:PER_TURN]
    )
    new = 0
    for account in due:
        try:
            added, _updated = tracked_posts.refresh_account(account)
        except DomainError as exc:
            logger.info("programme account %s not read: %s", account.pk, exc.message)
            continue
        new += added
    with_members = MemberAccount.objects.values("workspace_id").distinct()
    for workspace in Workspace.objects.filter(pk__in=with_members):
        new += tracked_posts.track_from_listening(workspace, since=now - LISTENED)
    return new
