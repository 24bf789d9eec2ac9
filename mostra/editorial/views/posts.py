"""The post pages: the list of what needs me, a new post, and the post itself.

The post's page shows it (status, variants, media, the charter's findings, comments)
and, to those who may edit it, the form: the same URL takes the form's POST. Every
change is saved whole or not at all (:func:`mostra.editorial.services.posts.save_post`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm, may_edit_post
from mostra.core.views.base import workspace_view
from mostra.editorial import mentions
from mostra.editorial.forms_editor import CommentForm, PostEditor, initial_for, initial_for_new
from mostra.editorial.models import (
    Approval,
    ContentPillar,
    Post,
    PostComment,
    PostStatus,
    PostVariant,
)
from mostra.editorial.services import posts as service
from mostra.editorial.views import posts_parts as parts
from mostra.editorial.views import posts_review
from mostra.strategy.models import Platform, Tactic

#: Statuses that wait for their author's work.
TO_WORK_ON = (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED)


def post_queryset() -> Any:
    """A post with everything its page shows, in a fixed number of queries."""
    return Post.objects.select_related(
        "workspace", "tactic__strategy__objective", "pillar", "author"
    ).prefetch_related(
        Prefetch("variants", queryset=PostVariant.objects.prefetch_related("media")),
        Prefetch("comments", queryset=PostComment.objects.select_related("author")),
        # with its revisions, what the approval rules read; the decisions' history
        Prefetch("approvals", queryset=Approval.objects.select_related("approver")),
        "revisions",
    )


def get_post(membership: Membership, pk: int) -> Post:
    return get_object_or_404(post_queryset(), pk=pk, workspace=membership.workspace)


def _choices(membership: Membership) -> dict[str, list]:
    workspace = membership.workspace
    return {
        "tactics": list(
            Tactic.objects.filter(workspace=workspace)
            .select_related("workspace", "strategy__objective")
            .order_by("strategy__objective__position", "strategy__position", "position", "id")
        ),
        "pillars": list(ContentPillar.objects.filter(workspace=workspace)),
        "platforms": list(Platform.objects.filter(workspace=workspace)),
    }


def _editor(
    request: HttpRequest, membership: Membership, post: Post | None, initial: dict[str, Any]
) -> PostEditor:
    bound = request.method == "POST"
    return PostEditor(
        request.POST if bound else None,
        request.FILES if bound else None,
        workspace=membership.workspace,
        post=post,
        initial=initial,
        refused_uploads=getattr(request, "uploads_too_large", None),
        **_choices(membership),
    )


def _render(
    request: HttpRequest,
    membership: Membership,
    post: Post | None,
    editor: PostEditor | None,
    *,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    context: dict[str, Any] = {
        "workspace": workspace,
        "post": post,
        "editor": editor,
        "can_comment": service.may_comment(membership),
        "can_write": has_perm(membership, Perm.DRAFT_CONTENT),
        "comment_form": CommentForm(),
        "locked": service.locked_message(post) if post is not None else None,
        "media_url_name": "editorial:media",
    }
    if post is not None:
        context["local_when"] = (
            service.local(workspace, post.scheduled_at) if post.scheduled_at else None
        )
        context["findings"] = parts.charter_findings(post)
        context["findings_panels"] = parts.findings_panels(post, context["findings"])
        context["may_delete"] = post.status == PostStatus.DRAFT and may_edit_post(
            membership, post.author_id
        )
        context.update(posts_review.context(membership, post))
    if editor is not None:
        context["form"] = editor.form
        context["variant_blocks"] = parts.variant_blocks(
            membership, editor, post, context.get("findings")
        )
        context["slots"] = parts.slot_panel(membership, parts.chosen_tactic(editor), post=post)
        context["flags_id"] = parts.FLAGS_ID
        context["date_value"], context["time_value"] = parts.when_values(editor)
        context["post_id"] = post.pk if post is not None else None
        context["had_files"] = bool(request.FILES) or bool(
            getattr(request, "uploads_too_large", None)
        )
    template = "editorial/posts/post.html" if post is not None else "editorial/posts/new.html"
    return render(request, template, context, status=status)


def _save(
    request: HttpRequest, membership: Membership, editor: PostEditor, post: Post | None
) -> Post | None:
    if not editor.is_valid():
        return None
    try:
        return service.save_post(membership, editor.to_input(), post)
    except DomainError as exc:
        editor.add_error(exc)
        return None


@workspace_view()
def post_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Drafts and posts waiting for my work, then what is not planned yet."""
    workspace = membership.workspace
    base = Post.objects.filter(workspace=workspace).select_related("tactic", "pillar", "author")
    mine = base.filter(author=membership.user, status__in=TO_WORK_ON).order_by("scheduled_at", "id")
    unplanned = (
        base.filter(scheduled_at__isnull=True)
        .exclude(status__in=service.LOCKED)
        .exclude(author=membership.user, status__in=TO_WORK_ON)
        .order_by("-updated_at")
    )
    calendar_url = reverse("editorial:calendar_list", args=[workspace.slug])
    return render(
        request,
        "editorial/posts/list.html",
        {
            "workspace": workspace,
            "mine": list(mine[:100]),
            "unplanned": list(unplanned[:100]),
            "calendar_url": calendar_url,
            "can_write": has_perm(membership, Perm.DRAFT_CONTENT),
        },
    )


@workspace_view(Perm.DRAFT_CONTENT)
def post_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    """A new post; ``?at=YYYY-MM-DDTHH:MM`` (local) and ``?tactic=<id>`` prefill it."""
    choices = _choices(membership)
    initial = initial_for_new(
        membership.workspace,
        choices["tactics"],
        at=request.GET.get("at", ""),
        tactic=request.GET.get("tactic", ""),
    )
    editor = _editor(request, membership, None, initial)
    if request.method == "POST":
        post = _save(request, membership, editor, None)
        if post is not None:
            messages.success(request, _("The post is saved as a draft."))
            return redirect("editorial:post", membership.workspace.slug, post.pk)
        return _render(request, membership, None, editor, status=400)
    return _render(request, membership, None, editor)


@workspace_view()
def post_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The post: read by every member; its form for its author and the editors."""
    post = get_post(membership, pk)
    editable = may_edit_post(membership, post.author_id) and not service.locked_message(post)
    if request.method == "POST":
        if not may_edit_post(membership, post.author_id):
            raise Http404
        message = service.locked_message(post)
        if message:
            messages.error(request, message)
            return redirect("editorial:post", membership.workspace.slug, post.pk)
    editor = _editor(request, membership, post, initial_for(post, membership.workspace))
    if request.method == "POST":
        saved = _save(request, membership, editor, post)
        if saved is not None:
            if saved.version != post.version and saved.status == PostStatus.IN_REVIEW:
                messages.warning(
                    request,
                    _("The content changed: the post is back in review for version %(v)s.")
                    % {"v": saved.version},
                )
            else:
                messages.success(request, _("The post is saved."))
            return redirect("editorial:post", membership.workspace.slug, post.pk)
        return _render(request, membership, post, editor, status=400)
    return _render(request, membership, post, editor if editable else None)


@workspace_view(Perm.DRAFT_CONTENT)
@require_POST
def post_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk, workspace=membership.workspace)
    if not may_edit_post(membership, post.author_id):
        raise Http404
    try:
        service.delete_post(membership, post)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("editorial:post", membership.workspace.slug, post.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("editorial:posts", membership.workspace.slug)


@workspace_view(Perm.DRAFT_CONTENT)
@require_POST
def post_comment(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk, workspace=membership.workspace)
    form = CommentForm(request.POST)
    url = reverse("editorial:post", args=[membership.workspace.slug, post.pk]) + "#comments"
    if not form.is_valid():
        messages.error(
            request,
            _("The comment was not sent: %(problem)s")
            % {"problem": " ".join(str(e) for e in form.errors.get("body", []))},
        )
        return redirect(url)
    try:
        comment = service.add_comment(membership, post, form.cleaned_data["body"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(url)
    people = mentions.people(membership.workspace_id)
    told = [p.name for p in people if p.user_id in comment.mentioned]
    if told:
        messages.success(
            request, _("Comment added; mentioned: %(names)s.") % {"names": ", ".join(told)}
        )
    else:
        messages.success(request, _("Comment added."))
    return redirect(url.replace("#comments", f"#comment-{comment.pk}"))


@workspace_view(Perm.DRAFT_CONTENT)
@require_POST
def post_duplicate(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """A new draft with this post's content, to plan again (even a published post)."""
    post = get_object_or_404(Post, pk=pk, workspace=membership.workspace)
    copy = service.duplicate_post(membership, post)
    messages.success(request, _("A copy is ready as a new draft: choose its date."))
    return redirect("editorial:post", membership.workspace.slug, copy.pk)
