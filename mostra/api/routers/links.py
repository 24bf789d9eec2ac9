"""Tracked links: list, create, change the destination or the end date, disable; and
their clicks over a period.

Every member reads them; editors, managers and owners change them
(:mod:`mostra.links.services.links`: the same service as the Links page and
``mostra link``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.links import ClickStatsOut, LinkIn, LinkOut, LinkPatch, TaggingOut
from mostra.core.errors import DomainError
from mostra.core.models.membership import Membership
from mostra.core.permissions import Perm
from mostra.editorial.models import Post
from mostra.links import cache
from mostra.links.models import TrackedLink
from mostra.links.services import links as service
from mostra.links.services.post_tagging import tag_post_links
from mostra.links.services.stats import clicks

router = Router(tags=["links"])
BASE = "/workspaces/{slug}/links"


def link_data(link: TrackedLink, request: Any = None) -> dict[str, Any]:
    return {
        "id": link.pk,
        "code": link.code,
        "short_url": service.short_url(link, request),
        "target": link.target,
        "final_url": service.final_url(link),
        "label": link.label,
        "utm_source": link.utm_source,
        "utm_medium": link.utm_medium,
        "utm_campaign": link.utm_campaign,
        "utm_content": link.utm_content,
        "network": link.network,
        "support": link.support,
        "post_id": link.post_id,
        "parent_id": link.parent_id,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "disabled_at": link.disabled_at,
        "live": link.is_live(),
    }


def _found(membership: Membership, link_id: int) -> TrackedLink:
    link = TrackedLink.objects.for_workspace(membership.workspace).filter(pk=link_id).first()
    if link is None:
        raise Http404
    return link


@router.get(BASE, response={200: list[LinkOut], **NOT_FOUND})
def list_links(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The workspace's tracked links, newest first."""
    workspace = member(request, slug).workspace
    return [link_data(link, request) for link in TrackedLink.objects.for_workspace(workspace)]


@router.post(BASE, response={201: LinkOut, **INVALID})
def create_tracked_link(request: HttpRequest, slug: str, payload: LinkIn) -> Status:
    """Create a tracked link (editors, managers, owners). Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    workspace = membership.workspace
    post = parent = None
    if payload.post_id is not None:
        post = Post.objects.filter(workspace=workspace, pk=payload.post_id).first()
        if post is None:
            raise Http404
    if payload.parent_id is not None:
        parent = _found(membership, payload.parent_id)
    link = service.create_link(
        membership,
        payload.target,
        medium=payload.medium,
        campaign=payload.campaign,
        content=payload.content,
        post=post,
        network=payload.network,
        support=payload.support,
        parent=parent,
        expires_at=payload.expires_at,
        label=payload.label,
    )
    return Status(201, link_data(link, request))


@router.get(f"{BASE}/clicks", response={200: ClickStatsOut, **NOT_FOUND})
def link_clicks(
    request: HttpRequest, slug: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Clicks and daily unique visitors per link, day, medium, support, post and
    campaign, from ``start`` to ``end`` (default: the last 30 days)."""
    workspace = member(request, slug).workspace
    last = end or timezone.localdate()
    stats = clicks(workspace, start or last - dt.timedelta(days=29), last)
    return {
        "start": stats.start,
        "end": stats.end,
        "clicks": stats.clicks,
        "uniques": stats.uniques,
        "links": [
            {"code": f.code, "clicks": f.clicks, "uniques": f.uniques, "by_day": f.by_day}
            for f in stats.links
        ],
        "days": [vars(d) for d in stats.days],
        "by_medium": [vars(g) for g in stats.by_medium],
        "by_support": [vars(g) for g in stats.by_support],
        "by_post": [vars(g) for g in stats.by_post],
        "by_campaign": [vars(g) for g in stats.by_campaign],
    }


@router.patch(f"{BASE}/{{link_id}}", response={200: LinkOut, **INVALID})
def update_tracked_link(
    request: HttpRequest, slug: str, link_id: int, payload: LinkPatch
) -> dict[str, Any]:
    """A new destination, new UTM tags (medium, source, campaign, content: the short
    code stays), or a new end date; all or nothing. Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    link = _found(membership, link_id)
    try:
        with transaction.atomic():
            if payload.target is not None:
                link = service.change_target(membership, link, payload.target)
            link = service.change_tags(
                membership,
                link,
                medium=payload.medium,
                source=payload.source,
                campaign=payload.campaign,
                content=payload.content,
            )
            if payload.expires_at is not None or payload.clear_expiry:
                link = service.set_expiry(membership, link, payload.expires_at)
    except DomainError:
        cache.forget(link.code)
        raise
    return link_data(link, request)


@router.post(f"{BASE}/{{link_id}}/disable", response={200: LinkOut, **INVALID})
def disable_tracked_link(request: HttpRequest, slug: str, link_id: int) -> dict[str, Any]:
    """The short link answers "gone" from now on; its clicks are kept. Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    return link_data(service.disable(membership, _found(membership, link_id)), request)


@router.post(f"{BASE}/posts/{{post_id}}/tag", response={200: TaggingOut, **INVALID})
def tag_post(request: HttpRequest, slug: str, post_id: int) -> dict[str, Any]:
    """Replace the post's addresses the charter flags as untagged by tracked links (per
    network, campaign from its objective); the post saved as a new version. A second
    call creates nothing (editors, managers, owners). Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    post = (
        Post.objects.filter(workspace=membership.workspace, pk=post_id)
        .select_related("tactic__strategy__objective")
        .first()
    )
    if post is None:
        raise Http404
    done = tag_post_links(membership, post)
    return {
        "replaced": done.replaced,
        "created": done.created,
        "reused": done.reused,
        "left": done.left,
        "links": [
            link_data(link, request)
            for link in TrackedLink.objects.filter(post=post).order_by("created_at", "pk")
        ],
    }
