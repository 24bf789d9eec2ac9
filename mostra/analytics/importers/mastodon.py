"""The Mastodon account archive: the ``.tar.gz`` as downloaded, or its ``outbox.json``.

``outbox.json`` is an ActivityStreams ``OrderedCollection`` of the account's activities:
``Create`` (a ``Note``, or a ``Question`` for a poll) is a post of its own, a reply when
``inReplyTo`` is set; ``Announce`` is a boost, whose ``object`` is the boosted status's
URI. Recent Mastodon versions add ``likes`` and ``shares`` collections to each note with
their ``totalItems``; older archives do not, and the counts then stay None. There is no
count of replies received. Direct messages (addressed neither to the public nor to the
followers) are not posts and are skipped. ``actor.json`` names the account
(``preferredUsername`` and the host of its ``id`` give ``user@instance``).

``orderedItems`` is read as a stream (:class:`mostra.core.json_files.StreamedArray`),
one activity at a time, as the store asks for them: an outbox of gigabytes takes a few
tens of megabytes of memory (docs/performance.md, bench/import_memory.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import (
    ImportRefused,
    ParsedImport,
    ParsedPost,
    parse_iso,
)
from mostra.analytics.importers.base import not_an_archive as _not_an_archive
from mostra.analytics.importers.files import Archive, open_archive
from mostra.analytics.importers.formats import activitypub_format
from mostra.core.html_text import html_to_text
from mostra.core.json_files import StreamedArray, UnreadableJSON, read_json

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
        format=activitypub_format(note),
        likes=_total(note.get("likes")),
        reposts=_total(note.get("shares")),
    )


#: How many activities are read ahead, at most, looking for whose outbox it is.
LOOK_AHEAD = 1000


def _account(
    actor: dict[str, Any] | None, activities: Iterator[Any], handle: str | None
) -> tuple[ParsedImport, list[Any]]:
    """The account, from actor.json, else ``handle``, else the first activities' actor;
    and the activities read ahead to find it (to be imported first)."""
    if actor and actor.get("preferredUsername") and actor.get("id"):
        host = urlparse(str(actor["id"])).hostname or ""
        parsed = ParsedImport(
            network="mastodon",
            handle=f"{actor['preferredUsername']}@{host}" if host else actor["preferredUsername"],
            display_name=str(actor.get("name") or ""),
            external_id=str(actor["id"]),
            profile_url=str(actor.get("url") or actor["id"]),
        )
        return parsed, []
    if handle:
        return ParsedImport(network="mastodon", handle=handle.strip().lstrip("@")), []
    ahead: list[Any] = []
    for item in activities:
        ahead.append(item)
        match = USER_URL.match(str(item.get("actor", ""))) if isinstance(item, dict) else None
        if match:
            parsed = ParsedImport(
                network="mastodon",
                handle=f"{match.group(2)}@{match.group(1)}",
                external_id=str(item["actor"]),
            )
            return parsed, ahead
        if len(ahead) >= LOOK_AHEAD:
            break
    raise ImportRefused(
        _(
            "This outbox does not say whose it is: give the account's handle as "
            "user@instance (the --handle option, or the handle field), or import the whole "
            "archive (.tar.gz), which has actor.json."
        )
    )


def _not_an_outbox(name: str) -> ImportRefused:
    return not_an_archive(
        _("%(name)s is not an outbox (no OrderedCollection of activities)") % {"name": name}
    )


def _activities(outbox: StreamedArray, name: str) -> Iterator[Any]:
    """The outbox's activities; refused when it is not an OrderedCollection."""
    try:
        for item in outbox:
            if "type" in outbox.members and "Collection" not in str(outbox.members["type"]):
                raise _not_an_outbox(name)
            yield item
    except UnreadableJSON as exc:
        raise not_an_archive(exc.message) from exc
    if not outbox.found or "Collection" not in str(outbox.members.get("type", "")):
        raise _not_an_outbox(name)


def _posts(activities: Iterable[Any], parsed: ParsedImport) -> Iterator[ParsedPost]:
    """The activities as posts; the notice on missing counts once all were read."""
    counted = any_post = False
    for index, activity in enumerate(activities, start=1):
        if not isinstance(activity, dict):
            raise not_an_archive(_("item %(n)s is not an activity") % {"n": index})
        try:
            post = parse_activity(activity)
        except (KeyError, ValueError, TypeError) as exc:
            raise not_an_archive(
                _("activity %(n)s has no id or date it can read") % {"n": index}
            ) from exc
        if post is not None:
            any_post = True
            counted = counted or (post.kind != "repost" and post.likes is not None)
            yield post
    if any_post and not counted:
        parsed.notices.append(
            _(
                "This archive has no like or boost counts (older Mastodon versions do not "
                "export them): the KPIs that need them say so."
            )
        )


def _likes_given(archive: Archive, name: str) -> int | None:
    """How many likes likes.json lists (read as a stream), or None when it lists none."""
    with archive.open(name) as stream:
        likes = StreamedArray(stream, name, key="orderedItems")
        try:
            count = sum(1 for _item in likes)
        except UnreadableJSON as exc:
            raise not_an_archive(exc.message) from exc
    return count if likes.found else None


def parse(path: Path, *, handle: str | None = None, filename: str | None = None) -> ParsedImport:
    """Open a Mastodon archive (.tar.gz, folder, zip) or its outbox.json as a
    :class:`ParsedImport` whose posts are read as they are stored.

    Steps: list the archive (a .tar.gz's listing keeps actor.json and likes.json); read
    actor.json and count likes.json's likes; open outbox.json as a stream of activities
    (refused while read when it is not an OrderedCollection); name the account; turn
    each activity into a post as it comes.
    """
    archive = open_archive(path, keep=_wanted, filename=filename)
    resources = ExitStack()
    resources.callback(archive.close)
    try:
        names = archive.names
        outbox_name = next((n for n in names if OUTBOX.search(n)), None)
        if outbox_name is None:
            single = names[0] if archive.container == "file" and names else None
            if single is None or not single.endswith(".json"):
                raise not_an_archive(
                    _("it has no outbox.json. Give the .tar.gz Mastodon made, or its outbox.json")
                )
            outbox_name = single
        actor_name = next((n for n in names if ACTOR.search(n)), None)
        actor = _json(archive.read(actor_name), actor_name) if actor_name else None
        likes_name = next((n for n in names if LIKES.search(n)), None)
        likes_given = _likes_given(archive, likes_name) if likes_name else None
        stream = resources.enter_context(archive.open(outbox_name))
        activities = _activities(
            StreamedArray(stream, outbox_name, key="orderedItems"), outbox_name
        )
        parsed, ahead = _account(actor if isinstance(actor, dict) else None, activities, handle)
    except BaseException:
        resources.close()
        raise
    parsed.resources.push(resources)
    parsed.posts = _posts(itertools.chain(ahead, activities), parsed)
    if likes_given is not None:
        parsed.extra_counts["likes_given"] = likes_given
    return parsed
