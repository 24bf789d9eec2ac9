"""The Mastodon account archive: the ``.tar.gz`` as downloaded, or its ``outbox.json``.

``outbox.json`` is an ActivityStreams ``OrderedCollection`` of the account's activities:
``Create`` (a ``Note``, or a ``Question`` for a poll) is a post of its own, a reply when
``inReplyTo`` is set; ``Announce`` is a boost, whose ``object`` is the boosted status's
URI. Recent Mastodon versions add ``likes`` and ``shares`` collections to each note with
their ``totalItems``; older archives do not, and the counts then stay None. There is no
count of replies received. Direct messages (addressed neither to the public nor to the
followers) are not posts and are skipped. ``actor.json`` names the account
(``preferredUsername`` and the host of its ``id`` give ``user@instance``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import (
    ImportRefused,
    ParsedImport,
    ParsedPost,
    html_to_text,
    parse_iso,
)
from mostra.analytics.importers.base import not_an_archive as _not_an_archive
from mostra.analytics.importers.files import read_members
from mostra.core.json_files import UnreadableJSON, read_json

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
OUTBOX = re.compile(r"(?:^|/)outbox\.json$")
ACTOR = re.compile(r"(?:^|/)actor\.json$")
LIKES = re.compile(r"(?:^|/)likes\.json$")
USER_URL = re.compile(r"^https?://([^/]+)/(?:users/|@)([^/]+)")


def not_an_archive(what: str) -> ImportRefused:
    return _not_an_archive(_("a Mastodon archive"), what)


def _wanted(name: str) -> bool:
    return bool(OUTBOX.search(name) or ACTOR.search(name) or LIKES.search(name))


def _json(data: bytes, name: str) -> Any:
    try:
        return read_json(data, name)
    except UnreadableJSON as exc:
        raise not_an_archive(exc.message) from exc


def _total(collection: Any) -> int | None:
    if isinstance(collection, dict) and isinstance(collection.get("totalItems"), int):
        return collection["totalItems"]
    return None


def _addressed(item: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("to", "cc"):
        value = item.get(key) or []
        found.extend([value] if isinstance(value, str) else value)
    return found


def _is_direct(activity: dict[str, Any], note: dict[str, Any]) -> bool:
    audience = _addressed(activity) + _addressed(note)
    if not audience:
        return False  # an archive without addressing: keep the post
    return not any(a == PUBLIC or a.endswith("/followers") or a == "as:Public" for a in audience)


def parse_activity(activity: dict[str, Any]) -> ParsedPost | None:
    """One outbox activity as a post, or None when it is not one (a direct message…)."""
    kind = activity.get("type")
    if kind == "Announce":
        target = activity.get("object")
        if isinstance(target, dict):
            target = target.get("id", "")
        return ParsedPost(
            network_id=str(activity["id"]),
            kind="repost",
            published_at=parse_iso(activity["published"]),
            target_id=str(target or "")[:500],
        )
    if kind != "Create":
        return None
    note = activity.get("object")
    if not isinstance(note, dict) or note.get("type") not in {"Note", "Question", "Article"}:
        return None
    if _is_direct(activity, note):
        return None
    content = note.get("content") or ""
    content_map = note.get("contentMap") or {}
    language = next(iter(content_map), "") if isinstance(content_map, dict) else ""
    if not content and language:
        content = content_map[language]
    reply_to = note.get("inReplyTo")
    url = note.get("url") or note.get("id") or ""
    return ParsedPost(
        network_id=str(note["id"]),
        kind="reply" if reply_to else "original",
        published_at=parse_iso(note.get("published") or activity["published"]),
        text=html_to_text(content),
        url=url if isinstance(url, str) else "",
        language=language[:16],
        target_id=str(reply_to or "")[:500],
        likes=_total(note.get("likes")),
        reposts=_total(note.get("shares")),
    )


def _account(actor: dict[str, Any] | None, items: list[Any], handle: str | None) -> ParsedImport:
    if actor and actor.get("preferredUsername") and actor.get("id"):
        host = urlparse(str(actor["id"])).hostname or ""
        return ParsedImport(
            network="mastodon",
            handle=f"{actor['preferredUsername']}@{host}" if host else actor["preferredUsername"],
            display_name=str(actor.get("name") or ""),
            external_id=str(actor["id"]),
            profile_url=str(actor.get("url") or actor["id"]),
        )
    if handle:
        return ParsedImport(network="mastodon", handle=handle.strip().lstrip("@"))
    for item in items:
        match = USER_URL.match(str(item.get("actor", ""))) if isinstance(item, dict) else None
        if match:
            return ParsedImport(
                network="mastodon",
                handle=f"{match.group(2)}@{match.group(1)}",
                external_id=str(item["actor"]),
            )
    raise ImportRefused(
        _(
            "This outbox does not say whose it is: give the account's handle as "
            "user@instance (the --handle option, or the handle field), or import the whole "
            "archive (.tar.gz), which has actor.json."
        )
    )


def parse(path: Path, *, handle: str | None = None, filename: str | None = None) -> ParsedImport:
    """Read a Mastodon archive (.tar.gz, folder, zip) or its outbox.json.

    Steps: read outbox.json (and actor.json, likes.json); check it is an
    OrderedCollection; name the account; turn each activity into a post.
    """
    members = read_members(path, _wanted, filename=filename).data
    outbox_name = next((n for n in members if OUTBOX.search(n)), None)
    if outbox_name is None:
        single = next(iter(members), None)
        if single is None or not single.endswith(".json"):
            raise not_an_archive(
                _("it has no outbox.json. Give the .tar.gz Mastodon made, or its outbox.json")
            )
        outbox_name = single
    outbox = _json(members[outbox_name], outbox_name)
    items = outbox.get("orderedItems") if isinstance(outbox, dict) else None
    if not isinstance(items, list) or "Collection" not in str(outbox.get("type", "")):
        raise not_an_archive(
            _("%(name)s is not an outbox (no OrderedCollection of activities)")
            % {"name": outbox_name}
        )
    actor_name = next((n for n in members if ACTOR.search(n)), None)
    actor = _json(members[actor_name], actor_name) if actor_name else None
    parsed = _account(actor if isinstance(actor, dict) else None, items, handle)
    for index, activity in enumerate(items, start=1):
        if not isinstance(activity, dict):
            raise not_an_archive(_("item %(n)s is not an activity") % {"n": index})
        try:
            post = parse_activity(activity)
        except (KeyError, ValueError, TypeError) as exc:
            raise not_an_archive(
                _("activity %(n)s has no id or date it can read") % {"n": index}
            ) from exc
        if post is not None:
            parsed.posts.append(post)
    likes_name = next((n for n in members if LIKES.search(n)), None)
    if likes_name:
        likes = _json(members[likes_name], likes_name)
        if isinstance(likes, dict) and isinstance(likes.get("orderedItems"), list):
            parsed.extra_counts["likes_given"] = len(likes["orderedItems"])
    if parsed.posts and all(p.likes is None for p in parsed.posts if p.kind != "repost"):
        parsed.notices.append(
            _(
                "This archive has no like or boost counts (older Mastodon versions do not "
                "export them): the KPIs that need them say so."
            )
        )
    return parsed
