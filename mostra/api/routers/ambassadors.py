"""The ambassador and influencer programme: the roster (members, their accounts, a
member's data exported), the campaigns' briefs and the tracked posts.

Every member of the workspace reads them; editors, managers and owners change them (the
services of :mod:`mostra.ambassadors.services`: the same as the pages and
``mostra ambassadors``). Each part keeps its routes in its own section below.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from mostra.ambassadors.models import InfluenceCampaign, Member, TrackedPost
from mostra.ambassadors.services import compliance, tracked_posts
from mostra.api.access import member
from mostra.api.schemas.ambassador_posts import CheckIn, CheckOut, TrackedPostIn, TrackedPostOut
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.core.errors import DomainError
from mostra.core.permissions import Perm
from mostra.listening.enrichment.workspace_languages import workspace_languages
from mostra.strategy import networks

router = Router(tags=["ambassadors"])


# --- Tracked posts and the disclosure check (POSTS) ----------------------------------

POSTS = "/workspaces/{slug}/ambassador-posts"


def _post_data(post: TrackedPost) -> dict[str, Any]:
    return {
        "id": post.pk,
        "member_id": post.member_id,
        "member": post.member.name,
        "campaign_id": post.campaign_id,
        "network": post.network,
        "network_id": post.network_id,
        "url": post.url,
        "text": post.text,
        "published_at": post.published_at,
        "source": post.source,
        "likes": post.likes,
        "reposts": post.reposts,
        "replies": post.replies,
        "quotes": post.quotes,
        "reach": post.reach,
        "engagements": post.engagements,
        "compliance": post.compliance,
        "findings": post.findings,
        "checked_at": post.checked_at,
    }


@router.get(POSTS, response={200: list[TrackedPostOut], **NOT_FOUND})
def list_ambassador_posts(
    request: HttpRequest,
    slug: str,
    member_id: int | None = None,
    campaign_id: int | None = None,
    compliance: str = "",
) -> list[dict[str, Any]]:
    """The programme's tracked posts, newest first; filters: member, campaign and
    compliance (``n/a``, ``compliant``, ``non-compliant``)."""
    workspace = member(request, slug).workspace
    posts = tracked_posts.posts_of(
        workspace, member=member_id, campaign=campaign_id, compliance=compliance
    )
    return [_post_data(p) for p in posts]


@router.post(POSTS, response={201: TrackedPostOut, **INVALID})
def track_ambassador_post(request: HttpRequest, slug: str, payload: TrackedPostIn) -> Status:
    """Track a member's post by its address (editors, managers, owners): read at once,
    attributed to a campaign and checked."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    workspace = membership.workspace
    chosen = campaign = None
    if payload.member_id is not None:
        chosen = Member.objects.filter(workspace=workspace, pk=payload.member_id).first()
        if chosen is None:
            raise Http404
    if payload.campaign_id is not None:
        campaign = InfluenceCampaign.objects.filter(
            workspace=workspace, pk=payload.campaign_id
        ).first()
        if campaign is None:
            raise Http404
    post = tracked_posts.track_url(membership, payload.url, member=chosen, campaign=campaign)
    return Status(201, _post_data(post))


@router.post(f"{POSTS}/check", response={200: CheckOut, **INVALID})
def check_ambassador_post(request: HttpRequest, slug: str, payload: CheckIn) -> dict[str, Any]:
    """Check a text for the disclosure the law asks of a paid or gifted post (French:
    loi n° 2023-451 art. 5; English: the FTC); nothing is stored."""
    membership = member(request, slug)
    if networks.get(payload.network) is None:
        raise DomainError(_("Unknown network “%(network)s”.") % {"network": payload.network})
    result = compliance.check_text(
        payload.text,
        payload.compensation,
        language=payload.lang,
        fallback_language=workspace_languages(membership.workspace)[0],
        image_retouched=payload.image_retouched,
        image_virtual=payload.image_virtual,
    )
    return {
        "compliance": result.compliance,
        "language": result.language,
        "findings": result.findings_data(),
    }


@router.get(f"{POSTS}/{{post_id}}", response={200: TrackedPostOut, **NOT_FOUND})
def get_ambassador_post(request: HttpRequest, slug: str, post_id: int) -> dict[str, Any]:
    """One tracked post with its compliance findings."""
    workspace = member(request, slug).workspace
    post = tracked_posts.posts_of(workspace).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return _post_data(post)
