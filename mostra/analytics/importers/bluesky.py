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

The file is read block by block (:mod:`car`), twice: the first pass decodes every block
(a damaged one refuses the file before anything is stored) and keeps the tree's nodes
only, still encoded; the walk then names the records wanted (posts, reposts, likes,
the profile); the second pass decodes those as it meets them and yields the posts as
the store asks for them. Memory holds the tree and the wanted records' keys, never the
records themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import libipld
from django.utils.translation import gettext as _

from mostra.analytics.importers import car
from mostra.analytics.importers.base import ImportRefused, ParsedImport, ParsedPost, parse_iso
from mostra.analytics.importers.base import not_an_archive as _not_an_archive
from mostra.analytics.importers.files import Archive, open_archive
from mostra.analytics.importers.formats import bluesky_format

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


def walk(blocks: Mapping[bytes, Any], root: bytes) -> Iterator[tuple[str, bytes]]:
    """Every (key, record CID) of the tree under ``root``, in key order.

    Steps: depth-first, left subtree first, then each entry's key and its right
    subtree; a missing node or a loop is a damaged file.
    """
    seen: set[bytes] = set()
    # An explicit stack of pending actions keeps deep trees off Python's call stack.
    pending: list[tuple[str, Any, int]] = [("node", root, 0)]
    while pending:
        action, value, depth = pending.pop()
        if action == "entry":
            yield value
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


class _Nodes(dict):
    """The tree's nodes by CID, kept encoded and decoded when the walk asks."""

    def get(self, key: bytes, default: Any = None) -> Any:
        data = super().get(key)
        return default if data is None else libipld.decode_dag_cbor(data)


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
        format=bluesky_format(record),
    )


def _unreadable(exc: Exception) -> ImportRefused:
    return not_an_archive(_("it cannot be read as a CAR file (damaged or another kind)"))


def _first_pass(archive: Archive, name: str) -> tuple[Any, _Nodes, dict[bytes, bytes]]:
    """(the commit, the tree's nodes, the encoded profile records): every block decoded."""
    nodes = _Nodes()
    profiles: dict[bytes, bytes] = {}
    with archive.open(name) as stream:
        try:
            header = car.read_header(stream)
            roots = header.get("roots")
            commit = None
            for cid, data in car.blocks(stream):
                block = libipld.decode_dag_cbor(data)
                if roots and cid == roots[0]:
                    commit = block
                elif isinstance(block, dict):
                    if isinstance(block.get("e"), list) and "l" in block:
                        nodes[cid] = data
                    elif block.get("$type") == PROFILE or "displayName" in block:
                        profiles[cid] = data  # the walk tells which one is the account's
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
            raise _unreadable(exc) from exc
    return commit, nodes, profiles


def _records(
    archive: Archive,
    name: str,
    wanted: dict[bytes, str | list[str]],
    parsed: ParsedImport,
    did: str,
) -> Iterator[ParsedPost]:
    """The second pass: the wanted records as posts (likes counted) as they come."""
    handle = parsed.handle
    likes_given = 0
    with archive.open(name) as stream:
        try:
            car.read_header(stream)
            for cid, data in car.blocks(stream):
                keys = wanted.pop(cid, None)
                if keys is None:
                    continue
                record = None
                # Records alike (two likes of one post) are one block under several keys.
                for key in [keys] if isinstance(keys, str) else keys:
                    collection, _sep, rkey = key.partition("/")
                    if collection == LIKE:
                        likes_given += 1
                        continue
                    record = record or libipld.decode_dag_cbor(data)
                    if not isinstance(record, dict):
                        continue  # a partial export may leave records out
                    try:
                        yield _record_post(f"at://{did}/{key}", collection, rkey, record, handle)
                    except (KeyError, ValueError, TypeError, AttributeError) as exc:
                        raise not_an_archive(
                            _("the record %(key)s has no date it can read") % {"key": key}
                        ) from exc
        except car.CarError as exc:
            raise _unreadable(exc) from exc
    parsed.extra_counts["likes_given"] = likes_given


def _record_post(
    uri: str, collection: str, rkey: str, record: dict[str, Any], handle: str
) -> ParsedPost:
    if collection == POST:
        return _post(uri, record, rkey, handle)
    subject = record.get("subject") or {}
    return ParsedPost(
        network_id=uri,
        kind="repost",
        published_at=parse_iso(record["createdAt"]),
        target_id=str(subject.get("uri", ""))[:500],
    )


def parse(path: Path, *, handle: str | None = None, filename: str | None = None) -> ParsedImport:
    """Open a Bluesky CAR file as a :class:`ParsedImport` (all counts None) whose posts
    are read as they are stored.

    Steps: the first pass over the blocks (the commit: ``did``, ``data`` = tree root;
    the nodes); the handle; walk the tree for the posts, reposts, likes given and the
    profile's display name; the second pass reads them (:func:`_records`).
    """
    archive = open_archive(path, filename=filename)
    parsed = ParsedImport(network="bluesky", handle="")
    parsed.resources.callback(archive.close)
    try:
        wanted = _open(archive, handle, parsed)
    except BaseException:
        parsed.close()
        raise
    parsed.posts = _records(archive, archive.names[0], wanted, parsed, parsed.external_id)
    parsed.notices.append(no_counts_notice())
    return parsed


def _open(
    archive: Archive, handle: str | None, parsed: ParsedImport
) -> dict[bytes, str | list[str]]:
    """Fill ``parsed``'s account; the wanted records' keys by CID."""
    if len(archive.names) != 1:
        raise not_an_archive(_("give the .car file itself"))
    commit, nodes, profiles = _first_pass(archive, archive.names[0])
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
    parsed.handle = handle
    parsed.external_id = did
    parsed.profile_url = f"https://bsky.app/profile/{handle}"
    wanted: dict[bytes, str | list[str]] = {}
    try:
        for key, cid in walk(nodes, commit["data"]):
            collection, _sep, rkey = key.partition("/")
            if collection in {POST, REPOST, LIKE}:
                known = wanted.get(cid)
                if known is None:
                    wanted[cid] = key
                else:
                    wanted[cid] = [*([known] if isinstance(known, str) else known), key]
            elif collection == PROFILE and rkey == "self" and cid in profiles:
                profile = libipld.decode_dag_cbor(profiles[cid])
                parsed.display_name = str(profile.get("displayName") or "")[:255]
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise not_an_archive(_("a node of its tree of records is missing")) from exc
    return wanted
