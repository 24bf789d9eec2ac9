"""Publishing to Bluesky: posts with facets, images, threads, exactly once; metrics.

What :meth:`BlueskyIntegration.publish` does for one variant:

1. checks the media against Bluesky's limits (at most 4 images of 1,000,000 bytes, or
   one video; no mixing): a refusal is permanent, with what to change;
2. when the post has media and its record already exists (an earlier attempt wrote it),
   returns it without uploading anything again;
3. uploads each file (``uploadBlob``) and writes the post (``putRecord`` with the
   record key of :func:`~mostra.integrations.bluesky.records.record_key` and
   ``swapRecord: null``); when the PDS says the record is already there, reads it back
   (``getRecord``) and returns it: exactly once;
4. writes the thread's next posts as replies (root: the first post, parent: the one
   before), then the first comment as a reply to the first post, each with its own
   derived record key, so that a retry completes a thread cut in the middle.

A reply (:attr:`Outgoing.reply_to`, the answered post's ``at://`` URI) carries
``reply`` strong refs: the parent's cid read from its record (its PDS, else the
AppView's ``getPosts``), the root the parent's own root when the parent is itself a
reply. The same record key makes it exactly once.

Metrics and the followers count come from the AppView behind the PDS
(``app.bsky.feed.getPosts``, ``app.bsky.actor.getProfile``); a PDS without one answers
"No service configured": mostra then reports that the server gives no figures
(``code="no_appview"``) rather than zeros.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mostra.integrations.base import (
    AccountFigures,
    Integration,
    Outgoing,
    OutgoingMedia,
    RemoteRef,
    Snapshot,
    TransportError,
    register,
)
from mostra.integrations.bluesky import records
from mostra.integrations.bluesky.facets import detect
from mostra.integrations.bluesky.link_card import read_page
from mostra.integrations.bluesky.session import Session
from mostra.integrations.uploads import FileBody

#: app.bsky.feed.getPosts takes at most 25 URIs per call.
GET_POSTS_MAX = 25
#: The derived record keys of a thread's next posts and of the first comment.
THREAD_PART = "thread-{}"
COMMENT_PART = "comment"


def no_appview(exc: TransportError) -> bool:
    return exc.http_status in (400, 501) and "no service configured" in exc.message.lower()


@register
class BlueskyIntegration(Integration):
    network = "bluesky"
    idempotent = True
    supports_first_comment = True

    _session: Session | None = None

    # --- Session ---------------------------------------------------------------------

    @property
    def session(self) -> Session:
        if self._session is None:
            from mostra.integrations.store import store

            self._session = Session(
                self.client,
                self.account.service_url,
                self.account.credentials,
                lambda credentials: store().store_credentials(self.account, credentials),
            )
        return self._session

    @property
    def did(self) -> str:
        return self.session.did

    # --- Records ---------------------------------------------------------------------

    def _get(self, rkey: str) -> dict[str, Any] | None:
        """The record (uri, cid, value) at ``rkey``, or None when there is none."""
        try:
            return self.session.query(
                "com.atproto.repo.getRecord", repo=self.did, collection=records.POST, rkey=rkey
            )
        except TransportError as exc:
            if exc.code == "RecordNotFound" or (
                exc.http_status == 400 and "not found" in exc.message.lower()
            ):
                return None
            raise

    def _put(self, rkey: str, record: dict[str, Any]) -> dict[str, str]:
        """Write the record unless one is there already; its strong ref either way."""
        body = {
            "repo": self.did,
            "collection": records.POST,
            "rkey": rkey,
            "record": record,
            "swapRecord": None,
        }
        try:
            written = self.session.procedure("com.atproto.repo.putRecord", body)
        except TransportError as exc:
            if exc.code != "InvalidSwap" and not (exc.http_status or 0) >= 500:
                raise
            existing = self._get(rkey)
            if existing is None:
                raise
            return records.strong_ref(existing["uri"], existing["cid"])
        return records.strong_ref(written["uri"], written["cid"])

    def _resolve(self, handle: str, cache: dict[str, str | None]) -> str | None:
        if handle not in cache:
            try:
                body = self.session.query("com.atproto.identity.resolveHandle", handle=handle)
                cache[handle] = str(body.get("did") or "") or None
            except TransportError as exc:
                if not exc.permanent:
                    raise
                cache[handle] = None
        return cache[handle]

    def _facets(self, text: str, cache: dict[str, str | None]) -> list[dict[str, Any]]:
        return [f.as_record() for f in detect(text, lambda h: self._resolve(h, cache))]

    # --- Media -----------------------------------------------------------------------

    def _check_media(self, media: tuple[OutgoingMedia, ...]) -> None:
        limits = self.limits()
        videos = [m for m in media if m.mime_type.startswith("video/")]
        images = [m for m in media if not m.mime_type.startswith("video/")]
        problem = ""
        if videos and images:
            problem = _("Bluesky takes images or one video in a post, not both.")
        elif len(videos) > limits.max_videos:
            problem = _("Bluesky takes one video per post.")
        elif len(images) > limits.max_images:
            problem = _("Bluesky takes at most %(count)s images per post.") % {
                "count": limits.max_images
            }
        for item in media:
            kind = "video" if item.mime_type.startswith("video/") else "image"
            largest = limits.max_bytes_of(kind)
            size = item.size or item.path.stat().st_size
            if largest and size > largest:
                problem = _(
                    "%(name)s is %(size)s bytes: Bluesky takes at most %(max)s. "
                    "Replace it with a smaller file."
                ) % {"name": item.path.name, "size": size, "max": largest}
            elif item.mime_type not in limits.mime_types:
                problem = _("Bluesky does not take %(type)s files (%(name)s).") % {
                    "type": item.mime_type,
                    "name": item.path.name,
                }
        if problem:
            raise TransportError(problem, permanent=True, code="media_refused")

    def _upload(self, item: OutgoingMedia) -> dict[str, Any]:
        content = FileBody(item.path)  # read by the chunk, never whole in memory
        body = self.session.request(
            "POST",
            "com.atproto.repo.uploadBlob",
            write=False,  # an unused blob is dropped by the PDS: uploading again is safe
            content=content,
            headers={**content.headers, "Content-Type": item.mime_type},
        )
        return body["blob"]

    def _embed(self, outgoing: Outgoing) -> dict[str, Any] | None:
        if outgoing.media:
            first = outgoing.media[0]
            if first.mime_type.startswith("video/"):
                blob = self._upload(first)
                return records.video_embed(blob, first.alt_text, first.width, first.height)
            return records.images_embed(
                [(self._upload(m), m.alt_text, m.width, m.height) for m in outgoing.media]
            )
        if outgoing.link:
            title, description = read_page(self.client, outgoing.link)
            return records.external_embed(outgoing.link, title, description)
        return None

    # --- The interface ---------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        self._check_media(outgoing.media)
        root_key = records.record_key(outgoing.key)
        cache: dict[str, str | None] = {}
        existing = self._get(root_key) if outgoing.media else None
        if existing is not None:
            root = records.strong_ref(existing["uri"], existing["cid"])
        else:
            record = records.post_record(
                outgoing.text,
                facets=self._facets(outgoing.text, cache),
                language=outgoing.language,
                embed=self._embed(outgoing),
                reply=self._answered(outgoing.reply_to) if outgoing.reply_to else None,
            )
            root = self._put(root_key, record)
        parent = root
        for index, text in enumerate(outgoing.thread, start=1):
            parent = self._reply(root_key, THREAD_PART.format(index), text, root, parent, outgoing)
        if outgoing.first_comment:
            self._reply(root_key, COMMENT_PART, outgoing.first_comment, root, root, outgoing)
        return self._ref(root["uri"])

    def _reply(
        self,
        root_key: str,
        part: str,
        text: str,
        root: dict[str, str],
        parent: dict[str, str],
        outgoing: Outgoing,
    ) -> dict[str, str]:
        record = records.post_record(
            text,
            facets=self._facets(text, {}),
            language=outgoing.language,
            reply=records.reply_to(root, parent),
        )
        return self._put(records.record_key(root_key, part), record)

    def _answered(self, uri: str) -> dict[str, Any]:
        """The ``reply`` of a record answering the post at ``uri``: its strong ref as the
        parent, and the parent's root (itself when it is no reply)."""
        try:
            did, collection, rkey = records.split_uri(uri)
        except ValueError:
            did = collection = rkey = ""
        found: dict[str, Any] | None = None
        if did and collection == records.POST:
            try:
                found = self.session.query(
                    "com.atproto.repo.getRecord", repo=did, collection=collection, rkey=rkey
                )
            except TransportError as exc:
                if not (exc.permanent or exc.http_status == 400):
                    raise
            if found is None:
                posts = self._appview("app.bsky.feed.getPosts", uris=[uri]).get("posts") or []
                if posts:
                    post = posts[0]
                    found = {"uri": post["uri"], "cid": post["cid"], "value": post.get("record")}
        if not found or not found.get("cid"):
            raise TransportError(
                _(
                    "The post this reply answers is no longer on Bluesky (deleted, or its "
                    "address %(uri)s is wrong): nothing was sent."
                )
                % {"uri": uri},
                permanent=True,
                code="reply_target_missing",
            )
        parent = records.strong_ref(str(found["uri"]), str(found["cid"]))
        value = found.get("value") or {}
        reply = value.get("reply") if isinstance(value, dict) else None
        root = reply.get("root") if isinstance(reply, dict) else None
        if isinstance(root, dict) and root.get("uri") and root.get("cid"):
            return records.reply_to(records.strong_ref(root["uri"], root["cid"]), parent)
        return records.reply_to(parent, parent)

    def _ref(self, uri: str) -> RemoteRef:
        rkey = records.split_uri(uri)[2]
        handle = str(self.session.credentials.get("handle") or self.account.handle or self.did)
        return records.remote_ref(uri, records.web_url(handle, rkey))

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        existing = self._get(records.record_key(outgoing.key))
        return self._ref(existing["uri"]) if existing is not None else None

    def delete(self, ref: RemoteRef) -> None:
        """Delete the post, then the thread's next posts and the first comment mostra
        wrote under it (found by their derived record keys)."""
        root_key = ref.remote_id or records.split_uri(ref.uri)[2]
        parts = [root_key]
        index = 1
        while self._get(records.record_key(root_key, THREAD_PART.format(index))) is not None:
            parts.append(records.record_key(root_key, THREAD_PART.format(index)))
            index += 1
        if self._get(records.record_key(root_key, COMMENT_PART)) is not None:
            parts.append(records.record_key(root_key, COMMENT_PART))
        for rkey in reversed(parts):
            self.session.procedure(
                "com.atproto.repo.deleteRecord",
                {"repo": self.did, "collection": records.POST, "rkey": rkey},
            )

    def _appview(self, nsid: str, **params: Any) -> dict[str, Any]:
        try:
            return self.session.query(nsid, **params)
        except TransportError as exc:
            if no_appview(exc):
                raise TransportError(
                    _(
                        "This Bluesky server has no AppView: it gives no figures (likes, "
                        "reposts, replies, followers)."
                    ),
                    permanent=True,
                    code="no_appview",
                    http_status=exc.http_status,
                ) from exc
            raise

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        """Counts from the AppView; a post it does not know (deleted, not yet indexed)
        gets no snapshot."""
        snapshots = []
        for start in range(0, len(refs), GET_POSTS_MAX):
            batch = refs[start : start + GET_POSTS_MAX]
            by_uri = {ref.uri or records.at_uri(self.did, ref.remote_id): ref for ref in batch}
            body = self._appview("app.bsky.feed.getPosts", uris=list(by_uri))
            for post in body.get("posts") or []:
                ref = by_uri.get(post.get("uri"))
                if ref is None:
                    continue
                counts = {
                    name: post.get(name)
                    for name in ("likeCount", "repostCount", "replyCount", "quoteCount")
                }
                snapshots.append(
                    Snapshot(
                        remote_id=ref.remote_id,
                        likes=counts["likeCount"],
                        reposts=counts["repostCount"],
                        replies=counts["replyCount"],
                        quotes=counts["quoteCount"],
                        raw={**counts, "indexedAt": post.get("indexedAt")},
                    )
                )
        return snapshots

    def fetch_account(self) -> AccountFigures:
        body = self._appview("app.bsky.actor.getProfile", actor=self.did)
        return AccountFigures(
            followers=body.get("followersCount"),
            following=body.get("followsCount"),
            posts=body.get("postsCount"),
        )
