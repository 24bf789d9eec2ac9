"""Conversations on the workspace's own accounts: the replies, mentions and quotes that
people address to its connected Bluesky and Mastodon accounts, read from the accounts'
notifications into the inbox, as sources of their own kinds.

- Bluesky: ``app.bsky.notification.listNotifications`` through the account's session
  (the publishing integration's, :func:`mostra.integrations.base.integration_for`), the
  notifications of reason ``reply``, ``mention`` and ``quote``; the cursor kept is the
  newest notification's ``indexedAt``; the following pages are read while they are newer
  than it less :data:`LATE` (the first reading: the newest page only). The AppView
  dates a notification by its post's own date and indexes asynchronously, so a post
  indexed after a newer one would sort before the cursor and be skipped for good: the
  window reads it at the next poll (those read already are dropped by their guid).
- Mastodon: ``GET /api/v1/notifications`` with the account's token (the integration's
  :class:`~mostra.integrations.mastodon.api.MastodonApi`), the notifications of type
  ``mention`` (replies are mentions) and ``quote``; the cursor is the newest
  notification's id, sent back as ``since_id``.

A source names the account by its handle; the account must be connected to the workspace
(not published by hand), else the reading fails in words ("connect it"). Every call goes
through the poller's guarded client.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.errors import DomainError
from mostra.listening import kinds
from mostra.listening.errors import SourceError
from mostra.listening.items import FetchedItem
from mostra.listening.kinds import Built, Fetched, FetchRequest
from mostra.listening.networks import bluesky, mastodon
from mostra.listening.networks.calls import moment

#: What a page asks for (both networks' largest is near).
PAGE = 40
#: The most notifications one reading goes through.
MAX_ITEMS = 400
BLUESKY_REASONS = {"reply", "mention", "quote"}
#: How late an AppView may list a notification dated before the newest one read.
LATE = dt.timedelta(minutes=15)
MASTODON_TYPES = {"mention", "quote"}


def _handle(values: dict[str, str]) -> str:
    handle = (values.get("account") or "").strip().lstrip("@").lower()
    if not handle or any(c.isspace() or c in "/?#" for c in handle):
        raise DomainError(
            _(
                "Type the handle of one of the workspace's connected accounts, "
                "e.g. atelier.bsky.social."
            ),
            field="account",
        )
    return handle


def build_bluesky(values: dict[str, str]) -> Built:
    handle = _handle(values)
    return Built(
        url=f"https://bsky.app/profile/{handle}",
        name=_("Conversations with @%(handle)s (Bluesky)") % {"handle": handle},
        parameters={"account": handle},
    )


def build_mastodon(values: dict[str, str]) -> Built:
    handle = _handle(values)
    user, _sep, host = handle.partition("@")
    if not user or not host:
        raise DomainError(
            _("Type the Mastodon account as user@instance, e.g. atelier@mastodon.social."),
            field="account",
        )
    return Built(
        url=f"https://{host}/@{user}",
        name=_("Conversations with @%(handle)s (Mastodon)") % {"handle": handle},
        parameters={"account": handle},
    )


def connected_account(request: FetchRequest, network: str) -> Any:
    """The workspace's connected account the source names; SourceError otherwise."""
    from mostra.publishing.models import AccountStatus, SocialAccount

    handle = request.source.parameters.get("account", "")
    account = SocialAccount.objects.filter(
        workspace_id=request.source.workspace_id,
        network=network,
        handle__iexact=handle,
        status=AccountStatus.CONNECTED,
        by_hand=False,
    ).first()
    if account is None:
        raise SourceError("account_missing", network=network.capitalize(), handle=handle)
    return account


def _failed(exc: Any) -> SourceError:
    """A publishing integration's TransportError as the listening's failure."""
    status = exc.http_status or 0
    if exc.code == "rate_limited":
        minutes = max(1, round((exc.retry_after or 60) / 60))
        return SourceError(
            "rate_limited", retry_after=exc.retry_after, status=status, minutes=minutes
        )
    if status in (401, 403):
        return SourceError("refused", status=status)
    if status >= 500:
        return SourceError("server_error", status=status)
    return SourceError("unexpected", detail=exc.message)


def fetch_bluesky(request: FetchRequest) -> Fetched:
    from mostra.integrations.base import TransportError, integration_for

    account = connected_account(request, "bluesky")
    session = integration_for(account, request.client).session  # type: ignore[attr-defined]
    cursor = moment(request.source.etag) if request.source.etag else None
    since = cursor - LATE if cursor is not None else None
    items: list[FetchedItem] = []
    newest = request.source.etag or None
    params: dict[str, Any] = {"limit": PAGE}
    seen = 0
    try:
        while seen < MAX_ITEMS:
            answer = session.query("app.bsky.notification.listNotifications", **params)
            notes = answer.get("notifications") if isinstance(answer, dict) else None
            if not isinstance(notes, list) or not notes:
                break
            older = False
            for note in notes:
                seen += 1
                if not isinstance(note, dict):
                    continue
                when = moment(note.get("indexedAt"))
                if when is None:
                    continue
                if since is not None and when <= since:
                    older = True
                    continue
                if newest is None or (moment(newest) or when) < when:
                    newest = bluesky.iso(when)
                if note.get("reason") not in BLUESKY_REASONS:
                    continue
                item = bluesky.post_item(note)
                if item is not None:
                    items.append(dataclasses.replace(item, kind=str(note["reason"])))
            following = answer.get("cursor")
            if not following or older or since is None or len(notes) < PAGE:
                break
            params["cursor"] = following
    except TransportError as exc:
        raise _failed(exc) from exc
    return Fetched(items=items, etag=newest or "")


def fetch_mastodon(request: FetchRequest) -> Fetched:
    from mostra.integrations.base import TransportError, integration_for

    account = connected_account(request, "mastodon")
    api = integration_for(account, request.client).api  # type: ignore[attr-defined]
    host = urlsplit(account.service_url).netloc
    own_id = str(account.external_id)
    cursor = request.source.etag or None
    items: list[FetchedItem] = []
    newest: str | None = None
    max_id: str | None = None
    try:
        while len(items) < MAX_ITEMS:
            params: list[tuple[str, str]] = [("limit", str(PAGE))]
            params += [("types[]", t) for t in sorted(MASTODON_TYPES)]
            if cursor:
                params.append(("since_id", cursor))
            if max_id:
                params.append(("max_id", max_id))
            page = api.call("GET", "/api/v1/notifications", params=params)
            notes = (
                [n for n in page if isinstance(n, dict) and n.get("id")]
                if isinstance(page, list)
                else []
            )
            if not notes:
                break
            if newest is None:
                newest = str(notes[0]["id"])
            for note in notes:
                status = note.get("status")
                if note.get("type") not in MASTODON_TYPES or not isinstance(status, dict):
                    continue
                item = mastodon.status_item(status, host)
                if item is None:
                    continue
                if note.get("type") == "quote":
                    kind = "quote"
                elif str(status.get("in_reply_to_account_id") or "") == own_id:
                    kind = "reply"
                else:
                    kind = "mention"
                items.append(dataclasses.replace(item, kind=kind))
            if len(page) < PAGE or not cursor:
                break
            max_id = str(notes[-1]["id"])
    except TransportError as exc:
        raise _failed(exc) from exc
    return Fetched(items=items[:MAX_ITEMS], etag=newest or cursor or "")


ACCOUNT = kinds.Field(
    "account",
    gettext_lazy("Account"),
    gettext_lazy("The handle of one of the workspace's connected accounts."),
)

kinds.register(
    kinds.SourceKind(
        code="bluesky_conversations",
        label=gettext_lazy("Conversations on our Bluesky account"),
        help=gettext_lazy(
            "Replies, mentions and quotes of a connected Bluesky account, from its notifications."
        ),
        fields=(ACCOUNT,),
        build=build_bluesky,
        fetch=fetch_bluesky,
        network="bluesky",
    )
)
kinds.register(
    kinds.SourceKind(
        code="mastodon_conversations",
        label=gettext_lazy("Conversations on our Mastodon account"),
        help=gettext_lazy(
            "Replies, mentions and quotes of a connected Mastodon account, from its notifications."
        ),
        fields=(ACCOUNT,),
        build=build_mastodon,
        fetch=fetch_mastodon,
        network="mastodon",
    )
)
