"""Private calendar feeds: one secret address per member, that calendar apps poll.

The address carries a token ``<membership id>-<secret>``. The secret is an HMAC-SHA256
of the membership id and the feed's nonce under the site's ``SECRET_KEY`` (urlsafe
base64, no padding): the database alone does not give it, and it is compared in
constant time. Resetting draws a new nonce, which revokes the old address at once.
Removing the member deletes the feed (cascade): the address answers 404 from then on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from mostra.core import audit
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.editorial.models import CalendarEvent, CalendarFeed, Post
from mostra.editorial.models.feed import new_nonce
from mostra.editorial.services import ics

#: Domain separation: the same key signs sessions and other things.
_PURPOSE = b"mostra.editorial.calendar-feed"
#: Update ``last_read_at`` at most this often, not on every poll of every calendar app.
_READ_MARK_EVERY = 3600
#: A built feed is reused this long while nothing visible changed (every member of a
#: workspace, and every poll, share it): a year of posts takes seconds to write.
CACHE_SECONDS = 300


def secret(membership_id: int, nonce: str) -> str:
    """The HMAC-SHA256 of the membership and the nonce, urlsafe base64 without padding."""
    key = hmac.new(settings.SECRET_KEY.encode(), _PURPOSE, hashlib.sha256).digest()
    digest = hmac.new(key, f"{membership_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_of(feed: CalendarFeed) -> str:
    return f"{feed.membership_id}-{secret(feed.membership_id, feed.nonce)}"


def feed_of(membership: Membership) -> CalendarFeed:
    """The member's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(membership=membership)
    return feed


def feed_path(slug: str, feed: CalendarFeed) -> str:
    return reverse("editorial:calendar_feed", args=[slug, token_of(feed)])


def feed_urls(base_url: str, slug: str, feed: CalendarFeed) -> dict[str, str]:
    """The feed's addresses: ``https`` (or ``http``) and ``webcal`` (opens the calendar app)."""
    https = base_url.rstrip("/") + feed_path(slug, feed)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def host_of(base_url: str) -> str:
    """The host name used in the events' UIDs (stable as long as the address is)."""
    return urlsplit(base_url).hostname or "mostra.local"


def resolve(slug: str, token: str) -> CalendarFeed | None:
    """The feed this token opens in the workspace ``slug``, or None (wrong, revoked, gone).

    One query. The member must still belong to the workspace and be able to log in.
    """
    member_id, _sep, given = token.partition("-")
    if not member_id.isdigit() or len(member_id) > 12 or not given or len(token) > 200:
        return None
    feed = (
        CalendarFeed.objects.select_related("membership__workspace", "membership__user")
        .filter(
            membership_id=int(member_id),
            membership__workspace__slug=slug,
            membership__user__is_active=True,
        )
        .first()
    )
    if feed is None:
        # Compare anyway, so that a wrong id and a wrong secret take the same time.
        hmac.compare_digest(given, secret(int(member_id), "-"))
        return None
    if not hmac.compare_digest(given, secret(feed.membership_id, feed.nonce)):
        return None
    return feed


def mark_read(feed: CalendarFeed) -> None:
    """Remember when a calendar app last read the feed (at most once an hour: one query)."""
    now = timezone.now()
    if feed.last_read_at and (now - feed.last_read_at).total_seconds() < _READ_MARK_EVERY:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)


def reset(membership: Membership, *, ip_address: str | None = None) -> CalendarFeed:
    """Give the member a new address; the old one stops working now. Audited."""
    feed = feed_of(membership)
    feed.nonce = new_nonce()
    feed.last_read_at = None
    feed.save(update_fields=["nonce", "last_read_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=feed,
        label=f"calendar feed of {membership.user.email}",
        changes={"address": ["revoked", "new"]},
        ip_address=ip_address,
    )
    return feed


def _fingerprint(workspace: Workspace) -> str:
    """What changes when a post or an event is added, removed or saved (two queries)."""
    posts = Post.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id")
    )
    events = CalendarEvent.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), top=Max("id")
    )
    return f"{posts['n']}.{posts['top']}.{posts['last']}.{events['n']}.{events['top']}"


def calendar_body(workspace: Workspace, *, base_url: str, language: str) -> bytes:
    """The feed's iCalendar text, built at most once per change and :data:`CACHE_SECONDS`.

    Two queries when the cached text is still good, five when it is built again.
    """
    digest = hashlib.sha256(
        f"{workspace.pk}|{language}|{base_url}|{_fingerprint(workspace)}".encode()
    ).hexdigest()
    key = f"mostra:calendar-feed:{digest}"
    body = cache.get(key)
    if body is None:
        content = ics.read_calendar(workspace)
        body = ics.build_calendar(content, base_url=base_url, host=host_of(base_url))
        cache.set(key, body, CACHE_SECONDS)
    return body
