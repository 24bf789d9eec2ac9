"""Reading the frames of ``com.atproto.sync.subscribeRepos``: what each event says.

A frame is two DAG-CBOR objects one after the other: a header (``op`` 1 with the
message's type ``t``, or ``op`` -1 for an error) and a body. The types read:

* ``#commit``: a repository's change; its ``ops`` name the records created, updated or
  deleted, its ``blocks`` (a CAR file) hold the records' contents. Only the creations of
  ``app.bsky.feed.post`` records are kept, as :class:`Post`;
* ``#identity``: an account's handle (kept to name the authors of the next posts);
* ``#info``: ``OutdatedCursor`` (the cursor asked is older than the service keeps: the
  stream starts from its oldest event, what came before is lost);
* an error frame (``FutureCursor``, ``ConsumerTooSlow``): the service closes the stream.

Every other type (``#account``, ``#sync``…) still has a sequence number: it moves the
cursor and nothing else. Decoding is libipld's (Rust); a malformed frame is
:class:`FrameError`, never a crash of the consumer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import libipld

from mostra.listening.items import FetchedItem
from mostra.listening.networks.calls import moment

POST = "app.bsky.feed.post"
#: Embeds that quote another post.
QUOTES = {"app.bsky.embed.record", "app.bsky.embed.recordWithMedia"}


class FrameError(ValueError):
    """A frame that does not read as subscribeRepos' (logged and skipped)."""


@dataclass(frozen=True)
class Post:
    """One post created, as the firehose tells it."""

    uri: str
    cid: str
    did: str
    text: str
    created_at: dt.datetime | None
    langs: tuple[str, ...] = ()
    #: The post answered (``reply.parent.uri``) and the post quoted, when any.
    reply_to: str | None = None
    quotes: str | None = None

    def item(self, handle: str | None) -> FetchedItem:
        """The post as the listening's item (the author's handle when known, else DID)."""
        author = handle or self.did
        rkey = self.uri.rsplit("/", 1)[-1]
        return FetchedItem(
            guid=self.uri,
            text=self.text,
            url=f"https://bsky.app/profile/{author}/post/{rkey}",
            author=author,
            author_url=f"https://bsky.app/profile/{author}",
            published_at=self.created_at,
            lang=self.langs[0].split("-")[0].lower() if self.langs else None,
            network="bluesky",
            kind="reply" if self.reply_to else "quote" if self.quotes else "post",
        )


@dataclass(frozen=True)
class Event:
    """One message of the stream: its sequence number (None for ``#info`` and errors),
    its type, its time, and what it carries."""

    seq: int | None
    kind: str
    time: dt.datetime | None = None
    posts: tuple[Post, ...] = ()
    #: ``#identity``: the account and its handle.
    did: str | None = None
    handle: str | None = None
    #: ``#info`` and errors: the name (``OutdatedCursor``, ``FutureCursor``…) and message.
    name: str = ""
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.kind == "error"


def decode(frame: bytes) -> Event:
    """The event of one binary frame; :class:`FrameError` when it does not read."""
    try:
        parts = libipld.decode_dag_cbor_multi(frame)
    except (ValueError, TypeError) as exc:
        raise FrameError(f"not DAG-CBOR: {exc}") from exc
    if len(parts) != 2 or not isinstance(parts[0], dict) or not isinstance(parts[1], dict):
        raise FrameError("a frame is a header and a body")
    header, body = parts
    if header.get("op") == -1:
        return Event(
            None, "error", name=str(body.get("error") or ""), message=_str(body, "message")
        )
    kind = header.get("t")
    if header.get("op") != 1 or not isinstance(kind, str):
        raise FrameError(f"unknown header {header!r}")
    seq = body.get("seq")
    when = moment(body.get("time"))
    if kind == "#info":
        return Event(None, kind, name=_str(body, "name"), message=_str(body, "message"))
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise FrameError(f"{kind} without a sequence number")
    if kind == "#commit":
        return Event(seq, kind, when, posts=tuple(_posts(body)))
    if kind == "#identity":
        return Event(seq, kind, when, did=_str(body, "did"), handle=_str(body, "handle") or None)
    return Event(seq, kind, when)


def _posts(body: dict[str, Any]) -> list[Post]:
    repo = body.get("repo")
    ops = body.get("ops")
    if not isinstance(repo, str) or not isinstance(ops, list):
        return []
    created = [
        op
        for op in ops
        if isinstance(op, dict)
        and op.get("action") == "create"
        and str(op.get("path", "")).startswith(POST + "/")
        and isinstance(op.get("cid"), bytes)
    ]
    if not created or body.get("tooBig"):
        return []
    try:
        _header, blocks = libipld.decode_car(body.get("blocks") or b"")
    except (ValueError, TypeError) as exc:
        raise FrameError(f"the commit's blocks do not read: {exc}") from exc
    posts = []
    for op in created:
        record = blocks.get(op["cid"])
        if isinstance(record, dict) and record.get("$type") == POST:
            posts.append(_post(repo, op["path"], op["cid"], record))
    return posts


def _post(repo: str, path: str, cid: bytes, record: dict[str, Any]) -> Post:
    langs = record.get("langs")
    reply = _map(_map(record.get("reply")).get("parent")).get("uri")
    embed = _map(record.get("embed"))
    quoted = None
    if embed.get("$type") in QUOTES:
        inner = _map(embed.get("record"))
        quoted = _map(inner.get("record")).get("uri") or inner.get("uri")
    return Post(
        uri=f"at://{repo}/{path}",
        cid=libipld.encode_cid(cid),
        did=repo,
        text=str(record.get("text") or ""),
        created_at=moment(record.get("createdAt")),
        langs=tuple(str(lang) for lang in langs if isinstance(lang, str))
        if isinstance(langs, list)
        else (),
        reply_to=reply if isinstance(reply, str) else None,
        quotes=quoted if isinstance(quoted, str) else None,
    )


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    return value if isinstance(value, str) else ""
