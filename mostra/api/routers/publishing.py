"""Publishing by hand: add such an account, read a post's publications, and say that a
publication by hand was published (its address, checked against the network's) or
skipped (with a reason).

The same services as the pages and the command line
(:mod:`mostra.publishing.services.by_hand`): adding an account needs a manager's or an
owner's right, closing a publication the right to publish (editors up); a refusal
answers 422 with its message.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND, Id
from mostra.api.schemas.publishing import (
    AccountOut,
    ByHandAccountIn,
    PostPublicationsOut,
    PublicationOut,
    PublishedIn,
    SkipIn,
)
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.editorial.models import Post
from mostra.publishing.models import Publication
from mostra.publishing.services import by_hand

router = Router(tags=["publishing"])
BASE = "/workspaces/{slug}"


def publication_out(publication: Publication) -> dict[str, Any]:
    return {
        "id": publication.pk,
        "network": publication.variant.network,
        "account": publication.account.handle,
        "by_hand": publication.account.by_hand,
        "state": publication.state,
        "state_label": str(publication.get_state_display()),
        "due_at": publication.due_at,
        "published_at": publication.published_at,
        "url": publication.remote_url or None,
        "reason": publication.error_message or None,
    }


def _publication(membership: Membership, pk: int) -> Publication:
    publication = (
        Publication.objects.select_related("account", "variant__post")
        .filter(pk=pk, variant__post__workspace_id=membership.workspace_id)
        .first()
    )
    if publication is None:
        raise Http404
    return publication


@router.post(BASE + "/accounts/by-hand", response={201: AccountOut, **INVALID})
def add_by_hand_account(request: HttpRequest, slug: str, payload: ByHandAccountIn) -> Status:
    """Add an account published by hand on one of the strategy's networks (or change
    its responsible when it exists): at each post's time, the responsible member is told
    to publish it."""
    membership = member(request, slug, Perm.EDIT_WORKSPACE)
    account = by_hand.add_account(membership, payload.network, payload.handle, payload.responsible)
    return Status(
        201,
        {
            "id": account.pk,
            "network": account.network,
            "handle": account.handle,
            "by_hand": True,
            "responsible": account.responsible.email if account.responsible else None,
        },
    )


@router.get(BASE + "/posts/{pk}/publications", response={200: PostPublicationsOut, **NOT_FOUND})
def list_post_publications(request: HttpRequest, slug: str, pk: Id) -> dict[str, Any]:
    """The post's status and each of its publications: state, account, times, link."""
    membership = member(request, slug)
    post = Post.objects.filter(pk=pk, workspace_id=membership.workspace_id).first()
    if post is None:
        raise Http404
    rows = (
        Publication.objects.filter(variant__post=post)
        .select_related("account", "variant")
        .order_by("variant__position", "variant_id")
    )
    return {
        "post": post.pk,
        "status": post.status,
        "publications": [publication_out(p) for p in rows],
    }


@router.post(BASE + "/publications/{pk}/published", response={200: PublicationOut, **INVALID})
def mark_by_hand_published(
    request: HttpRequest, slug: str, pk: Id, payload: PublishedIn
) -> dict[str, Any]:
    """A publication by hand was published: the post's address on the network (checked
    against its addresses, with an example when it does not fit)."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    publication = _publication(membership, pk)
    if payload.published_at is not None and payload.published_at.utcoffset() is None:
        raise DomainError(
            _("Give the time with its UTC offset, e.g. 2026-05-12T10:00:00+02:00 or …Z."),
            field="published_at",
        )
    by_hand.mark_published(publication, membership, payload.url, payload.published_at)
    return publication_out(_publication(membership, pk))


@router.post(BASE + "/publications/{pk}/skip", response={200: PublicationOut, **INVALID})
def skip_by_hand_publication(
    request: HttpRequest, slug: str, pk: Id, payload: SkipIn
) -> dict[str, Any]:
    """Not published on this network after all: the reason, which the team reads."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    publication = _publication(membership, pk)
    by_hand.skip(publication, membership, payload.reason)
    return publication_out(_publication(membership, pk))
