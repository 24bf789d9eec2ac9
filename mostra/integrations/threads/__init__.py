"""Threads through the Threads API (graph.threads.net), with a long-lived user token.

Publishing takes two steps: a media container (``POST /{user-id}/threads`` with
``media_type`` TEXT, IMAGE or CAROUSEL, ``text``, ``image_url`` — a public address of
the file on mostra, so MOSTRA_BASE_URL must be public — and ``alt_text``), polled until
``FINISHED``, then ``POST /{user-id}/threads_publish`` with ``creation_id``. A thread's
further posts reply to the previous one (``reply_to_id``), and so does the first
comment. A link without images is a ``link_attachment``. Metrics from
``/{media-id}/insights``, followers from ``/{user-id}/threads_insights``; deletion with
``DELETE /{media-id}``.
"""

from __future__ import annotations

import logging
import time
from typing import ClassVar

from django.utils.translation import gettext as _

from mostra.integrations.base import (
    AccountFigures,
    Outgoing,
    RemoteRef,
    Snapshot,
    TransportError,
    register,
)
from mostra.integrations.calls import api_call, json_of, near, parse_time, same_text
from mostra.integrations.meta.account import GraphAccount
from mostra.integrations.meta.graph import checked, public_media_url, threads_url, wait_until_ready

logger = logging.getLogger(__name__)
LABEL = "Threads"
METRICS = "views,likes,replies,reposts,quotes,shares"


@register
class ThreadsAccount(GraphAccount):
    label = LABEL
    url = staticmethod(threads_url)
    network = "threads"
    supports_first_comment = True
    polls: ClassVar[int] = 20
    poll_interval: ClassVar[float] = 3.0
    sleep: ClassVar[staticmethod[[float], None]] = staticmethod(time.sleep)

    @property
    def user_id(self) -> str:
        return self.account.external_id

    def _publish_one(self, data: dict[str, str]) -> str:
        container = str(self._call("POST", f"{self.user_id}/threads", data=data)["id"])
        wait_until_ready(
            lambda: self._call("GET", container, params={"fields": "status,error_message"}),
            label=LABEL,
            field="status",
            polls=self.polls,
            interval=self.poll_interval,
            sleep=self.sleep,
        )
        published = self._call(
            "POST",
            f"{self.user_id}/threads_publish",
            mutation=True,
            data={"creation_id": container},
        )
        return str(published["id"])

    def _first(self, outgoing: Outgoing) -> dict[str, str]:
        if any(not m.mime_type.startswith("image/") for m in outgoing.media):
            raise TransportError(
                _("mostra publishes images to Threads, not videos yet: remove the video."),
                permanent=True,
            )
        text = outgoing.text
        if not outgoing.media:
            data = {"media_type": "TEXT", "text": text}
            if outgoing.link:
                data["link_attachment"] = outgoing.link
            return data
        if outgoing.link and outgoing.link not in text:
            text = f"{text}\n\n{outgoing.link}"
        urls = [public_media_url(m, LABEL) for m in outgoing.media]
        if len(urls) == 1:
            return {
                "media_type": "IMAGE",
                "image_url": urls[0],
                "text": text,
                "alt_text": outgoing.media[0].alt_text,
            }
        children = [
            str(
                self._call(
                    "POST",
                    f"{self.user_id}/threads",
                    data={
                        "media_type": "IMAGE",
                        "image_url": url,
                        "is_carousel_item": "true",
                        "alt_text": m.alt_text,
                    },
                )["id"]
            )
            for url, m in zip(urls, outgoing.media, strict=True)
        ]
        return {"media_type": "CAROUSEL", "children": ",".join(children), "text": text}

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        first = self._publish_one(self._first(outgoing))
        ref = RemoteRef(remote_id=first, url=self._permalink(first))
        previous = first
        for part in outgoing.thread:
            try:
                previous = self._publish_one(
                    {"media_type": "TEXT", "text": part, "reply_to_id": previous}
                )
            except TransportError as exc:
                raise TransportError(
                    _(
                        "The first post of the thread is on Threads (%(url)s) but a reply "
                        "failed (%(error)s): the rest of the thread was not published."
                    )
                    % {"url": ref.url, "error": exc.message},
                    unknown_outcome=True,
                    code="thread_incomplete",
                ) from exc
        if outgoing.first_comment:
            try:
                self._publish_one(
                    {"media_type": "TEXT", "text": outgoing.first_comment, "reply_to_id": first}
                )
            except TransportError as exc:
                logger.warning("Threads post %s: the first comment failed: %s", first, exc.message)
        return ref

    def _permalink(self, media_id: str) -> str:
        try:
            return str(self._call("GET", media_id, params={"fields": "permalink"})["permalink"])
        except (TransportError, KeyError):
            return ""

    def delete(self, ref: RemoteRef) -> None:
        response = api_call(
            self.client, "DELETE", threads_url(ref.remote_id), label=LABEL, headers=self._headers()
        )
        if response.status_code == 404 or (
            response.status_code == 400 and json_of(response).get("error", {}).get("code") == 100
        ):
            return
        checked(response, LABEL)

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        snapshots = []
        for ref in refs:
            data = self._call("GET", f"{ref.remote_id}/insights", params={"metric": METRICS})
            values = {
                item.get("name"): (item.get("values") or [{}])[0].get("value")
                for item in data.get("data", [])
            }
            snapshots.append(
                Snapshot(
                    remote_id=ref.remote_id,
                    impressions=values.get("views"),
                    likes=values.get("likes"),
                    replies=values.get("replies"),
                    reposts=values.get("reposts"),
                    quotes=values.get("quotes"),
                    raw=values,
                )
            )
        return snapshots

    def fetch_account(self) -> AccountFigures:
        data = self._call(
            "GET", f"{self.user_id}/threads_insights", params={"metric": "followers_count"}
        )
        for item in data.get("data", []):
            if item.get("name") == "followers_count":
                return AccountFigures(followers=(item.get("total_value") or {}).get("value"))
        return AccountFigures()

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        data = self._call(
            "GET",
            f"{self.user_id}/threads",
            params={"fields": "id,text,timestamp,permalink", "limit": "25"},
        )
        for post in data.get("data", []):
            if same_text(outgoing.text, str(post.get("text") or "")) and near(
                outgoing.created_at, parse_time(post.get("timestamp"))
            ):
                return RemoteRef(remote_id=str(post["id"]), url=str(post.get("permalink") or ""))
        return None
