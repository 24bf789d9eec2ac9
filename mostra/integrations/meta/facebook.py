"""Facebook Pages through the Graph API, with the Page's own token.

- text and link: ``POST /{page-id}/feed`` (``message``, ``link``);
- images: each uploaded unpublished with ``POST /{page-id}/photos`` (the file itself,
  with ``alt_text_custom``), then attached to the feed post with ``attached_media``;
- first comment: ``POST /{post-id}/comments``;
- metrics: reactions, comments and shares counts, plus the post's insights;
- reconciliation: the Page's recent posts (``/{page-id}/posts``), matched on the text.
"""

from __future__ import annotations

import json
import logging
from typing import Any

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
from mostra.integrations.meta.graph import checked, graph_error, graph_url

logger = logging.getLogger(__name__)
LABEL = "Facebook"


def _count(data: dict[str, Any], *keys: str) -> int | None:
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return int(value) if isinstance(value, int) else None


@register
class FacebookPage(GraphAccount):
    label = LABEL
    url = staticmethod(graph_url)
    network = "facebook"
    supports_first_comment = True

    @property
    def page_id(self) -> str:
        return self.account.external_id

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        data: dict[str, str] = {"message": outgoing.text}
        photos = [m for m in outgoing.media if m.mime_type.startswith("image/")]
        if len(photos) != len(outgoing.media):
            raise TransportError(
                _("mostra publishes images to Facebook Pages, not videos yet: remove the video."),
                permanent=True,
            )
        for index, media in enumerate(photos):
            with media.path.open("rb") as handle:  # read by the chunk, never whole
                photo = self._call(
                    "POST",
                    f"{self.page_id}/photos",
                    data={"published": "false", "alt_text_custom": media.alt_text},
                    files={"source": (media.path.name, handle, media.mime_type)},
                )
            data[f"attached_media[{index}]"] = json.dumps({"media_fbid": str(photo["id"])})
        if outgoing.link:
            if photos and outgoing.link not in outgoing.text:
                data["message"] = f"{outgoing.text}\n\n{outgoing.link}"
            elif not photos:
                data["link"] = outgoing.link
        post_id = str(self._call("POST", f"{self.page_id}/feed", mutation=True, data=data)["id"])
        ref = RemoteRef(remote_id=post_id, url=self._permalink(post_id))
        if outgoing.first_comment:
            try:
                self._call("POST", f"{post_id}/comments", data={"message": outgoing.first_comment})
            except TransportError as exc:
                logger.warning(
                    "Facebook post %s: the first comment failed: %s", post_id, exc.message
                )
        return ref

    def _permalink(self, post_id: str) -> str:
        try:
            return str(
                self._call("GET", post_id, params={"fields": "permalink_url"})["permalink_url"]
            )
        except (TransportError, KeyError):
            return f"https://www.facebook.com/{post_id}"

    def delete(self, ref: RemoteRef) -> None:
        response = api_call(
            self.client, "DELETE", graph_url(ref.remote_id), label=LABEL, headers=self._headers()
        )
        if response.status_code == 404 or (
            response.status_code == 400 and json_of(response).get("error", {}).get("code") == 100
        ):
            return  # already gone
        checked(response, LABEL)

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        snapshots = []
        for ref in refs:
            counts = self._call(
                "GET",
                ref.remote_id,
                params={
                    "fields": "reactions.summary(total_count).limit(0),"
                    "comments.summary(total_count).limit(0),shares"
                },
            )
            snapshot = Snapshot(
                remote_id=ref.remote_id,
                likes=_count(counts, "reactions", "summary", "total_count"),
                replies=_count(counts, "comments", "summary", "total_count"),
                reposts=_count(counts, "shares", "count") or 0,
                raw={"fields": counts},
            )
            insights = api_call(
                self.client,
                "GET",
                graph_url(f"{ref.remote_id}/insights"),
                label=LABEL,
                params={"metric": "post_impressions,post_impressions_unique,post_clicks"},
                headers=self._headers(),
            )
            if insights.status_code < 400:
                values = {
                    item.get("name"): (item.get("values") or [{}])[0].get("value")
                    for item in json_of(insights).get("data", [])
                }
                snapshot.impressions = values.get("post_impressions")
                snapshot.reach = values.get("post_impressions_unique")
                snapshot.clicks = values.get("post_clicks")
                snapshot.raw["insights"] = values
            elif insights.status_code == 401:
                raise graph_error(insights, LABEL)
            snapshots.append(snapshot)
        return snapshots

    def fetch_account(self) -> AccountFigures:
        data = self._call("GET", self.page_id, params={"fields": "followers_count,fan_count"})
        followers = data.get("followers_count", data.get("fan_count"))
        return AccountFigures(followers=followers if isinstance(followers, int) else None)

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        data = self._call(
            "GET",
            f"{self.page_id}/posts",
            params={"fields": "id,message,created_time,permalink_url", "limit": "25"},
        )
        for post in data.get("data", []):
            if same_text(outgoing.text, str(post.get("message") or "")) and near(
                outgoing.created_at, parse_time(post.get("created_time"))
            ):
                return RemoteRef(
                    remote_id=str(post["id"]), url=str(post.get("permalink_url") or "")
                )
        return None
