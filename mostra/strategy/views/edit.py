"""Create, edit, delete and rank the strategy's elements, with or without JavaScript.

With htmx, an Edit button swaps the card for its form (``GET …/edit/``); saving
answers with the whole board and the panels (see :func:`board.board_response`), so
the SMART letters, the lint and the readiness follow every change. Without
JavaScript, the same URLs show full pages and saving redirects to the overview.

Elements are named in URLs by their id (targets, objectives, strategies, tactics) or
their network code (platforms, mission networks), as in a strategy file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.workspaces import workspace_language
from mostra.core.views.base import workspace_view
from mostra.strategy import catalogue, forms
from mostra.strategy import document as d
from mostra.strategy.services import objects as service
from mostra.strategy.services.export import export_document
from mostra.strategy.services.pending_owners import invited_addresses, pending_owner_label
from mostra.strategy.views.board import board_context, board_response, dom_id

Options = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """One kind of element: how the pages find, show, edit and save it."""

    slug: str  # in URLs: "objectives"
    name: str  # the service's name, and the card's template: "objective"
    label: Promise  # "objective", for messages
    form: type[forms.StrategyForm]
    find: Callable[[d.StrategyDocument, str], Any]
    options: Callable[[d.StrategyDocument, Membership, Any], Options]
    save: Callable[[Membership, Any, str | None], Any]
    keyed: bool = True

    def key_of(self, part: Any) -> str:
        return part.id if self.keyed else part.network


def _by_id(items: str) -> Callable[[d.StrategyDocument, str], Any]:
    return lambda doc, key: next((x for x in getattr(doc, items) if x.id == key), None)


def _member_choices(membership: Membership) -> list[tuple[str, str]]:
    return [(m.user.email, m.user.name) for m in membership.workspace.memberships.by_rank()]


def _target_choices(doc: d.StrategyDocument) -> list[tuple[str, str]]:
    ranked = doc.priority_targets()
    return [(t.id, t.name) for t in [*ranked, *(t for t in doc.targets if t not in ranked)]]


def _network_options(attr: str) -> Callable[[d.StrategyDocument, Membership, Any], Options]:
    def options(doc: d.StrategyDocument, membership: Membership, part: Any) -> Options:
        items = doc.mission.networks if attr == "mission" else doc.platforms
        return {"editing": part is not None, "taken": {x.network for x in items}}

    return options


def _target_options(doc: d.StrategyDocument, membership: Membership, part: Any) -> Options:
    return {"priority": part.priority if part is not None else None}


def _owner_choices(membership: Membership, part: d.Objective | None) -> list[tuple[str, str]]:
    """The members, and the objective's owner who is not a member yet, if it has one, so
    that saving the form keeps them (choosing a member replaces them)."""
    members = _member_choices(membership)
    owner = part.owner if part is not None else None
    if owner and owner.lower() not in {email.lower() for email, _name in members}:
        invited = owner.lower() in invited_addresses(membership.workspace)
        members.append((owner, pending_owner_label(owner, invited)))
    return members


def _objective_options(doc: d.StrategyDocument, membership: Membership, part: Any) -> Options:
    return {
        "members": _owner_choices(membership, part),
        "targets": _target_choices(doc),
        "kpis": doc.kpis,
    }


def _strategy_options(doc: d.StrategyDocument, membership: Membership, part: Any) -> Options:
    return {"objectives": [(o.id, o.title) for o in doc.objectives]}


def _tactic_options(doc: d.StrategyDocument, membership: Membership, part: Any) -> Options:
    return {
        "strategies": [(s.id, s.title or s.id) for s in doc.strategies],
        "targets": _target_choices(doc),
        "slots": part.slots if part is not None else [],
    }


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in [
        Kind(
            "networks",
            "mission_network",
            gettext_lazy("mission network"),
            forms.MissionNetworkForm,
            lambda doc, key: next((m for m in doc.mission.networks if m.network == key), None),
            _network_options("mission"),
            lambda actor, part, key: service.save_mission_network(actor, part),
            keyed=False,
        ),
        Kind(
            "targets",
            "target",
            gettext_lazy("target"),
            forms.TargetForm,
            _by_id("targets"),
            _target_options,
            lambda actor, part, key: service.save_target(actor, part, key=key),
        ),
        Kind(
            "platforms",
            "platform",
            gettext_lazy("platform"),
            forms.PlatformForm,
            lambda doc, key: doc.platform(key),
            _network_options("platforms"),
            lambda actor, part, key: service.save_platform(actor, part, adding=key is None),
            keyed=False,
        ),
        Kind(
            "kpis",
            "kpi",
            gettext_lazy("KPI"),
            forms.KpiForm,
            _by_id("kpis"),
            lambda doc, membership, part: {},
            lambda actor, part, key: service.save_kpi(actor, part, key=key),
        ),
        Kind(
            "objectives",
            "objective",
            gettext_lazy("objective"),
            forms.ObjectiveForm,
            _by_id("objectives"),
            _objective_options,
            lambda actor, part, key: service.save_objective(actor, part, key=key),
        ),
        Kind(
            "strategies",
            "strategy",
            gettext_lazy("strategy"),
            forms.PlanForm,
            _by_id("strategies"),
            _strategy_options,
            lambda actor, part, key: service.save_strategy(actor, part, key=key),
        ),
        Kind(
            "tactics",
            "tactic",
            gettext_lazy("tactic"),
            forms.TacticForm,
            _by_id("tactics"),
            _tactic_options,
            lambda actor, part, key: service.save_tactic(actor, part, key=key),
        ),
    ]
}
#: The kind of a card on the board (its template) -> the kind's short name in the page.
CARD_KINDS = {
    "mission_network": "network",
    "target": "target",
    "platform": "platform",
    "kpi": "kpi",
    "objective": "objective",
    "strategy": "strategy",
    "tactic": "tactic",
}


def _kind(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _overview_url(membership: Membership, anchor: str = "") -> str:
    url = reverse("strategy:overview", args=[membership.workspace.slug])
    return f"{url}#{anchor}" if anchor else url


def _new_defaults(kind: Kind, request: HttpRequest, doc: d.StrategyDocument) -> dict[str, Any]:
    """Sensible starting values for a new element, from the link that asked for it."""
    initial: dict[str, Any] = {}
    if kind.name == "objective":
        axis = request.GET.get("axis", "")
        initial["axis"] = axis if axis in catalogue.AXES else "awareness"
    elif kind.name == "strategy":
        wanted = request.GET.get("objective", "")
        if any(o.id == wanted for o in doc.objectives):
            initial["objective"] = wanted
    elif kind.name == "tactic":
        wanted = request.GET.get("strategy", "")
        if any(s.id == wanted for s in doc.strategies):
            initial["strategy"] = wanted
    elif kind.name == "target":
        initial.update(kind="direct", typology="collective")
    elif kind.name == "platform":
        initial["stage"] = "candidate"
    return initial


def _form(
    kind: Kind,
    membership: Membership,
    doc: d.StrategyDocument,
    part: Any,
    key: str,
    data: Any = None,
    initial: dict[str, Any] | None = None,
) -> forms.StrategyForm:
    prefix = f"{CARD_KINDS[kind.name]}-{key or 'new'}"
    if initial is None:
        initial = kind.form.initial_for(part) if part is not None else {}  # type: ignore[attr-defined]
    return kind.form(
        data,
        initial=initial,
        prefix=prefix,
        language=workspace_language(membership.workspace),
        **kind.options(doc, membership, part),
    )


def _form_response(
    request: HttpRequest,
    membership: Membership,
    kind: Kind,
    form: forms.StrategyForm,
    key: str,
    *,
    status: int = 200,
) -> HttpResponse:
    """The form alone for htmx (in place of the card), or a full page."""
    workspace = membership.workspace
    base = reverse("strategy:overview", args=[workspace.slug])
    if key:
        action = reverse("strategy:edit", args=[workspace.slug, kind.slug, key])
        cancel = reverse("strategy:card", args=[workspace.slug, kind.slug, key])
        delete = reverse("strategy:delete", args=[workspace.slug, kind.slug, key])
    else:
        action = reverse("strategy:new", args=[workspace.slug, kind.slug])
        cancel = f"{action}?cancel=1"
        delete = ""
    context = {
        "workspace": workspace,
        "kind": kind,
        "card_kind": CARD_KINDS[kind.name],
        "form": form,
        "key": key,
        "action": action,
        "cancel": cancel,
        "delete": delete,
        "overview_url": base,
        "form_id": dom_id(CARD_KINDS[kind.name], key) if key else f"new-{CARD_KINDS[kind.name]}",
        "template": f"strategy/forms/{CARD_KINDS[kind.name]}.html",
    }
    if request.htmx:
        # htmx only swaps 2xx answers unless told otherwise: strategy.js lets 422 through.
        return render(
            request,
            "strategy/partials/edit_form.html",
            context,
            status=422 if status >= 400 else status,
        )
    return render(request, "strategy/edit_page.html", context, status=status)


def _apply_error(form: forms.StrategyForm, exc: DomainError) -> None:
    form.add_error(form.field_for(exc.field), exc.message)


def _save(
    request: HttpRequest,
    membership: Membership,
    kind: Kind,
    key: str,
    part_before: Any,
    doc: d.StrategyDocument,
) -> HttpResponse:
    form = _form(kind, membership, doc, part_before, key, data=request.POST)
    if form.is_valid():
        extra: dict[str, Any] = {}
        if kind.keyed and not form.cleaned_data.get("id"):
            title = form.cleaned_data.get("title") or form.cleaned_data.get("name") or ""
            extra["id"] = key or service.new_key(membership.workspace, kind.name, title)
        part = form.part(**extra)
        if part is not None:
            try:
                kind.save(membership, part, key or None)
            except DomainError as exc:
                _apply_error(form, exc)
            else:
                new_key = kind.key_of(part)
                anchor = dom_id(CARD_KINDS[kind.name], new_key)
                message = (_("%(kind)s saved.") if key else _("%(kind)s added.")) % {
                    "kind": str(kind.label).capitalize()
                }
                if request.htmx:
                    return board_response(request, membership, status=message, focus=anchor)
                messages.success(request, message)
                return redirect(_overview_url(membership, anchor))
    return _form_response(request, membership, kind, form, key, status=400)


def _require_edit(membership: Membership) -> None:
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise Http404


@workspace_view()
def card(request: HttpRequest, membership: Membership, kind: str, key: str) -> HttpResponse:
    """One card as the board shows it (htmx: what Cancel puts back)."""
    k = _kind(kind)
    if not request.htmx:
        return redirect(_overview_url(membership, dom_id(CARD_KINDS[k.name], key)))
    context = board_context(membership)
    cards = {
        c.key: c
        for group in (
            context["mission_cards"],
            context["target_cards"],
            context["platform_cards"],
            context["kpi_cards"],
            context["strategy_cards"],
            context["tactic_cards"],
            *(cards for _axis, _label, cards in context["axes"]),
        )
        for c in group
        if c.kind == CARD_KINDS[k.name]
    }
    if key not in cards:
        raise Http404
    context["card"] = cards[key]
    return render(request, f"strategy/cards/{CARD_KINDS[k.name]}.html", context)


@workspace_view(Perm.EDIT_STRATEGY)
def edit(request: HttpRequest, membership: Membership, kind: str, key: str) -> HttpResponse:
    k = _kind(kind)
    doc = export_document(membership.workspace)
    part = k.find(doc, key)
    if part is None:
        raise Http404
    if request.method == "POST":
        return _save(request, membership, k, key, part, doc)
    return _form_response(request, membership, k, _form(k, membership, doc, part, key), key)


@workspace_view(Perm.EDIT_STRATEGY)
def new(request: HttpRequest, membership: Membership, kind: str) -> HttpResponse:
    k = _kind(kind)
    doc = export_document(membership.workspace)
    if request.method == "POST":
        return _save(request, membership, k, "", None, doc)
    if request.GET.get("cancel"):
        if request.htmx:
            return HttpResponse("")
        return redirect(_overview_url(membership))
    form = _form(k, membership, doc, None, "", initial=_new_defaults(k, request, doc))
    return _form_response(request, membership, k, form, "")


@workspace_view(Perm.EDIT_STRATEGY)
def delete(request: HttpRequest, membership: Membership, kind: str, key: str) -> HttpResponse:
    """GET: a confirmation page (without JavaScript); POST: delete."""
    k = _kind(kind)
    doc = export_document(membership.workspace)
    part = k.find(doc, key)
    if part is None:
        raise Http404
    if request.method != "POST":
        strategies = doc.strategies_of(key) if k.name == "objective" else []
        tactics = (
            doc.tactics_of_objective(key)
            if k.name == "objective"
            else [t for t in doc.tactics if t.strategy == key]
            if k.name == "strategy"
            else []
        )
        return render(
            request,
            "strategy/delete_page.html",
            {
                "workspace": membership.workspace,
                "kind": k,
                "key": key,
                "name": _name(part),
                "strategies": strategies,
                "tactics": tactics,
            },
        )
    try:
        service.delete_object(membership, k.name, key)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_overview_url(membership))
    message = _("%(kind)s deleted.") % {"kind": str(k.label).capitalize()}
    if request.htmx:
        return board_response(request, membership, status=message)
    messages.success(request, message)
    return redirect(_overview_url(membership))


def _name(part: Any) -> str:
    names = getattr(part, "names", None)
    if names is not None:
        return str(names.fr or names.en)
    for attr in ("title", "name"):
        if getattr(part, attr, ""):
            return str(getattr(part, attr))
    network = getattr(part, "network", "")
    return catalogue.network_label(network) if network else str(getattr(part, "id", ""))


@workspace_view(Perm.EDIT_STRATEGY)
@require_POST
def move_target(request: HttpRequest, membership: Membership, key: str) -> HttpResponse:
    """Move a priority target one place up or down the ranking."""
    doc = export_document(membership.workspace)
    ranked = [t.id for t in doc.priority_targets()]
    if key not in ranked:
        raise Http404
    i = ranked.index(key)
    j = i - 1 if request.POST.get("direction") == "up" else i + 1
    if 0 <= j < len(ranked):
        ranked[i], ranked[j] = ranked[j], ranked[i]
        service.reorder_targets(membership, ranked)
    message = _("Ranking saved.")
    anchor = dom_id("target", key)
    if request.htmx:
        return board_response(request, membership, status=message, focus=anchor)
    messages.success(request, message)
    return redirect(_overview_url(membership, anchor))


@workspace_view(Perm.EDIT_STRATEGY)
def edit_profile(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The mission itself: the vision, the team's capacity and the check settings."""
    doc = export_document(membership.workspace)
    initial = forms.ProfileForm.initial_for(doc)
    form = forms.ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        prefix="mission",
        language=workspace_language(membership.workspace),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service.save_profile(membership, **form.values())
            except DomainError as exc:
                name = {"default_monthly_growth_max": "growth_percent"}.get(exc.field or "")
                form.add_error(
                    name or (exc.field if exc.field in form.fields else None), exc.message
                )
            else:
                message = _("Mission saved.")
                if request.htmx:
                    return board_response(request, membership, status=message, focus="mission")
                messages.success(request, message)
                return redirect(_overview_url(membership, "mission"))
        status = 400
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "form": form,
        "key": "",
        "card_kind": "mission",
        "kind": None,
        "action": reverse("strategy:edit_profile", args=[workspace.slug]),
        "cancel": reverse("strategy:profile_card", args=[workspace.slug]),
        "delete": "",
        "overview_url": _overview_url(membership),
        "form_id": "mission",
        "template": "strategy/forms/mission.html",
    }
    if request.htmx:
        status = 422 if status >= 400 else 200
        return render(request, "strategy/partials/edit_form.html", context, status=status)
    return render(request, "strategy/edit_page.html", context, status=status)


@workspace_view()
def profile_card(request: HttpRequest, membership: Membership) -> HttpResponse:
    if not request.htmx:
        return redirect(_overview_url(membership, "mission"))
    return render(request, "strategy/cards/mission.html", board_context(membership))
