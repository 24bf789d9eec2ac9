"""The Bluesky repository export: a CAR file (Settings → Export my data).

A repository is a Merkle search tree (MST) of records, keyed ``collection/rkey``, whose
root is the signed commit named in the CAR's header; the commit's ``did`` is the
account. The records hold what the account *did*: its posts (``app.bsky.feed.post``, a
reply when ``reply`` is set), its reposts (``app.bsky.feed.repost``) and the likes it
*gave* (``app.bsky.feed.like``, counted in the summary only). What others did to its
posts (likes, reposts and replies received) lives in their repositories, not in this
file: every count stays None, and the import says so.

The tree is walked from the commit (never by guessing keys from record contents):
each node is ``{"l": left subtree, "e": [{"p": prefix length, "k": key suffix,
"v": record, "t": right subtree}]}``; a key is the previous key's first ``p`` bytes
followed by ``k``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import libipld
from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused, ParsedImport, ParsedPost, parse_iso
from mostra.analytics.importers.base import not_an_archive as _not_an_archive
from mostra.analytics.importers.files import read_members

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
LIKE = "app.bsky.feed.like"
PROFILE = "app.bsky.actor.profile"
#: The deepest tree accepted (a real repository is a few levels deep).
MAX_DEPTH = 64


def no_counts_notice() -> str:
    return _(
        "A Bluesky repository has no likes or reposts received; connect the account to "
        "collect them."
    )


def not_an_archive(what: str) -> ImportRefused:
    return _not_an_archive(_("a Bluesky repository (CAR file)"), what)


def walk(blocks: dict[bytes, Any], root: bytes) -> list[tuple[str, bytes]]:
    """Every (key, record CID) of the tree under ``root``, in key order.

    Steps: depth-first, left subtree first, then each entry's key and its right
    subtree; a missing node or a loop is a damaged file.
    """
    found: list[tuple[str, bytes]] = []
    seen: set[bytes] = set()
    # An explicit stack of pending actions keeps deep trees off Python's call stack.
    pending: list[tuple[str, Any, int]] = [("node", root, 0)]
    while pending:
        action, value, depth = pending.pop()
        if action == "entry":
            found.append(value)
            continue
        if value in seen or depth > MAX_DEPTH:
            raise not_an_archive(_("its tree of records loops"))
        seen.add(value)
        node = blocks.get(value)
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            raise not_an_archive(_("a node of its tree of records is missing"))
        todo: list[tuple[str, Any, int]] = []
        if node.get("l"):
            todo.append(("node", node["l"], depth + 1))
        key = b""
        for entry in node["e"]:
            key = key[: entry["p"]] + entry["k"]
            todo.append(("entry", (key.decode("utf-8"), entry["v"]), depth))
            if entry.get("t"):
                todo.append(("node", entry["t"], depth + 1))
        pending.extend(reversed(todo))
    return found


def _post(uri: str, record: dict[str, Any], rkey: str, profile: str) -> ParsedPost:
    reply = record.get("reply")
    langs = record.get("langs") or []
    parent = (reply or {}).get("parent") or {}
    return ParsedPost(
        network_id=uri,
        kind="reply" if reply else "original",
        published_at=parse_iso(record["createdAt"]),
        text=str(record.get("text") or ""),
        url=f"https://bsky.app/profile/{profile}/post/{rkey}",
        language=str(langs[0])[:16] if langs else "",
        target_id=str(parent.get("uri", ""))[:500],
    )


def parse(path: Path, *, handle: str | None = None, filename: str | None = None) -> ParsedImport:
    """Read a Bluesky CAR file into a :class:`ParsedImport` (all counts None).

    Steps: decode the CAR; its root is the commit (``did``, ``data`` = tree root); walk
    the tree; read posts, reposts, likes given and the profile's display name.
    """
    members = read_members(path, lambda name: True, filename=filename).data
    if len(members) != 1:
        raise not_an_archive(_("give the .car file itself"))
    data = next(iter(members.values()))
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise not_an_archive(
            _("it cannot be read as a CAR file (damaged or another kind)")
        ) from exc
    roots = header.get("roots") if isinstance(header, dict) else None
    commit = blocks.get(roots[0]) if roots else None
    if not isinstance(commit, dict) or not commit.get("did") or "data" not in commit:
        raise not_an_archive(_("it has no signed commit naming its account"))
    did = str(commit["did"])
    if not handle:
        raise ImportRefused(
            _(
                "A Bluesky repository names its account only by its DID (%(did)s): give "
                "the account's handle (the --handle option, or the handle field)."
            )
            % {"did": did}
        )
    handle = handle.strip().lstrip("@").lower()  # Bluesky handles are case-insensitive
    parsed = ParsedImport(
        network="bluesky",
        handle=handle,
        external_id=did,
        profile_url=f"https://bsky.app/profile/{handle}",
    )
    likes_given = 0
    for key, cid in walk(blocks, commit["data"]):
        collection, _sep, rkey = key.partition("/")
        if collection not in {POST, REPOST, LIKE, PROFILE}:
            continue
        record = blocks.get(cid)
        if not isinstance(record, dict):
            continue  # a partial export may leave records out: the tree still says which
        uri = f"at://{did}/{collection}/{rkey}"
        try:
            if collection == POST:
                parsed.posts.append(_post(uri, record, rkey, handle))
            elif collection == REPOST:
                subject = record.get("subject") or {}
                parsed.posts.append(
                    ParsedPost(
                        network_id=uri,
                        kind="repost",
                        published_at=parse_iso(record["createdAt"]),
                        target_id=str(subject.get("uri", ""))[:500],
                    )
                )
            elif collection == LIKE:
                likes_given += 1
            elif rkey == "self":
                parsed.display_name = str(record.get("displayName") or "")[:255]
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise not_an_archive(
                _("the record %(key)s has no date it can read") % {"key": key}
            ) from exc
    parsed.extra_counts["likes_given"] = likes_given
    parsed.notices.append(no_counts_notice())
    return parsed
