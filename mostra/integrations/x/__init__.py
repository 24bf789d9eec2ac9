"""X (Twitter) through the X API v2, with an OAuth 2 user token (PKCE).

- publish: ``POST /2/tweets`` with ``text`` (the link appended), ``media.media_ids``
  for images uploaded with ``POST /2/media/upload`` (alt text through
  ``POST /2/media/metadata``); a thread's further posts reply to the previous one
  (``reply.in_reply_to_tweet_id``), and so does the first comment;
- delete: ``DELETE /2/tweets/{id}``;
- metrics: ``GET /2/tweets?ids=…&tweet.fields=public_metrics`` (100 ids a request);
- followers: ``GET /2/users/me?user.fields=public_metrics``;
- reconciliation: the account's recent posts (``GET /2/users/{id}/tweets``);
- a 429 waits until ``x-rate-limit-reset``; a 401 means the account must reconnect.

X refuses a text it already has (403 "duplicate content"): that outcome is reported
unknown too, so that reconciliation finds the first attempt's post.

A thread is published post by post: when a reply fails after the first post went out,
the outcome is reported unknown, so that the scheduler reconciles (and finds the first
post) instead of publishing the thread a second time.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from django.utils.translation import gettext as _

from mostra.integrations.api_versions import X
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
from mostra.integrations.calls import (
    api_call,
    json_of,
    near,
    parse_time,
    plain_error,
    retry_after_seconds,
    same_text,
)
from mostra.integrations.store import store

logger = logging.getLogger(__name__)
LABEL = "X"
CATEGORIES = {"image/gif": "tweet_gif"}


def x_error(response: httpx.Response) -> TransportError:
    body = json_of(response)
    errors = body.get("errors") or [{}]
    detail = str(body.get("detail") or errors[0].get("message") or body.get("title") or "")[:400]
    error = plain_error(
        response,
        LABEL,
        detail,
        retry_after=retry_after_seconds(response, reset_header="x-rate-limit-reset"),
    )
    if response.status_code == 403 and "duplicate" in detail.lower():
        # X refuses the same text twice: the first attempt most likely went out. The
        # outcome is unknown, so the scheduler reconciles from the recent posts.
        return TransportError(
            f"{LABEL}: {detail}", unknown_outcome=True, code="duplicate", http_status=403
        )
    return error


@register
class XAccount(Integration):
    network = "x"
    supports_first_comment = True

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {store().fresh_access_token(self.account, self.client)}"}

    def _call(
        self, method: str, path: str, *, mutation: bool = False, **options: Any
    ) -> dict[str, Any]:
        response = api_call(
            self.client,
            method,
            f"{X.base_url}/{path}",
            label=LABEL,
            mutation=mutation,
            headers=self._headers(),
            **options,
        )
        if response.status_code >= 400:
            raise x_error(response)
        return json_of(response)

    def _upload(self, media: OutgoingMedia) -> str:
        if not media.mime_type.startswith("image/"):
            raise TransportError(
                _("mostra publishes images to X, not videos yet: remove the video."),
                permanent=True,
            )
        with media.path.open("rb") as handle:  # read by the chunk, never whole in memory
            data = self._call(
                "POST",
                "media/upload",
                data={
                    "media_category": CATEGORIES.get(media.mime_type, "tweet_image"),
                    "media_type": media.mime_type,
                },
                files={"media": (media.path.name, handle, media.mime_type)},
            )
        media_id = str((data.get("data") or {}).get("id") or "")
        if not media_id:
            raise TransportError(_("X accepted the image but gave no id."), code="media_refused")
        if media.alt_text:
            self._call(
                "POST",
                "media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.alt_text[:1000]}}},
            )
        return media_id

    def _post(self, body: dict[str, Any]) -> str:
        return str(self._call("POST", "tweets", mutation=True, json=body)["data"]["id"])

    def _url(self, post_id: str) -> str:
        return f"https://x.com/{self.account.handle.lstrip('@')}/status/{post_id}"

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        text = outgoing.text
        if outgoing.link and outgoing.link not in text:
            text = f"{text}\n\n{outgoing.link}"
        body: dict[str, Any] = {"text": text}
        media_ids = [self._upload(m) for m in outgoing.media]
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        first = self._post(body)
        previous = first
        for part in outgoing.thread:
            try:
                previous = self._post({"text": part, "reply": {"in_reply_to_tweet_id": previous}})
            except TransportError as exc:
                raise TransportError(
                    _(
                        "The first post of the thread is on X (%(url)s) but a reply failed "
                        "(%(error)s): the rest of the thread was not published."
                    )
                    % {"url": self._url(first), "error": exc.message},
                    unknown_outcome=True,
                    code="thread_incomplete",
                    http_status=exc.http_status,
                ) from exc
        if outgoing.first_comment:
            try:
                self._post(
                    {"text": outgoing.first_comment, "reply": {"in_reply_to_tweet_id": first}}
                )
            except TransportError as exc:
                logger.warning("X post %s: the first comment failed: %s", first, exc.message)
        return RemoteRef(remote_id=first, url=self._url(first))

    def delete(self, ref: RemoteRef) -> None:
        response = api_call(
            self.client,
            "DELETE",
            f"{X.base_url}/tweets/{ref.remote_id}",
            label=LABEL,
            headers=self._headers(),
        )
        if response.status_code not in (200, 404):
            raise x_error(response)

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        snapshots = []
        for start in range(0, len(refs), 100):
            ids = ",".join(r.remote_id for r in refs[start : start + 100])
            data = self._call(
                "GET", "tweets", params={"ids": ids, "tweet.fields": "public_metrics"}
            )
            for tweet in data.get("data") or []:
                m = tweet.get("public_metrics") or {}
                snapshots.append(
                    Snapshot(
                        remote_id=str(tweet["id"]),
                        likes=m.get("like_count"),
                        reposts=m.get("retweet_count"),
                        replies=m.get("reply_count"),
                        quotes=m.get("quote_count"),
                        impressions=m.get("impression_count"),
                        saves=m.get("bookmark_count"),
                        raw=m,
                    )
                )
        return snapshots

    def fetch_account(self) -> AccountFigures:
        data = self._call("GET", "users/me", params={"user.fields": "public_metrics"})
        m = (data.get("data") or {}).get("public_metrics") or {}
        return AccountFigures(
            followers=m.get("followers_count"),
            following=m.get("following_count"),
            posts=m.get("tweet_count"),
        )

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        data = self._call(
            "GET",
            f"users/{self.account.external_id}/tweets",
            params={"max_results": "20", "tweet.fields": "created_at,text"},
        )
        for tweet in data.get("data") or []:
            if same_text(outgoing.text, str(tweet.get("text") or "")) and near(
                outgoing.created_at, parse_time(tweet.get("created_at"))
            ):
                return RemoteRef(remote_id=str(tweet["id"]), url=self._url(str(tweet["id"])))
        return None
