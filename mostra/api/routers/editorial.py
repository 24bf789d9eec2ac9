"""Posts: list, read, write and move them through the approval workflow; their review
(the team's comments, the approvers' decisions).

Posts are written through :mod:`mostra.editorial.services.posts` (the same rules as
the editor: a tactic, at least one network, locked once published) and change status
only through :func:`mostra.editorial.workflow.apply`. Every member can read; writing
needs the right to draft content; a refused transition answers 422 with its message.
Who may take which transition (submit, approve...) is decided by
:mod:`mostra.core.permissions`, through the workflow's guards.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND, Id, ValidationErrors
from mostra.api.schemas.editorial import (
    ActionOut,
    PostFilters,
    PostIn,
    PostOut,
    PostPage,
    PostPatch,
    TransitionIn,
    VariantIn,
    summary_out,
)
from mostra.api.schemas.review import CommentIn, CommentOut, DecisionOut
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.editorial import mentions, workflow
from mostra.editorial.models import Approval, ContentPillar, Post, PostComment, PostVariant
from mostra.editorial.services import approvals, post_create
from mostra.editorial.services import posts as service
from mostra.strategy.models import Tactic

router = Router(tags=["posts"])
BASE = "/workspaces/{slug}/posts"


def _posts(membership: Membership) -> QuerySet[Post]:
    """The workspace's posts with what their answer shows, in a fixed number of queries."""
    return (
        Post.objects.filter(workspace_id=membership.workspace_id)
        .select_related("workspace", "tactic", "pillar", "author")
        .prefetch_related(
            Prefetch("variants", queryset=PostVariant.objects.order_by("position", "id")),
            Prefetch("approvals", queryset=Approval.objects.order_by("created_at", "id")),
            "revisions",  # who changed the content: they may not approve it
            "variants__media",
        )
        .order_by(F("scheduled_at").asc(nulls_last=True), "id")
    )


def _one(membership: Membership, pk: int) -> Post:
    post = _posts(membership).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def _summary(post: Post) -> dict[str, Any]:
    return summary_out(
        post, workflow.approvals_needed(post), len(approvals.approvers_of_version(post))
    )


def _full(post: Post, membership: Membership) -> dict[str, Any]:
    return {
        **_summary(post),
        "main_text": post.main_text,
        "main_link": post.main_link,
        "variants": [
            {
                "network": v.network,
                "text": v.text,
                "link": v.link,
                "first_comment": v.first_comment,
                "overridden": v.overridden,
                "media": len(v.media.all()),
            }
            for v in post.variants.all()
        ],
        "actions": [t.action for t in workflow.allowed_actions(post, membership)],
    }


def _tactic(membership: Membership, key: str) -> Tactic:
    tactic = Tactic.objects.filter(workspace_id=membership.workspace_id, key=key).first()
    if tactic is None:
        raise DomainError(
            _("No tactic “%(key)s” in this workspace: use the id of one of its tactics.")
            % {"key": key},
            field="tactic",
        )
    return tactic


def _pillar(membership: Membership, name: str | None) -> ContentPillar | None:
    if not name:
        return None
    pillar = ContentPillar.objects.filter(workspace_id=membership.workspace_id, name=name).first()
    if pillar is None:
        raise DomainError(
            _("No content pillar named “%(name)s” in this workspace.") % {"name": name},
            field="pillar",
        )
    return pillar


def _variants(items: list[VariantIn], main_given: bool) -> list[service.VariantInput]:
    """The variants sent; one without text follows the main text (when one is sent or
    kept), as one that says ``overridden: false``."""
    return [
        service.VariantInput(
            network=v.network,
            text=v.text or "",
            link=v.link or "",
            first_comment=v.first_comment,
            overridden=(
                v.overridden
                if v.overridden is not None
                else (False if main_given and v.text is None and v.link is None else None)
            ),
        )
        for v in items
    ]


@router.get(BASE, response={200: PostPage, 422: ValidationErrors, **NOT_FOUND})
def list_posts(request: HttpRequest, slug: str, filters: Query[PostFilters]) -> dict[str, Any]:
    """Posts by date (undated last), ``limit`` from ``offset``; filter by ``status``,
    ``network`` and dates ``from`` (inclusive) ``to`` (exclusive)."""
    membership = member(request, slug)
    posts = _posts(membership)
    if filters.status is not None:
        posts = posts.filter(status=filters.status)
    if filters.network:
        posts = posts.filter(variants__network=filters.network)
    if filters.date_from is not None:
        posts = posts.filter(scheduled_at__gte=filters.date_from)
    if filters.date_to is not None:
        posts = posts.filter(scheduled_at__lt=filters.date_to)
    page = posts[filters.offset : filters.offset + filters.limit]
    return {
        "count": posts.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_summary(p) for p in page],
    }


@router.get(BASE + "/{pk}", response={200: PostOut, **NOT_FOUND})
def get_post(request: HttpRequest, slug: str, pk: Id) -> dict[str, Any]:
    """One post with its variants, and the actions the caller may take on it now."""
    membership = member(request, slug)
    return _full(_one(membership, pk), membership)


@router.post(BASE, response={201: PostOut, **INVALID})
def create_post(request: HttpRequest, slug: str, payload: PostIn) -> Status:
    """A new post by the caller, serving the tactic ``tactic``: a draft, or with
    ``submit`` submitted at once (scheduled when the workspace needs no approval), as
    ``mostra post create --at`` does; a refusal creates nothing."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    data = service.PostInput(
        tactic=_tactic(membership, payload.tactic),
        pillar=_pillar(membership, payload.pillar),
        title=payload.title,
        scheduled_at=payload.scheduled_at,
        sensitive=payload.sensitive,
        sponsored=payload.sponsored,
        image_retouched=payload.image_retouched,
        image_virtual=payload.image_virtual,
        main_text=payload.main_text,
        main_link=payload.main_link,
        variants=_variants(
            payload.variants, payload.main_text is not None or payload.main_link is not None
        ),
    )
    post = post_create.create_post(membership, data, submit=payload.submit).post
    return Status(201, _full(_one(membership, post.pk), membership))


@router.patch(BASE + "/{pk}", response={200: PostOut, **INVALID})
def update_post(request: HttpRequest, slug: str, pk: Id, payload: PostPatch) -> dict[str, Any]:
    """Change what is sent. A change of content makes a new version: an approved or
    scheduled post goes back to review, and earlier approvals no longer count."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    post = _one(membership, pk)
    sent = payload.model_dump(exclude_unset=True)
    data = service.PostInput(
        tactic=_tactic(membership, sent["tactic"]) if "tactic" in sent else post.tactic,
        pillar=_pillar(membership, sent["pillar"]) if "pillar" in sent else post.pillar,
        title=sent.get("title", post.title),
        scheduled_at=sent.get("scheduled_at", post.scheduled_at),
        main_text=sent.get("main_text"),
        main_link=sent.get("main_link"),
        variants=(
            _variants(payload.variants or [], True)
            if "variants" in sent
            else [
                service.VariantInput(
                    network=v.network,
                    text=v.text,
                    link=v.link,
                    first_comment=v.first_comment,
                    overridden=v.overridden,
                )
                for v in post.variants.all()
            ]
        ),
        **{flag: sent.get(flag, getattr(post, flag)) for flag in service.FLAGS},
    )
    service.save_post(membership, data, post)
    return _full(_one(membership, pk), membership)


@router.delete(BASE + "/{pk}", response={204: None, **INVALID})
def delete_post(request: HttpRequest, slug: str, pk: Id) -> Status:
    """Delete a draft; cancel any other post instead (it stays in the history)."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    service.delete_post(membership, _one(membership, pk))
    return Status(204, None)


@router.get(BASE + "/{pk}/transitions", response={200: list[ActionOut], **NOT_FOUND})
def list_transitions(request: HttpRequest, slug: str, pk: Id) -> list[dict[str, Any]]:
    """The transitions the caller may take on the post now (their checks run when taken)."""
    membership = member(request, slug)
    post = _one(membership, pk)
    return [
        {"action": t.action, "label": str(t.label), "target": t.target}
        for t in workflow.allowed_actions(post, membership)
    ]


@router.post(BASE + "/{pk}/transitions/{action}", response={200: PostOut, **INVALID})
def take_transition(
    request: HttpRequest, slug: str, pk: Id, action: str, payload: TransitionIn | None = None
) -> dict[str, Any]:
    """Submit, withdraw, approve, request changes (with a note), schedule, unschedule,
    retry, cancel or reopen; 422 says why when the workflow refuses."""
    membership = member(request, slug)
    post = _one(membership, pk)
    workflow.apply(post, action, membership, note=payload.note if payload else "")
    return _full(_one(membership, pk), membership)


# --- The review: comments and decisions ------------------------------------------------


def _comment_out(comment: PostComment, people: list[mentions.Person]) -> dict[str, Any]:
    found = mentions.find(people, comment.body)
    return {
        "id": comment.pk,
        "author": comment.author.name if comment.author else None,
        "body": comment.body,
        "mentioned": [
            user_id
            for user_id in dict.fromkeys(m.user_id for m in found)
            if user_id != comment.author_id
        ],
        "created_at": comment.created_at,
    }


@router.get(BASE + "/{pk}/comments", response={200: list[CommentOut], **NOT_FOUND})
def list_post_comments(request: HttpRequest, slug: str, pk: Id) -> list[dict[str, Any]]:
    """The team's comments on the post, the oldest first, with the members they mention."""
    membership = member(request, slug)
    post = get_object_or_404(Post, pk=pk, workspace_id=membership.workspace_id)
    people = mentions.people(membership.workspace_id)
    comments = PostComment.objects.filter(post=post).select_related("author")
    return [_comment_out(c, people) for c in comments]


@router.post(BASE + "/{pk}/comments", response={201: CommentOut, **INVALID})
def add_post_comment(request: HttpRequest, slug: str, pk: Id, payload: CommentIn) -> Status:
    """Comment on the post (never published); ``@name`` notifies the members it names."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    post = get_object_or_404(Post, pk=pk, workspace_id=membership.workspace_id)
    comment = service.add_comment(membership, post, payload.body)
    return Status(201, _comment_out(comment, mentions.people(membership.workspace_id)))


@router.get(BASE + "/{pk}/decisions", response={200: list[DecisionOut], **NOT_FOUND})
def list_post_decisions(request: HttpRequest, slug: str, pk: Id) -> list[dict[str, Any]]:
    """The approvers' decisions on the post, the latest first: approved or sent back
    (changes requested), by whom, on which version, with their note."""
    membership = member(request, slug)
    post = get_object_or_404(Post, pk=pk, workspace_id=membership.workspace_id)
    rows = Approval.objects.filter(post=post).select_related("approver")
    return [
        {
            "decision": a.decision,
            "approver": a.approver.name if a.approver else None,
            "version": a.version,
            "current": a.version == post.version,
            "note": a.note,
            "created_at": a.created_at,
        }
        for a in rows.order_by("-created_at", "-id")
    ]
