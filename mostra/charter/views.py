"""The charter page, and the live check the post editor calls on every keystroke."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mostra.charter.checks import MediaInfo, by_severity, check_variant, load_charter
from mostra.charter.checks.network import counting_note
from mostra.charter.checks.thread import measure
from mostra.charter.forms import CharterForm, NetworkRuleForm, TryForm
from mostra.charter.instance_limits import text_max_for
from mostra.charter.limits import UnknownNetwork, all_limits, limits_for
from mostra.charter.models import Charter
from mostra.charter.services import save_charter
from mostra.core.errors import DomainError
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.workspaces import workspace_language
from mostra.core.views.base import client_ip, workspace_view
from mostra.strategy.catalogue import CONTENT_TYPES, FORMATS, NETWORKS
from mostra.strategy.models import Platform

FALSE_VALUES = {"", "off"}


def _flag(request: HttpRequest, name: str) -> bool:
    """Checkbox semantics: present and neither "" nor "off"."""
    value = request.POST.get(name)
    return value is not None and value not in FALSE_VALUES


def _networks(membership: Membership, charter: Charter, extra: list[str]) -> list[str]:
    """The networks the page shows rules for: the strategy's platforms, the networks that
    have rules, and those the user adds; in the catalogue's order."""
    wanted = set(charter.rules_by_network()) | {n for n in extra if n in NETWORKS}
    wanted |= set(
        Platform.objects.filter(workspace=membership.workspace).values_list("network", flat=True)
    )
    return [n for n in NETWORKS if n in wanted]


def _rule_forms(
    membership: Membership, charter: Charter, networks: list[str], data: Any = None
) -> list[NetworkRuleForm]:
    rules = charter.rules_by_network()
    language = workspace_language(membership.workspace)
    return [
        NetworkRuleForm(data, network=n, instance=rules.get(n) or None, language=language)
        for n in networks
    ]


def _context(membership: Membership, charter: Charter, **extra: Any) -> dict[str, Any]:
    can_edit = has_perm(membership, Perm.EDIT_STRATEGY)
    rules = charter.rules_by_network()
    context: dict[str, Any] = {
        "workspace": membership.workspace,
        "charter": charter,
        "can_edit": can_edit,
        "can_try": has_perm(membership, Perm.DRAFT_CONTENT),
        "rules": [(NETWORKS[n], rule) for n, rule in rules.items() if n in NETWORKS],
        "formats": [
            (CONTENT_TYPES[kind], [FORMATS[f] for f in codes if f in FORMATS])
            for kind, codes in (charter.favoured_formats or {}).items()
            if kind in CONTENT_TYPES
        ],
        "limits": list(all_limits().values()),
        "try_form": TryForm(initial={"network": next(iter(rules), "instagram")}),
    }
    context.update(extra)
    return context


@workspace_view()
@require_http_methods(["GET", "POST"])
def charter_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Everyone on the team reads the charter; owners and managers change it."""
    charter = load_charter(membership.workspace)
    can_edit = has_perm(membership, Perm.EDIT_STRATEGY)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        return _save(request, membership, charter)
    context = _context(membership, charter)
    if can_edit:
        networks = _networks(membership, charter, request.GET.getlist("add"))
        context |= {
            "form": CharterForm(
                instance=charter, language=workspace_language(membership.workspace)
            ),
            "format_choices": list(FORMATS.items()),
            "rule_forms": _rule_forms(membership, charter, networks),
            "addable": [(n, label) for n, label in NETWORKS.items() if n not in networks],
        }
    return render(request, "charter/charter.html", context)


def _save(request: HttpRequest, membership: Membership, charter: Charter) -> HttpResponse:
    networks = _networks(membership, charter, request.POST.getlist("networks"))
    form = CharterForm(
        request.POST,
        instance=Charter.objects.get(pk=charter.pk)
        if charter.pk
        else Charter(workspace=membership.workspace),
        language=workspace_language(membership.workspace),
    )
    rule_forms = _rule_forms(membership, charter, networks, request.POST)
    if form.is_valid() and all(f.is_valid() for f in rule_forms):
        try:
            save_charter(
                membership,
                form.charter_values(),
                {f.network: f.rule_values() for f in rule_forms},
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Charter saved."))
            return redirect("charter:edit", slug=membership.workspace.slug)
    context = _context(
        membership, charter, form=form, rule_forms=rule_forms, format_choices=list(FORMATS.items())
    )
    context["addable"] = [(n, label) for n, label in NETWORKS.items() if n not in networks]
    return render(request, "charter/charter.html", context, status=400)


def _bad_request(message: str) -> HttpResponse:
    html = render_to_string("charter/partials/findings_problem.html", {"message": message})
    return HttpResponseBadRequest(html)


#: How the live check finds a saved post's media for a network: (workspace, post id,
#: network) -> its media (each read by :meth:`MediaInfo.from_media`), or None when the
#: workspace has no such post. The posts are the editorial app's, a layer above: it
#: fills this when it is ready (:func:`mostra.editorial.services.media.saved_media`).
SAVED_MEDIA: list[Callable[[Workspace, int, str], Iterable[Any] | None]] = []


def _saved_media(membership: Membership, post_id: str, network: str) -> list[MediaInfo]:
    if not post_id.isdigit():
        raise ValueError
    media = SAVED_MEDIA[0](membership.workspace, int(post_id), network)
    if media is None:
        raise Http404
    return [MediaInfo.from_media(m) for m in media]


@workspace_view(Perm.DRAFT_CONTENT)
@require_POST
def check(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The findings of one variant as the partial ``charter/partials/findings.html``.

    Parameters: ``network``; ``prefix`` (default "") for ``<prefix>text``,
    ``<prefix>link`` and ``<prefix>first_comment``; the post's flags ``sponsored``,
    ``image_retouched``, ``image_virtual``, ``sensitive``; optionally ``post``, whose
    saved media for the network are checked too.
    """
    network = request.POST.get("network", "")
    try:
        limits_for(network)
    except UnknownNetwork:
        return _bad_request(
            _("Unknown network “%(network)s”: choose one of %(networks)s.")
            % {"network": network, "networks": ", ".join(NETWORKS)}
        )
    prefix = request.POST.get("prefix", "")
    text = request.POST.get(f"{prefix}text", "")
    media: list[MediaInfo] = []
    post_id = request.POST.get("post", "").strip()
    if post_id:
        try:
            media = _saved_media(membership, post_id, network)
        except ValueError:
            return _bad_request(_("“post” must be the number of a post of this workspace."))
    text_max = text_max_for(membership.workspace, network)
    findings = check_variant(
        membership.workspace,
        network,
        text,
        link=request.POST.get(f"{prefix}link", ""),
        first_comment=request.POST.get(f"{prefix}first_comment", ""),
        media=media,
        sponsored=_flag(request, "sponsored"),
        image_retouched=_flag(request, "image_retouched"),
        image_virtual=_flag(request, "image_virtual"),
        sensitive=_flag(request, "sensitive"),
        text_max=text_max,
    )
    return HttpResponse(render_findings(network, text, findings, text_max=text_max))


def render_findings(
    network: str, text: str, findings: list[Any], *, text_max: int | None = None
) -> str:
    """The findings partial for a variant (also for pages that render it server-side)."""
    limits = limits_for(network, text_max=text_max)
    measured, parts = measure(limits, text)
    grouped = by_severity(findings)
    labels = {"error": _("Errors"), "warning": _("Warnings"), "info": _("Notes")}
    return render_to_string(
        "charter/partials/findings.html",
        {
            "network": network,
            "limits": limits,
            "measured": measured,
            "parts": parts,
            "note": counting_note(limits),
            "groups": [(s, labels[s], items) for s, items in grouped.items()],
            "errors": len(grouped["error"]),
            "warnings": len(grouped["warning"]),
            "findings": findings,
        },
    )
