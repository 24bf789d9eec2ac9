"""Taking a transition of the workflow from a page (submit, approve, schedule…).

With htmx the answer is the refreshed actions partial (the status badge, the buttons
that are now possible, and what happened); without JavaScript, a redirect back to the
page the form came from (the post's page by default) with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.editorial import workflow
from mostra.editorial.models import Post, PostStatus

#: A note longer than this is refused rather than cut.
NOTE_MAX = 2000


def post_url(membership: Membership, post: Post) -> str:
    """The post's page."""
    return reverse("editorial:post", args=[membership.workspace.slug, post.pk])


def _next_url(request: HttpRequest, membership: Membership, post: Post) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return post_url(membership, post)


def done_message(post: Post, action: str) -> str:
    """What happened, in the words of the status reached."""
    if action == "approve" and post.status == PostStatus.IN_REVIEW:
        return _("Your approval is recorded: the post waits for another approver.")
    if action == "approve" and post.status == PostStatus.SCHEDULED:
        return _("Done: the post is approved and scheduled for its date.")
    why = getattr(post, "not_scheduled", "")
    if action == "approve" and why:
        return _("Done: the post is approved, but not scheduled yet: %(why)s") % {"why": why}
    return _("Done: the post is now %(status)s.") % {
        "status": str(PostStatus(post.status).label).lower()
    }


@require_POST
@workspace_view()
def transition(request: HttpRequest, membership: Membership, pk: int, action: str) -> HttpResponse:
    """POST: take ``action`` on the post; the workflow decides whether it may."""
    post = get_object_or_404(
        Post.objects.select_related("workspace"), pk=pk, workspace=membership.workspace
    )
    note = request.POST.get("note", "")
    error = error_link = done = ""
    was_final = post.status in workflow.FINAL
    try:
        if len(note) > NOTE_MAX:
            raise DomainError(
                _("The note is too long: keep it under %(max)d characters.") % {"max": NOTE_MAX},
                field="note",
            )
        post = workflow.apply(post, action, membership, note=note)
        done = done_message(post, action)
    except DomainError as exc:
        # The readiness gate's message links to the strategy page itself.
        error = getattr(exc, "html", "") or exc.message
    only = request.POST.get("only", "")[:200]
    if request.htmx and done and not only and was_final != (post.status in workflow.FINAL):
        # Cancelled or reopened on the post's page: the editor there opens or closes too.
        messages.success(request, done)
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if request.htmx:
        context = {
            "post": post,
            "membership": membership,
            "error": error,
            "error_link": error_link,
            "done": done,
            "next": request.POST.get("next", ""),
            "only": only,
        }
        return render(request, "editorial/workflow/post_actions.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_next_url(request, membership, post))
