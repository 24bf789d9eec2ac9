"""The Sources page: what the workspace listens to, each source's health, and for
owners and managers the forms that add, switch, read and remove sources, and OPML.

Every member sees the sources and their health; changing them needs
``Perm.EDIT_STRATEGY`` (owners and managers), as in the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.listening import kinds
from mostra.listening.forms import OpmlForm, SourceForm
from mostra.listening.models import FirehoseCursor, Source
from mostra.listening.services import opml, polling
from mostra.listening.services import sources as service

#: Items per day are averaged over this many days.
PER_DAY_OVER = 7


@dataclass(frozen=True)
class SourceRow:
    source: Source
    per_day: float
    #: A source read as a stream (the firehose): never polled; its stream's health.
    streamed: bool = False
    stream: FirehoseCursor | None = None
    events_per_day: float | None = None


def source_rows(workspace: Workspace, now: dt.datetime) -> list[SourceRow]:
    """Every source with its items per day (the last week's average), in one query (and
    one more for the streams' health when the workspace reads a stream)."""
    since = now - dt.timedelta(days=PER_DAY_OVER)
    rows = list(
        Source.objects.filter(workspace=workspace)
        .annotate(recent=Count("mentions", filter=Q(mentions__fetched_at__gte=since)))
        .order_by("name", "id")
    )
    live = set(kinds.streamed())
    urls = {s.url for s in rows if s.kind in live}
    streams = (
        {c.service_url: c for c in FirehoseCursor.objects.filter(service_url__in=urls)}
        if urls
        else {}
    )
    out = []
    for s in rows:
        stream = streams.get(s.url) if s.kind in live else None
        per_day = stream.events_per_day(now) if stream else None
        out.append(
            SourceRow(
                s,
                round(s.recent / PER_DAY_OVER, 1),
                streamed=s.kind in live,
                stream=stream,
                events_per_day=round(per_day) if per_day is not None else None,
            )
        )
    return out


def render_page(
    request: HttpRequest,
    membership: Membership,
    *,
    forms: dict[str, SourceForm] | None = None,
    opml_form: OpmlForm | None = None,
    open_kind: str = "",
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    can_edit = has_perm(membership, Perm.EDIT_STRATEGY)
    forms = forms or {}
    add_forms = []
    if can_edit:
        for code, kind in kinds.KINDS.items():
            add_forms.append((kind, forms.get(code) or SourceForm(kind)))
    context = {
        "workspace": workspace,
        "rows": source_rows(workspace, timezone.now()),
        "can_edit": can_edit,
        "add_forms": add_forms,
        "open_kind": open_kind,
        "opml_form": opml_form or (OpmlForm() if can_edit else None),
    }
    return render(request, "listening/sources.html", context, status=status)


@workspace_view()
def sources(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render_page(request, membership)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def source_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    kind = kinds.get(request.POST.get("kind", ""))
    if kind is None:
        messages.error(request, _("Choose a kind of source from the list."))
        return redirect("listening:sources", membership.workspace.slug)
    form = SourceForm(kind, request.POST)
    if not form.is_valid():
        return render_page(
            request, membership, forms={kind.code: form}, open_kind=kind.code, status=400
        )
    try:
        source = service.add_source(
            membership,
            kind.code,
            form.values(),
            name=form.cleaned_data["name"] or "",
            interval_minutes=form.cleaned_data["interval_minutes"],
            ip_address=client_ip(request),
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render_page(
            request, membership, forms={kind.code: form}, open_kind=kind.code, status=400
        )
    messages.success(
        request,
        _("%(name)s added: mostra reads it within a minute, or now with “Read now”.")
        % {"name": source.name},
    )
    return redirect("listening:sources", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def source_enable(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    try:
        source = service.set_enabled(membership, pk, enabled, ip_address=client_ip(request))
    except service.SourceNotFound as exc:
        raise Http404 from exc
    if enabled:
        messages.success(request, _("%(name)s is read again.") % {"name": source.name})
    else:
        messages.success(
            request, _("%(name)s is paused: it is no longer read.") % {"name": source.name}
        )
    return redirect("listening:sources", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def source_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Rename a source or change its interval (the form in its row)."""
    interval = request.POST.get("interval_minutes", "").strip()
    try:
        source = service.update_source(
            membership,
            pk,
            name=request.POST.get("name"),
            interval_minutes=int(interval) if interval.isdigit() else None,
            ip_address=client_ip(request),
        )
    except service.SourceNotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s saved.") % {"name": source.name})
    return redirect("listening:sources", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def source_poll(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        result = polling.poll_now(membership, pk, now=timezone.now(), ip_address=client_ip(request))
    except service.SourceNotFound as exc:
        raise Http404 from exc
    if not result.ok:
        messages.error(request, result.error_text)
    elif result.not_modified:
        messages.success(request, _("Read: nothing new since the last reading."))
    else:
        messages.success(request, _("Read: %(count)s new items.") % {"count": result.stored})
    return redirect("listening:sources", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def source_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        name = service.delete_source(membership, pk, ip_address=client_ip(request))
    except service.SourceNotFound as exc:
        raise Http404 from exc
    messages.success(request, _("%(name)s removed, with what it had found.") % {"name": name})
    return redirect("listening:sources", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def opml_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = OpmlForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_page(request, membership, opml_form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > opml.MAX_BYTES:
        form.add_error("file", _("This file is too large for a list of feeds (2 MB at most)."))
        return render_page(request, membership, opml_form=form, status=400)
    try:
        result = opml.import_opml(membership, upload.read(), ip_address=client_ip(request))
    except DomainError as exc:
        form.add_error("file", exc.message)
        return render_page(request, membership, opml_form=form, status=400)
    messages.success(
        request,
        _("%(added)s feeds added, %(already)s already read.")
        % {"added": len(result.added), "already": result.already},
    )
    return redirect("listening:sources", membership.workspace.slug)


@workspace_view()
def opml_export(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    response = HttpResponse(
        opml.export_opml(workspace, now=timezone.now()), content_type="text/x-opml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{workspace.slug}-feeds.opml"'
    return response
