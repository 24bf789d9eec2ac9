"""The inbox: the workspace's mentions, newest first, filtered by the query string, with
triage for editors, managers and owners (state, assignee, tags, notes, one or many rows
at once), each member's saved filters, and the response-time target.

Every write goes through :mod:`mostra.listening.services.triage` (and its neighbours),
as the API and ``mostra inbox list`` do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.listening.enrichment.sentiment import label_of
from mostra.listening.models import (
    ListeningQuery,
    Mention,
    MentionState,
    MentionTag,
    SavedFilter,
    Source,
)
from mostra.listening.services import replies, response, saved_filters, triage
from mostra.listening.services.inbox import InboxFilter
from mostra.listening.services.inbox import mentions as inbox_mentions
from mostra.publishing.models import SocialAccount

#: Mentions per page.
PER_PAGE = 50


@dataclass(frozen=True)
class Row:
    mention: Mention
    sentiment: str
    sentiment_label: str
    overdue: bool
    #: Its replies from mostra, and the accounts that may answer it (none: no reply box).
    replies: list[replies.ReplyView] = field(default_factory=list)
    reply_accounts: list[SocialAccount] = field(default_factory=list)


def _rows(page: list[Mention], overdue_before: object, workspace_id: int) -> list[Row]:
    sent = replies.replies_of([m.pk for m in page])
    accounts = replies.accounts_by_network(workspace_id)
    rows = []
    for mention in page:
        label = label_of(mention.sentiment, mention.lang)
        rows.append(
            Row(
                mention=mention,
                sentiment=label.value if label else "",
                sentiment_label=str(label.label) if label else "",
                overdue=mention.state in response.OPEN and mention.when < overdue_before,  # type: ignore[attr-defined]
                replies=sent.get(mention.pk, []),
                reply_accounts=(
                    accounts.get(mention.network, []) if replies.address_of(mention) else []
                ),
            )
        )
    return rows


def _back(request: HttpRequest, membership: Membership) -> HttpResponse:
    base = reverse("listening:mentions", args=[membership.workspace.slug])
    query = request.POST.get("back", "")
    return redirect(f"{base}?{query}" if query and "\n" not in query else base)


@workspace_view()
def mentions(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    try:
        given = InboxFilter.parse(request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        given = InboxFilter()
    paginator = Paginator(inbox_mentions(membership, given), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    target = response.target_hours(workspace)
    overdue_before = timezone.now() - dt.timedelta(hours=target)
    members = list(
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__email")
    )
    return render(
        request,
        "listening/mentions.html",
        {
            "workspace": workspace,
            "page": page,
            "rows": _rows(list(page.object_list), overdue_before, workspace.pk),
            "filter": given,
            "filter_query": given.as_query_string(),
            "states": MentionState.choices,
            "queries": list(ListeningQuery.objects.filter(workspace=workspace)),
            "sources": list(Source.objects.filter(workspace=workspace)),
            "tags": list(MentionTag.objects.filter(workspace=workspace)),
            "members": members,
            "saved": list(SavedFilter.objects.filter(workspace=workspace, user=membership.user)),
            "target_hours": target,
            "median": _median_words(workspace),
            "may_triage": has_perm(membership, Perm.EDIT_CONTENT),
            "may_reply": has_perm(membership, Perm.DRAFT_CONTENT),
            "may_set_target": has_perm(membership, Perm.EDIT_STRATEGY),
        },
    )


def _median_words(workspace: Workspace) -> str | None:
    hours = response.median_response_hours(workspace)
    return None if hours is None else response.duration_words(hours)


def _assignee(given: str) -> int | None:
    """The member chosen in the list: a user id, or None for nobody ("")."""
    given = given.strip()
    if not given:
        return None
    if not given.isdigit():
        raise DomainError(_("Choose a member of this workspace in the list, or nobody."))
    return int(given)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def mention_bulk(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The action chosen for the selected rows: a state, an assignee or a tag."""
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    # "Assign" is its own button beside the members' list (``assignee``).
    action = "assign" if "assign" in request.POST else request.POST.get("action", "")
    value = request.POST.get("value", "").strip()
    try:
        if action == "state":
            changed = triage.set_state(membership, map(int, ids), value)
        elif action == "assign":
            changed = triage.assign(
                membership, map(int, ids), _assignee(request.POST.get("assignee", value))
            )
        elif action == "tag":
            changed = triage.tag(membership, map(int, ids), add=[value])
        elif action == "untag":
            changed = triage.tag(membership, map(int, ids), remove=[value])
        else:
            raise DomainError(_("Choose what to do with the selected mentions."))
    except triage.MentionNotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s mention(s) changed.") % {"n": len(changed)})
    return _back(request, membership)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def mention_note(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        triage.add_note(membership, pk, request.POST.get("text", ""))
    except triage.MentionNotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Note added."))
    return _back(request, membership)


@require_POST
@workspace_view()
def filter_save(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        given = InboxFilter.parse(QueryDict(request.POST.get("back", "")))
        saved_filters.save(membership, request.POST.get("name", ""), given)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Filter saved."))
    return _back(request, membership)


@require_POST
@workspace_view(Perm.DRAFT_CONTENT)
def mention_reply(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Reply to the item from the chosen account (:func:`replies.send_reply`)."""
    try:
        reply = replies.send_reply(
            membership, pk, request.POST.get("text", ""), request.POST.get("account") or None
        )
    except triage.MentionNotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        shown = [r for r in replies.replies_of([pk]).get(pk, []) if r.id == reply.pk]
        state = shown[0].label if shown else ""
        messages.success(request, _("Reply saved: %(state)s.") % {"state": state})
    return _back(request, membership)


@require_POST
@workspace_view()
def filter_delete(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Remove one of the member's saved filters (its id in the form: each member has
    their own)."""
    given = request.POST.get("filter", "")
    try:
        saved_filters.delete(membership, int(given) if given.isdigit() else 0)
    except saved_filters.FilterNotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Filter removed."))
    return _back(request, membership)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def response_target(request: HttpRequest, membership: Membership) -> HttpResponse:
    hours = request.POST.get("response_hours", "").strip()
    try:
        if not hours.isdigit():
            raise DomainError(_("Type the target as a number of hours, e.g. 24."))
        response.set_target_hours(membership, int(hours))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Response-time target saved."))
    return _back(request, membership)
