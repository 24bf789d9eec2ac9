"""Publishing to a Mastodon account, deleting, and reading the counts back.

Steps of :meth:`MastodonIntegration.publish`:

1. each image or video is uploaded with its alternative text and waited for
   (:mod:`~mostra.integrations.mastodon.media`);
2. the text (with the variant's link at its end when the text does not hold it yet) goes
   out as a public status with the media, in the variant's language;
3. each further post of a thread replies to the one before, and the first comment, if
   any, replies to the first post;
4. every status carries an ``Idempotency-Key`` derived from the variant's key and its
   place in the thread: a retry after a timeout meets the status the instance already
   made instead of making a second one;
5. instances keep such a key for an hour: a publication due longer ago than
   :data:`KEY_LIFETIME` first looks for its status among the account's recent ones
   (:meth:`MastodonIntegration.find_existing`) and returns it when found.

A reply (:attr:`Outgoing.reply_to`, the answered status's URI or link) goes out with
``in_reply_to_id``, the status's id on the account's own instance: read from the
address when it is a status of that instance, else found by the instance's search
(``/api/v2/search`` with ``resolve``, which fetches a remote status).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any, ClassVar

import httpx
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mostra.charter.limits import NetworkLimits, limits_for
from mostra.core.html_text import html_to_text
from mostra.integrations.base import (
    AccountFigures,
    CredentialsRejected,
    Integration,
    Outgoing,
    RemoteRef,
    Snapshot,
    TransportError,
    register,
)
from mostra.integrations.mastodon import media as media_upload
from mostra.integrations.mastodon.api import MastodonApi, idempotency_key
from mostra.integrations.mastodon.errors import error_for

#: How long an instance surely remembers an Idempotency-Key (Mastodon: one hour).
KEY_LIFETIME = dt.timedelta(minutes=50)
#: How far the instance's clock may be behind ours when looking for a status.
CLOCK_SKEW = dt.timedelta(minutes=5)

#: Statuses read in one call when collecting metrics.
BATCH = 20

#: The counts a status gives, as mostra names them.
COUNTS = {
    "likes": "favourites_count",
    "reposts": "reblogs_count",
    "replies": "replies_count",
    "quotes": "quotes_count",
}


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def status_text(outgoing: Outgoing) -> str:
    """The first status's text: the variant's text, and its link when not in it yet."""
    text = outgoing.text.rstrip()
    link = outgoing.link.strip()
    if link and link not in text:
        text = f"{text}\n\n{link}" if text else link
    return text


def key_may_be_forgotten(outgoing: Outgoing, now: dt.datetime | None = None) -> bool:
    """Whether the publication was due long enough ago that the instance may have
    forgotten its idempotency keys: then the account's statuses are read first."""
    if outgoing.created_at is None:
        return False
    return (now or timezone.now()) - outgoing.created_at > KEY_LIFETIME


def plain_text(text: str) -> str:
    return " ".join(text.split())


def own_replies(head: str, descendants: list[dict[str, Any]], account_id: str) -> list[str]:
    """The ids of the account's statuses that reply to ``head`` or to one another, in
    thread order: the rest of a thread and the first comment."""
    chain, found = {str(head)}, []
    changed = True
    while changed:
        changed = False
        for status in descendants:
            status_id = str(status.get("id"))
            author = str((status.get("account") or {}).get("id"))
            if (
                status_id not in chain
                and author == str(account_id)
                and str(status.get("in_reply_to_id")) in chain
            ):
                chain.add(status_id)
                found.append(status_id)
                changed = True
    order = {str(s.get("id")): n for n, s in enumerate(descendants)}
    return sorted(found, key=order.__getitem__)


@register
class MastodonIntegration(Integration):
    network = "mastodon"
    idempotent = True
    supports_first_comment = True

    #: Waiting between two looks at an upload being processed (tests replace it).
    sleep: ClassVar[staticmethod[[float], None]] = staticmethod(time.sleep)
    clock: ClassVar[staticmethod[[], float]] = staticmethod(time.monotonic)

    def __init__(self, account: Any, client: httpx.Client | None = None) -> None:
        super().__init__(account, client)
        self._api: MastodonApi | None = None

    @property
    def api(self) -> MastodonApi:
        if self._api is None:
            token = (self.account.credentials or {}).get("access_token") or ""
            if not token:
                from django.utils.translation import gettext as _

                raise CredentialsRejected(
                    _("mostra holds no access token for this account: reconnect it.")
                )
            self._api = MastodonApi(self.account.service_url, token, self.client)
        return self._api

    # Publishing -----------------------------------------------------------------

    def _status(
        self,
        text: str,
        key: str,
        *,
        media_ids: tuple[str, ...] | list[str] = (),
        reply_to: str = "",
        lang: str = "",
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"status": text, "visibility": "public"}
        if media_ids:
            body["media_ids"] = list(media_ids)
        if reply_to:
            body["in_reply_to_id"] = reply_to
        if lang:
            body["language"] = lang
        return self.api.post_status(body, key)

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        if key_may_be_forgotten(outgoing):
            existing = self.find_existing(outgoing)
            if existing is not None:
                return existing
        media_ids = [
            media_upload.upload(self.api, item, sleep=self.sleep, clock=self.clock)
            for item in outgoing.media
        ]
        language = (outgoing.language or "").split("-")[0].lower()
        head = self._status(
            status_text(outgoing),
            idempotency_key(outgoing.key, 0),
            media_ids=media_ids,
            reply_to=self.answered_id(outgoing.reply_to) if outgoing.reply_to else "",
            lang=language,
        )
        previous = str(head["id"])
        for index, text in enumerate(outgoing.thread, start=1):
            reply = self._status(
                text, idempotency_key(outgoing.key, index), reply_to=previous, lang=language
            )
            previous = str(reply["id"])
        if outgoing.first_comment.strip():
            self._status(
                outgoing.first_comment,
                idempotency_key(outgoing.key, "comment"),
                reply_to=str(head["id"]),
                lang=language,
            )
        return RemoteRef(
            remote_id=str(head["id"]), uri=str(head.get("uri") or ""), url=head.get("url") or ""
        )

    def answered_id(self, address: str) -> str:
        """The id, on the account's instance, of the status at ``address`` (its URI or
        link); a permanent error when the instance cannot find it."""
        last = address.rstrip("/").rsplit("/", 1)[-1]
        if last.isdigit():
            try:
                status = self.api.status(last)
            except TransportError as exc:
                if exc.code != "not_found" and exc.http_status not in (404, 403):
                    raise
            else:
                if address in (status.get("uri"), status.get("url")):
                    return str(status["id"])
        found = self.api.call(
            "GET",
            "/api/v2/search",
            params={"q": address, "type": "statuses", "resolve": "true", "limit": 5},
        )
        statuses = found.get("statuses") if isinstance(found, dict) else None
        for status in statuses or []:
            if isinstance(status, dict) and address in (status.get("uri"), status.get("url")):
                return str(status["id"])
        from django.utils.translation import gettext as _

        raise TransportError(
            _(
                "%(host)s cannot find the post this reply answers (%(address)s): it was "
                "deleted, or the instance does not reach its server. Nothing was sent."
            )
            % {"host": self.api.host, "address": address},
            permanent=True,
            code="reply_target_missing",
        )

    def delete(self, ref: RemoteRef) -> None:
        """Delete the status and the account's own chain of replies under it (the rest
        of a thread, the first comment; not its answers to other people); a status
        already gone is not an error."""
        try:
            context = self.api.context(ref.remote_id)
        except TransportError as exc:
            if exc.code == "not_found":
                return
            raise
        own = own_replies(ref.remote_id, context.get("descendants", []), self.account.external_id)
        for status_id in [*reversed(own), ref.remote_id]:
            try:
                self.api.delete_status(status_id)
            except TransportError as exc:
                if exc.code != "not_found":
                    raise

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        """The account's recent status with this text, posted since the publication was
        due (for a retry the instance's idempotency key may no longer meet)."""
        statuses = self.api.call(
            "GET",
            f"/api/v1/accounts/{self.account.external_id}/statuses",
            params={"limit": 40, "exclude_reblogs": "true"},
        )
        wanted = plain_text(status_text(outgoing))
        since = outgoing.created_at - CLOCK_SKEW if outgoing.created_at else None
        answered = self.answered_id(outgoing.reply_to) if outgoing.reply_to else ""
        for status in statuses if isinstance(statuses, list) else []:
            if str(status.get("in_reply_to_id") or "") != answered or status.get("reblog"):
                continue
            created = parse_datetime(str(status.get("created_at") or ""))
            if since is not None and created is not None and created < since:
                continue
            if plain_text(html_to_text(str(status.get("content") or ""))) != wanted:
                continue
            if len(status.get("media_attachments") or []) != len(outgoing.media):
                continue
            return RemoteRef(
                remote_id=str(status["id"]),
                uri=str(status.get("uri") or ""),
                url=status.get("url") or "",
            )
        return None

    # Reading back ----------------------------------------------------------------

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        """One snapshot per status still on the instance (a deleted one is skipped).
        Mastodon gives no impressions, reach or clicks: those stay None.

        Statuses are read :data:`BATCH` at a time (``GET /api/v1/statuses?id[]=…``,
        Mastodon 4.3 and later); those a batch does not return (an older instance, a
        server that ignores the call, a deleted status) are read one by one."""
        found: dict[str, dict[str, Any]] = {}
        ids = list(dict.fromkeys(ref.remote_id for ref in refs))
        for start in range(0, len(ids) if len(ids) > 1 else 0, BATCH):
            found.update(self._batch(ids[start : start + BATCH]))
        snapshots = []
        for status_id in ids:
            status = found.get(status_id)
            if status is None:
                try:
                    status = self.api.status(status_id)
                except TransportError as exc:
                    if exc.code == "not_found":
                        continue
                    raise
            counts = {name: _count(status.get(key)) for name, key in COUNTS.items()}
            raw = {key: status.get(key) for key in COUNTS.values() if key in status}
            snapshots.append(Snapshot(remote_id=status_id, **counts, raw=raw))
        return snapshots

    def _batch(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The statuses of ``ids`` the instance returns in one call ({} when it cannot)."""
        response = self.api.send("GET", "/api/v1/statuses", params=[("id[]", i) for i in ids])
        if response.status_code in (404, 405, 400, 422):
            return {}
        if response.status_code >= 400:
            raise error_for(response, token=(self.account.credentials or {}).get("access_token"))
        try:
            body = response.json()
        except ValueError:
            return {}
        wanted = set(ids)
        return {
            str(s["id"]): s
            for s in (body if isinstance(body, list) else [])
            if isinstance(s, dict) and str(s.get("id")) in wanted
        }

    def fetch_account(self) -> AccountFigures:
        me = self.api.verify_credentials()
        return AccountFigures(
            followers=_count(me.get("followers_count")),
            following=_count(me.get("following_count")),
            posts=_count(me.get("statuses_count")),
        )

    def limits(self) -> NetworkLimits:
        """The network's limits with the instance's own: its text limit (kept on the
        account) and its media limits (kept with the instance, when known)."""
        limits = limits_for(self.network, text_max=self.account.text_limit)
        from mostra.integrations.store import store

        return with_instance_limits(limits, store().instance_limits(self.account.service_url))


def with_instance_limits(limits: NetworkLimits, stored: dict[str, Any]) -> NetworkLimits:
    """``limits`` with the media limits an instance announced (see InstanceInfo.limits)."""
    changes: dict[str, Any] = {}
    if stored.get("max_media"):
        count = int(stored["max_media"])
        changes.update(max_items=count, max_images=count)
    if stored.get("image_max_bytes"):
        changes.update(
            image_max_bytes=int(stored["image_max_bytes"]),
            gif_max_bytes=int(stored["image_max_bytes"]),
        )
    if stored.get("video_max_bytes"):
        changes["video_max_bytes"] = int(stored["video_max_bytes"])
    if stored.get("mime_types"):
        changes["mime_types"] = tuple(stored["mime_types"])
    return dataclasses.replace(limits, **changes) if changes else limits
