"""The content pillars page: everyone reads them; those who edit the strategy change them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.editorial.forms_pillars import PillarForm
from mostra.editorial.models import ContentPillar
from mostra.editorial.services import pillars as service


def _page(
    request: HttpRequest,
    membership: Membership,
    *,
    new_form: PillarForm | None = None,
    editing: tuple[int, PillarForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    pillars = list(
        ContentPillar.objects.filter(workspace=membership.workspace).annotate(
            post_count=Count("posts")
        )
    )
    can_edit = has_perm(membership, Perm.EDIT_STRATEGY)
    rows = []
    for pillar in pillars:
        if editing is not None and editing[0] == pillar.pk:
            form = editing[1]
        else:
            form = PillarForm(
                initial={
                    "name": pillar.name,
                    "description": pillar.description,
                    "color": pillar.color,
                },
                prefix=f"pillar-{pillar.pk}",
            )
        rows.append((pillar, form if can_edit else None))
    return render(
        request,
        "editorial/pillars/list.html",
        {
            "workspace": membership.workspace,
            "rows": rows,
            "can_edit": can_edit,
            "new_form": new_form or PillarForm(prefix="new"),
            "editing_id": editing[0] if editing else None,
        },
        status=status,
    )


@workspace_view()
def pillar_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """GET: the pillars. POST (strategy editors): a new pillar."""
    if request.method != "POST":
        return _page(request, membership)
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise Http404
    form = PillarForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            pillar = service.save_pillar(membership, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The pillar “%(name)s” is added.") % {"name": pillar})
            return redirect("editorial:pillars", membership.workspace.slug)
    return _page(request, membership, new_form=form, status=400)


@workspace_view(Perm.EDIT_STRATEGY)
@require_POST
def pillar_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    pillar = get_object_or_404(ContentPillar, pk=pk, workspace=membership.workspace)
    form = PillarForm(request.POST, prefix=f"pillar-{pillar.pk}")
    if form.is_valid():
        try:
            service.save_pillar(membership, pillar=pillar, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The pillar “%(name)s” is saved.") % {"name": pillar})
            return redirect("editorial:pillars", membership.workspace.slug)
    return _page(request, membership, editing=(pillar.pk, form), status=400)


@workspace_view(Perm.EDIT_STRATEGY)
@require_POST
def pillar_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    pillar = get_object_or_404(ContentPillar, pk=pk, workspace=membership.workspace)
    name = pillar.name
    count = service.delete_pillar(membership, pillar)
    messages.success(
        request,
        ngettext(
            "The pillar “%(name)s” is deleted; its %(count)s post is kept, without a pillar.",
            "The pillar “%(name)s” is deleted; its %(count)s posts are kept, without a pillar.",
            count,
        )
        % {"name": name, "count": count},
    )
    return redirect("editorial:pillars", membership.workspace.slug)
