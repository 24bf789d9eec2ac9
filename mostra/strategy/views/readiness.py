"""One network's readiness: what is missing, answered in place; the owners' override.

``GET …/strategy/readiness/<network>/`` is a page of its own (what the composer links
to without JavaScript); with ``?fragment=dialog`` it is the content of the composer's
dialog, with ``?fragment=status`` the composer's line for the network. ``POST`` saves
the answers (owners and managers) and answers the same way: the fragment when one was
asked for, else a redirect to the page with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.strategy import catalogue
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.checks.readiness import readiness
from mostra.strategy.forms.readiness import UNKNOWN_CODES, ReadinessForm, groups_for
from mostra.strategy.services import readiness as service
from mostra.strategy.services.export import export_document
from mostra.strategy.views.board import anchors, readiness_row


def network_or_404(network: str) -> str:
    if network not in catalogue.NETWORKS:
        raise Http404
    return network


def _next(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next", "") or request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def _context(
    request: HttpRequest, membership: Membership, network: str, form: ReadinessForm | None
) -> dict[str, Any]:
    workspace = membership.workspace
    doc = export_document(workspace)
    result = readiness(doc, context_for_workspace(workspace), network)
    groups = groups_for(result)
    if form is None:
        form = ReadinessForm(groups=groups, initial=ReadinessForm.initial_for(result, doc))
    return {
        "workspace": workspace,
        "row": readiness_row(result, anchors(doc), workspace.slug),
        "form": form,
        "groups": groups,
        "unknown_groups": [g for g in groups if g in UNKNOWN_CODES],
        "can_answer": has_perm(membership, Perm.EDIT_STRATEGY),
        "can_override": has_perm(membership, Perm.OVERRIDE_READINESS),
        "strategy_url": reverse("strategy:overview", args=[workspace.slug]),
        "next": _next(request, ""),
        "fragment": request.GET.get("fragment", "") or request.POST.get("fragment", ""),
    }


def _render(
    request: HttpRequest, context: dict[str, Any], fragment: str, *, status: int = 200
) -> HttpResponse:
    if fragment == "status":
        context["show_link"] = True
        template = "strategy/partials/readiness_status.html"
    elif fragment == "dialog":
        template = "strategy/partials/readiness_dialog.html"
    else:
        template = "strategy/readiness_page.html"
    return render(request, template, context, status=status)


@workspace_view()
def readiness_page(request: HttpRequest, membership: Membership, network: str) -> HttpResponse:
    """GET: the network's readiness (a page, or a fragment). POST: save the answers."""
    network = network_or_404(network)
    fragment = request.GET.get("fragment", "") or request.POST.get("fragment", "")
    if request.method != "POST":
        return _render(request, _context(request, membership, network, None), fragment)
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise Http404
    current = _context(request, membership, network, None)
    form = ReadinessForm(request.POST, groups=current["groups"])
    if form.is_valid():
        answers, known_again = form.answers()
        try:
            service.answer(membership, network, answers, known_again)
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
    if form.errors:
        context = _context(request, membership, network, form)
        return _render(request, context, fragment, status=400)
    saved = _("The answers for %(network)s are saved.") % {
        "network": catalogue.network_label(network)
    }
    if fragment:
        context = _context(request, membership, network, None)
        context["saved"] = saved
        return _render(request, context, fragment)
    messages.success(request, saved)
    return redirect(
        _next(request, reverse("strategy:readiness", args=[membership.workspace.slug, network]))
    )


@workspace_view(Perm.OVERRIDE_READINESS)
@require_POST
def override(request: HttpRequest, membership: Membership, network: str) -> HttpResponse:
    """An owner lets the first post on the network through, with a reason."""
    network = network_or_404(network)
    try:
        service.override(membership, network, request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The readiness check of %(network)s is overridden: its first post may go out.")
            % {"network": catalogue.network_label(network)},
        )
    return redirect(
        _next(request, reverse("strategy:readiness", args=[membership.workspace.slug, network]))
    )


@workspace_view(Perm.OVERRIDE_READINESS)
@require_POST
def revoke(request: HttpRequest, membership: Membership, network: str) -> HttpResponse:
    """An owner ends the override: the readiness check applies again."""
    network = network_or_404(network)
    try:
        service.revoke_override(membership, network)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The override of %(network)s is revoked: the readiness check applies again.")
            % {"network": catalogue.network_label(network)},
        )
    return redirect(
        _next(request, reverse("strategy:readiness", args=[membership.workspace.slug, network]))
    )
