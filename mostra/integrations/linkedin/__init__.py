"""LinkedIn members and organisation pages through the Posts API (versioned REST API).

- publish: ``POST /rest/posts`` (author ``urn:li:person:…`` or ``urn:li:organization:…``,
  commentary escaped in LinkedIn's "little text" format, public, main feed); the new
  post's URN is the ``x-restli-id`` header;
- images: ``POST /rest/images?action=initializeUpload`` then ``PUT`` of the file to the
  returned upload address; one image is ``content.media``, several ``content.multiImage``,
  each with its ``altText``; a link without images is ``content.article``;
- first comment: ``POST /rest/socialActions/{urn}/comments``;
- delete: ``DELETE /rest/posts/{urn}``;
- metrics: ``organizationalEntityShareStatistics`` for pages, ``socialActions`` (likes
  and comments) for members; followers of a page from ``networkSizes``;
- reconciliation: ``GET /rest/posts?q=author`` (the author's recent posts).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
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
from mostra.integrations.calls import api_call, near, parse_time, same_text
from mostra.integrations.linkedin.calls import LABEL, check, rest_headers, rest_url, urn_path
from mostra.integrations.store import store
from mostra.integrations.uploads import FileBody

logger = logging.getLogger(__name__)
#: Characters LinkedIn's "little text" format reserves; unescaped, they cut posts short.
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def little_text(text: str) -> str:
    """Escape a plain text for the Posts API's ``commentary``."""
    return _RESERVED.sub(r"\\\1", text)


@register
class LinkedInAccount(Integration):
    network = "linkedin"
    supports_first_comment = True

    @property
    def author(self) -> str:
        return self.account.external_id

    @property
    def is_page(self) -> bool:
        return self.author.startswith("urn:li:organization:")

    def _headers(self) -> dict[str, str]:
        return rest_headers(store().fresh_access_token(self.account, self.client))

    def _send(
        self, method: str, path: str, *, mutation: bool = False, **options: Any
    ) -> httpx.Response:
        headers = {**self._headers(), **options.pop("headers", {})}
        response = api_call(
            self.client,
            method,
            rest_url(path),
            label=LABEL,
            mutation=mutation,
            headers=headers,
            **options,
        )
        check(response)
        return response

    def _upload(self, media: OutgoingMedia) -> dict[str, str]:
        if not media.mime_type.startswith("image/"):
            raise TransportError(
                _("mostra publishes images to LinkedIn, not videos yet: remove the video."),
                permanent=True,
            )
        value = self._send(
            "POST",
            "images?action=initializeUpload",
            json={"initializeUploadRequest": {"owner": self.author}},
        ).json()["value"]
        body = FileBody(media.path)  # read by the chunk, never whole in memory
        response = api_call(
            self.client,
            "PUT",
            value["uploadUrl"],
            label=LABEL,
            content=body,
            headers={**self._headers(), **body.headers, "Content-Type": media.mime_type},
        )
        check(response)
        return {"id": str(value["image"]), "altText": media.alt_text[:4086]}

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        body: dict[str, Any] = {
            "author": self.author,
            "commentary": little_text(outgoing.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        images = [self._upload(m) for m in outgoing.media]
        if len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        if outgoing.link:
            if images:
                if outgoing.link not in outgoing.text:
                    body["commentary"] += "\n\n" + little_text(outgoing.link)
            else:
                title = (outgoing.text.strip().splitlines() or [outgoing.link])[0][:200]
                body["content"] = {"article": {"source": outgoing.link, "title": title}}
        response = self._send("POST", "posts", mutation=True, json=body)
        urn = response.headers.get("x-restli-id", "")
        if not urn:
            raise TransportError(
                _("LinkedIn accepted the post but gave no id: check the page before retrying."),
                unknown_outcome=True,
                code="no_id",
            )
        ref = RemoteRef(remote_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")
        if outgoing.first_comment:
            try:
                self._send(
                    "POST",
                    f"socialActions/{urn_path(urn)}/comments",
                    json={
                        "actor": self.author,
                        "object": urn,
                        "message": {"text": outgoing.first_comment},
                    },
                )
            except TransportError as exc:
                logger.warning("LinkedIn post %s: the first comment failed: %s", urn, exc.message)
        return ref

    def delete(self, ref: RemoteRef) -> None:
        response = api_call(
            self.client,
            "DELETE",
            rest_url(f"posts/{urn_path(ref.remote_id)}"),
            label=LABEL,
            headers={**self._headers(), "X-RestLi-Method": "DELETE"},
        )
        if response.status_code != 404:
            check(response)

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        if not refs:
            return []
        if self.is_page:
            return self._page_metrics(refs)
        snapshots = []
        for ref in refs:
            data = self._send("GET", f"socialActions/{urn_path(ref.remote_id)}").json()
            snapshots.append(
                Snapshot(
                    remote_id=ref.remote_id,
                    likes=(data.get("likesSummary") or {}).get("totalLikes"),
                    replies=(data.get("commentsSummary") or {}).get("aggregatedTotalComments"),
                    raw=data,
                )
            )
        return snapshots

    def _page_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        shares = [r.remote_id for r in refs if r.remote_id.startswith("urn:li:share:")]
        ugc = [r.remote_id for r in refs if not r.remote_id.startswith("urn:li:share:")]
        query = f"q=organizationalEntity&organizationalEntity={urn_path(self.author)}"
        if shares:
            query += "&shares=List(" + ",".join(urn_path(u) for u in shares) + ")"
        if ugc:
            query += "&ugcPosts=List(" + ",".join(urn_path(u) for u in ugc) + ")"
        data = self._send("GET", f"organizationalEntityShareStatistics?{query}").json()
        snapshots = []
        for element in data.get("elements", []):
            stats = element.get("totalShareStatistics") or {}
            snapshots.append(
                Snapshot(
                    remote_id=str(element.get("share") or element.get("ugcPost") or ""),
                    likes=stats.get("likeCount"),
                    replies=stats.get("commentCount"),
                    reposts=stats.get("shareCount"),
                    impressions=stats.get("impressionCount"),
                    reach=stats.get("uniqueImpressionsCount"),
                    clicks=stats.get("clickCount"),
                    raw=stats,
                )
            )
        return snapshots

    def fetch_account(self) -> AccountFigures:
        if not self.is_page:
            return AccountFigures()  # LinkedIn gives applications no member's follower count
        data = self._send(
            "GET", f"networkSizes/{urn_path(self.author)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
        ).json()
        return AccountFigures(followers=data.get("firstDegreeSize"))

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        data = self._send(
            "GET",
            f"posts?author={urn_path(self.author)}&q=author&count=20&sortBy=LAST_MODIFIED",
            headers={"X-RestLi-Method": "FINDER"},
        ).json()
        for post in data.get("elements", []):
            if same_text(outgoing.text, str(post.get("commentary") or "")) and near(
                outgoing.created_at, parse_time(post.get("createdAt"))
            ):
                urn = str(post["id"])
                return RemoteRef(remote_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")
        return None
