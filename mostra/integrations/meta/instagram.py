"""Instagram professional accounts through the Graph API (Instagram API with Facebook Login).

Publishing takes two steps, and Instagram fetches each image itself:

1. a container per image: ``POST /{ig-user-id}/media`` with ``image_url`` (a public,
   signed, expiring address of the file on mostra: MOSTRA_BASE_URL must be public),
   ``alt_text`` and the caption; several images make a carousel (children with
   ``is_carousel_item``, then a ``CAROUSEL`` container);
2. mostra first reads the account's ``content_publishing_limit`` (posts of the last 24
   hours against the quota), then polls the container's ``status_code`` until ``FINISHED``, then
   ``POST /{ig-user-id}/media_publish`` with ``creation_id``.

Instagram needs media (JPEG images here), limits the posts per account per 24 hours
(error subcode 2207042: tried again an hour later) and offers no deletion to applications.
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
from mostra.integrations.calls import near, parse_time, same_text
from mostra.integrations.meta.account import GraphAccount
from mostra.integrations.meta.graph import graph_url, public_media_url, wait_until_ready

logger = logging.getLogger(__name__)
LABEL = "Instagram"


@register
class InstagramAccount(GraphAccount):
    label = LABEL
    url = staticmethod(graph_url)
    network = "instagram"
    supports_first_comment = True
    #: Container polling: how many times, how long apart (tests set 0).
    polls: ClassVar[int] = 20
    poll_interval: ClassVar[float] = 3.0
    sleep: ClassVar[staticmethod[[float], None]] = staticmethod(time.sleep)

    @property
    def ig_id(self) -> str:
        return self.account.external_id

    def _container(self, data: dict[str, str]) -> str:
        return str(self._call("POST", f"{self.ig_id}/media", data=data)["id"])

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        if not outgoing.media:
            raise TransportError(
                _("Instagram needs at least one image: add one to this variant."),
                permanent=True,
            )
        if any(m.mime_type != "image/jpeg" for m in outgoing.media):
            raise TransportError(
                _(
                    "Instagram accepts JPEG images only (mostra does not publish videos to "
                    "Instagram yet): replace the other files."
                ),
                permanent=True,
            )
        caption = outgoing.text
        if outgoing.link and outgoing.link not in caption:
            caption = f"{caption}\n\n{outgoing.link}"
        urls = [public_media_url(m, LABEL) for m in outgoing.media]
        self._check_quota()
        if len(urls) == 1:
            container = self._container(
                {"image_url": urls[0], "caption": caption, "alt_text": outgoing.media[0].alt_text}
            )
        else:
            children = [
                self._container(
                    {"image_url": url, "is_carousel_item": "true", "alt_text": m.alt_text}
                )
                for url, m in zip(urls, outgoing.media, strict=True)
            ]
            container = self._container(
                {"media_type": "CAROUSEL", "children": ",".join(children), "caption": caption}
            )
        wait_until_ready(
            lambda: self._call("GET", container, params={"fields": "status_code,status"}),
            label=LABEL,
            field="status_code",
            polls=self.polls,
            interval=self.poll_interval,
            sleep=self.sleep,
        )
        media_id = str(
            self._call(
                "POST",
                f"{self.ig_id}/media_publish",
                mutation=True,
                data={"creation_id": container},
            )["id"]
        )
        ref = RemoteRef(remote_id=media_id, url=self._permalink(media_id))
        if outgoing.first_comment:
            try:
                self._call("POST", f"{media_id}/comments", data={"message": outgoing.first_comment})
            except TransportError as exc:
                logger.warning(
                    "Instagram media %s: the first comment failed: %s", media_id, exc.message
                )
        return ref

    def _check_quota(self) -> None:
        """Wait rather than fail when the account used its posts of the last 24 hours
        (``content_publishing_limit``: ``quota_usage`` against ``config.quota_total``)."""
        data = self._call(
            "GET",
            f"{self.ig_id}/content_publishing_limit",
            params={"fields": "quota_usage,config"},
        ).get("data") or [{}]
        usage = data[0].get("quota_usage")
        total = (data[0].get("config") or {}).get("quota_total")
        if isinstance(usage, int) and isinstance(total, int) and usage >= total:
            raise TransportError(
                _(
                    "This Instagram account published its %(total)d posts of the last 24 "
                    "hours: mostra tries again in an hour."
                )
                % {"total": total},
                retry_after=3600.0,
                code="daily_limit",
            )

    def _permalink(self, media_id: str) -> str:
        try:
            return str(self._call("GET", media_id, params={"fields": "permalink"})["permalink"])
        except (TransportError, KeyError):
            return ""

    def delete(self, ref: RemoteRef) -> None:
        raise TransportError(
            _("Instagram does not let applications delete posts: delete it in the Instagram app."),
            permanent=True,
            code="not_supported",
        )

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        snapshots = []
        for ref in refs:
            counts = self._call(
                "GET", ref.remote_id, params={"fields": "like_count,comments_count"}
            )
            insights = self._call(
                "GET", f"{ref.remote_id}/insights", params={"metric": "reach,saved,shares,views"}
            )
            values = {
                item.get("name"): (item.get("values") or [{}])[0].get("value")
                for item in insights.get("data", [])
            }
            snapshots.append(
                Snapshot(
                    remote_id=ref.remote_id,
                    likes=counts.get("like_count"),
                    replies=counts.get("comments_count"),
                    reach=values.get("reach"),
                    saves=values.get("saved"),
                    reposts=values.get("shares"),
                    impressions=values.get("views"),
                    raw={"fields": counts, "insights": values},
                )
            )
        return snapshots

    def fetch_account(self) -> AccountFigures:
        data = self._call(
            "GET", self.ig_id, params={"fields": "followers_count,follows_count,media_count"}
        )
        return AccountFigures(
            followers=data.get("followers_count"),
            following=data.get("follows_count"),
            posts=data.get("media_count"),
        )

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        data = self._call(
            "GET",
            f"{self.ig_id}/media",
            params={"fields": "id,caption,timestamp,permalink", "limit": "25"},
        )
        for media in data.get("data", []):
            if same_text(outgoing.text, str(media.get("caption") or "")) and near(
                outgoing.created_at, parse_time(media.get("timestamp"))
            ):
                return RemoteRef(remote_id=str(media["id"]), url=str(media.get("permalink") or ""))
        return None
