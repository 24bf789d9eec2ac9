from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.forms import WorkspaceForm
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm
from mostra.core.services import workspaces as service
from mostra.core.views.base import workspace_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("workspace")
        .order_by("workspace__name")
    )
    if len(memberships) == 1 and not request.GET.get("all"):
        return redirect("core:workspace", slug=memberships[0].workspace.slug)
    return render(
        request,
        "core/home.html",
        {
            "memberships": [m for m in memberships if not m.workspace.is_archived],
            "archived": [m for m in memberships if m.workspace.is_archived],
        },
    )


def _apply_domain_error(form: WorkspaceForm, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(
        request.POST or None, initial={"country": "FR", "timezone": "Europe/Paris"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workspace = service.create_workspace(
                request.user,
                data["name"],
                slug=data.get("slug") or "",
                description=data["description"],
                country=data["country"],
                timezone=data["timezone"],
            )
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("Workspace created. Next: invite your team."))
            return redirect("core:members", slug=workspace.slug)
    return render(request, "core/workspace_form.html", {"form": form, "creating": True})


#: The page that answers /w/<slug>/ (url name ``core:workspace``): the member's home,
#: which says what needs them across every app (approvals, publications, the calendar,
#: objectives). It reads apps above core, so it lives in the top layer (``mostra.home``),
#: which puts its view here when ready: core routes to it without importing upward.
LANDING: list[Callable[..., HttpResponse]] = []


def landing(request: HttpRequest, slug: str) -> HttpResponse:
    """The workspace's home page, as ``mostra.home`` registered it."""
    if not LANDING:
        raise ImproperlyConfigured("No workspace home page: mostra.home is not installed.")
    return LANDING[-1](request, slug=slug)


#: What the settings form changes (the short name never changes once created).
SETTINGS_FIELDS = (
    "name",
    "description",
    "country",
    "timezone",
    "by_hand_reminder_hours",
    "by_hand_escalation_hours",
)


@workspace_view(Perm.EDIT_WORKSPACE)
def settings_view(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = WorkspaceForm(request.POST or None, instance=Workspace.objects.get(pk=workspace.pk))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in SETTINGS_FIELDS}
        try:
            service.update_workspace(request.user, workspace, **fields)
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("core:settings", slug=workspace.slug)
    return render(request, "core/workspace_form.html", {"form": form, "workspace": workspace})
