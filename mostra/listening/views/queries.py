"""The Queries page: what the workspace looks for, by group, and for owners and managers
the forms that add, change (with "try it" first) and remove queries.

"Try it" runs the typed query against the last 30 days of mentions without saving it: the
count and the newest matches. A query that does not read is shown again with the problem
and a caret under its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.listening.models import ListeningQuery, QueryGroup
from mostra.listening.query import QueryWarning
from mostra.listening.query_forms import QueryForm
from mostra.listening.services import queries as service
from mostra.listening.services.matching import RECENT_DAYS


@dataclass(frozen=True)
class Pointer:
    """The line of the query where the problem is, and the caret under its column."""

    line: str
    caret: str
    message: str


def pointer(text: str, exc: service.QueryInvalid) -> Pointer:
    lines = text.strip().splitlines() or [""]
    shown = lines[min(exc.error.line, len(lines)) - 1]
    return Pointer(shown, " " * (exc.error.column - 1) + "^", exc.message)


def grouped(membership: Membership) -> list[tuple[str, list[ListeningQuery]]]:
    rows = ListeningQuery.objects.filter(workspace=membership.workspace).annotate(
        matched=Count("mentions")
    )
    by_group: dict[str, list[ListeningQuery]] = {}
    for query in rows.order_by("name"):
        by_group.setdefault(query.group, []).append(query)
    return [(str(label), by_group[code]) for code, label in QueryGroup.choices if code in by_group]


def render_page(
    request: HttpRequest,
    membership: Membership,
    form: QueryForm,
    *,
    editing: ListeningQuery | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = has_perm(membership, Perm.EDIT_STRATEGY)
    context = {
        "workspace": membership.workspace,
        "groups": [] if editing else grouped(membership),
        "can_edit": can_edit,
        "form": form if can_edit else None,
        "editing": editing,
        "days": RECENT_DAYS,
        "shown": service.TRY_SHOWN,
    }
    context.update(getattr(request, "query_outcome", {}))
    template = "listening/query_edit.html" if editing else "listening/queries.html"
    return render(request, template, context, status=status)


def _warned(request: HttpRequest, warnings: list[QueryWarning]) -> None:
    for w in warnings:
        messages.warning(
            request,
            _("Warning at line %(line)d, column %(column)d: %(problem)s")
            % {"line": w.line, "column": w.column, "problem": w.message},
        )


def _submitted(
    request: HttpRequest, membership: Membership, editing: ListeningQuery | None
) -> HttpResponse:
    """Try the typed query, or save it: the page again with the outcome, or a redirect."""
    form = QueryForm(request.POST)
    if not form.is_valid():
        return render_page(request, membership, form, editing=editing, status=400)
    data = form.cleaned_data
    try:
        if request.POST.get("action") == "try":
            trial = service.try_query(membership.workspace, data["text"])
            request.query_outcome = {"trial": trial}  # type: ignore[attr-defined]
            return render_page(request, membership, form, editing=editing)
        if editing is None:
            saved = service.add_query(
                membership,
                name=data["name"],
                text=data["text"],
                group=data["group"],
                ip_address=client_ip(request),
            )
        else:
            saved = service.update_query(
                membership,
                editing.pk,
                name=data["name"],
                text=data["text"],
                group=data["group"],
                ip_address=client_ip(request),
            )
    except service.QueryInvalid as exc:
        request.query_outcome = {"pointer": pointer(data["text"], exc)}  # type: ignore[attr-defined]
        form.add_error("text", exc.message)
        return render_page(request, membership, form, editing=editing, status=400)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render_page(request, membership, form, editing=editing, status=400)
    _warned(request, saved.warnings)
    messages.success(
        request,
        ngettext(
            "%(name)s saved: it matches %(n)d mention of the last 30 days.",
            "%(name)s saved: it matches %(n)d mentions of the last 30 days.",
            saved.matched,
        )
        % {"name": saved.query.name, "n": saved.matched},
    )
    return redirect("listening:queries", membership.workspace.slug)


@workspace_view()
def queries(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render_page(request, membership, QueryForm())


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def query_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _submitted(request, membership, None)


@require_http_methods(["GET", "POST"])
@workspace_view(Perm.EDIT_STRATEGY)
def query_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    query = ListeningQuery.objects.filter(workspace=membership.workspace, pk=pk).first()
    if query is None:
        raise Http404
    if request.method == "POST":
        return _submitted(request, membership, query)
    form = QueryForm(initial={"name": query.name, "group": query.group, "text": query.text})
    return render_page(request, membership, form, editing=query)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def query_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        name = service.delete_query(membership, pk, ip_address=client_ip(request))
    except service.QueryNotFound as exc:
        raise Http404 from exc
    messages.success(request, _("%(name)s removed; the mentions stay.") % {"name": name})
    return redirect("listening:queries", membership.workspace.slug)
