"""The tracked accounts page: the workspace's own accounts and its competitors.

Every member sees which accounts are measured, how many posts mostra holds for each,
the period they cover and where they came from. Adding a competitor from its public
Bluesky or Mastodon profile, reading it again and removing it change what the team
compares, so they need ``Perm.EDIT_STRATEGY``; the workspace's own accounts are never
removed here (they come from imports and connected accounts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mostra.analytics import public_profiles
from mostra.analytics.models import AccountPost, ImportRun, PostSource, TrackedAccount
from mostra.analytics.services import competitors
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.strategy import networks
from mostra.strategy.catalogue import network_label


class CompetitorForm(forms.Form):
    network = forms.ChoiceField(
        label=gettext_lazy("Network"),
        choices=[(code, networks.label(code)) for code in networks.having("public_profile")],
    )
    profile = forms.CharField(
        label=gettext_lazy("Public profile"),
        max_length=300,
        help_text=gettext_lazy(
            "A handle (name.bsky.social, @name@instance.social) or the profile's address."
        ),
    )


@dataclass(frozen=True)
class AccountRow:
    account: TrackedAccount
    posts: int
    first: datetime | None
    last: datetime | None
    sources: list[str]
    last_read: datetime | None
    last_read_kind: str

    @property
    def network_name(self) -> str:
        return network_label(self.account.network)

    @property
    def can_refresh(self) -> bool:
        return self.account.network in public_profiles.NETWORKS


def account_rows(workspace: Workspace) -> list[AccountRow]:
    """Each tracked account with its figures, in two queries whatever their number."""
    latest = ImportRun.objects.filter(account=OuterRef("pk")).order_by("-created_at", "-id")
    accounts = (
        TrackedAccount.objects.filter(workspace=workspace)
        .annotate(
            n_posts=Count("posts"),
            first=Min("posts__published_at"),
            last=Max("posts__published_at"),
            last_read=Subquery(latest.values("created_at")[:1]),
            last_read_kind=Subquery(latest.values("kind")[:1]),
        )
        .order_by("is_competitor", "network", "handle")
    )
    labels = dict(PostSource.choices)
    sources: dict[int, list[str]] = {}
    pairs = (
        AccountPost.objects.filter(account__workspace=workspace)
        .values_list("account_id", "source")
        .distinct()
        .order_by("account_id", "source")
    )
    for account_id, source in pairs:
        sources.setdefault(account_id, []).append(str(labels.get(source, source)))
    return [
        AccountRow(
            a,
            a.n_posts,
            a.first,
            a.last,
            sources.get(a.pk, []),
            a.last_read,
            str(labels.get(a.last_read_kind, a.last_read_kind or "")),
        )
        for a in accounts
    ]


def render_page(
    request: HttpRequest,
    membership: Membership,
    form: CompetitorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    rows = account_rows(workspace)
    can_edit = has_perm(membership, Perm.EDIT_STRATEGY)
    context = {
        "workspace": workspace,
        "own": [r for r in rows if not r.account.is_competitor],
        "competitors": [r for r in rows if r.account.is_competitor],
        "can_edit": can_edit,
        "form": form or (CompetitorForm() if can_edit else None),
        "imports_url": reverse("analytics:imports", args=[workspace.slug]),
        "compare_url": reverse("analytics:compare", args=[workspace.slug]),
    }
    return render(request, "analytics/accounts.html", context, status=status)


@workspace_view()
def accounts(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The own and competitor accounts, with the form to add a competitor."""
    return render_page(request, membership)


def _summary(counts: dict[str, int]) -> str:
    return (
        _(
            "%(posts)s posts read (%(originals)s originals, %(replies)s replies, %(reposts)s "
            "reposts), %(new)s new."
        )
        % counts
    )


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def account_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Read a public profile and track it as a competitor; the form again on a refusal."""
    form = CompetitorForm(request.POST)
    if not form.is_valid():
        return render_page(request, membership, form, status=400)
    try:
        account, counts = public_profiles.add_competitor(
            membership.workspace,
            form.cleaned_data["network"],
            form.cleaned_data["profile"],
            user=request.user,
        )
    except public_profiles.ProfileUnavailable as exc:
        form.add_error("profile", exc.message)
        return render_page(request, membership, form, status=400)
    messages.success(
        request,
        _("%(handle)s is now tracked as a competitor.") % {"handle": account.handle}
        + " "
        + _summary(counts),
    )
    return redirect("analytics:accounts", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def account_refresh(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Read a Bluesky or Mastodon account's public profile again (counts, new posts)."""
    account = get_object_or_404(TrackedAccount, pk=pk, workspace=membership.workspace)
    try:
        counts = public_profiles.refresh(account, user=request.user)
    except public_profiles.ProfileUnavailable as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(handle)s read again.") % {"handle": account.handle} + " " + _summary(counts),
        )
    return redirect("analytics:accounts", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def account_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Stop tracking a competitor: its account, posts and follower counts go."""
    try:
        handle = competitors.stop_tracking(membership, pk)
    except competitors.NotACompetitor as exc:
        raise Http404 from exc
    messages.success(
        request,
        _("%(handle)s is no longer tracked; its measured posts were removed.") % {"handle": handle},
    )
    return redirect("analytics:accounts", membership.workspace.slug)
