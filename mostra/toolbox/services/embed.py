"""The website kit's latest-posts list, served by the instance to anyone holding the
workspace's embed token: published posts' public text and links, nothing else.

The token is unguessable (24 random bytes) and the owner may rotate it: the old one then
answers 404 at once. The list is cached per version of the workspace's data
(:class:`~mostra.core.figures_cache.Figures`), so a publication shows at its next view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction

from mostra.core import audit
from mostra.core.figures_cache import Figures
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, require
from mostra.publishing.models import Publication, PublicationState
from mostra.strategy import networks
from mostra.toolbox.models import EmbedKey, new_token

#: Posts the list shows at most.
LATEST = 10
#: Characters of a post's text the list keeps.
TEXT_KEPT = 500


@dataclass(frozen=True)
class PublicPost:
    published_at: str
    network: str
    network_label: str
    text: str
    #: The post on its network.
    url: str
    #: The link the post carries, if any.
    link: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def key_for(workspace: Workspace) -> EmbedKey:
    key, _created = EmbedKey.objects.get_or_create(workspace=workspace)
    return key


@transaction.atomic
def rotate(actor: Membership, *, ip_address: str | None = None) -> EmbedKey:
    """A new token: pages embedding the old one show nothing (404) until updated."""
    require(actor, Perm.EDIT_WORKSPACE)
    key = key_for(actor.workspace)
    key.token = new_token()
    key.save(update_fields=["token", "rotated_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=key,
        label="embed token rotated",
        ip_address=ip_address,
    )
    return key


def workspace_of(token: str) -> Workspace | None:
    if not token or len(token) > 64:
        return None
    key = EmbedKey.objects.filter(token=token).select_related("workspace").first()
    return key.workspace if key is not None else None


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= TEXT_KEPT else text[: TEXT_KEPT - 1].rstrip() + "…"


def _compute(workspace_id: int) -> list[PublicPost]:
    rows = (
        Publication.objects.filter(
            variant__post__workspace_id=workspace_id,
            state=PublicationState.PUBLISHED,
            published_at__isnull=False,
        )
        .exclude(variant__post__is_reply=True)  # answers in others' conversations
        .select_related("variant")
        .only(
            "published_at",
            "remote_url",
            "variant__text",
            "variant__link",
            "variant__network",
            "variant__post_id",
        )
        .order_by("-published_at", "-id")[: LATEST * 4]
    )
    seen: set[int] = set()
    out: list[PublicPost] = []
    for pub in rows:
        variant = pub.variant
        if variant.post_id in seen:
            continue
        seen.add(variant.post_id)
        published = pub.published_at or dt.datetime.min.replace(tzinfo=dt.UTC)
        out.append(
            PublicPost(
                published_at=published.isoformat(),
                network=variant.network,
                network_label=networks.label(variant.network),
                text=_excerpt(variant.text),
                url=pub.remote_url,
                link=variant.link,
            )
        )
        if len(out) >= LATEST:
            break
    return out


def latest_posts(workspace: Workspace) -> list[PublicPost]:
    """The workspace's latest published posts, newest first (cached per data version)."""
    return Figures(workspace.pk).get(
        "toolbox.latest_posts", (LATEST,), lambda: _compute(workspace.pk)
    )
