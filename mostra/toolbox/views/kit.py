"""The Website kit page (follow links and buttons to copy, the latest-posts embed and its
token), and the public embed itself, served to anyone holding the token."""

from __future__ import annotations

import json

from csp.decorators import csp_replace
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.toolbox import kit
from mostra.toolbox.services import embed

#: Browsers and proxies keep the public list this long (seconds).
EMBED_MAX_AGE = 300


@workspace_view()
def website_kit(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    follows = kit.follows(workspace.pk)
    key = embed.key_for(workspace)
    html_url = request.build_absolute_uri(reverse("embed:latest_html", args=[key.token]))
    json_url = request.build_absolute_uri(reverse("embed:latest_json", args=[key.token]))
    links = kit.links_html(follows)
    buttons = kit.buttons_html(follows)
    iframe = kit.embed_html(html_url, _("Our latest posts"))
    context = {
        "workspace": workspace,
        "follows": follows,
        "links": links,
        "buttons": buttons,
        "iframe": iframe,
        "html_url": html_url,
        "json_url": json_url,
        "can_rotate": has_perm(membership, Perm.EDIT_WORKSPACE),
    }
    return render(request, "toolbox/website_kit.html", context)


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def embed_rotate(request: HttpRequest, membership: Membership) -> HttpResponse:
    embed.rotate(membership, ip_address=client_ip(request))
    messages.success(
        request,
        _("New embed address made: the old one no longer works; update the pages that use it."),
    )
    return redirect("toolbox:website_kit", membership.workspace.slug)


@require_GET
@xframe_options_exempt
@csp_replace(
    {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "script-src": ["'none'"],
        "img-src": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["*"],
    }
)
def embed_html(request: HttpRequest, token: str) -> HttpResponse:
    workspace = embed.workspace_of(token)
    if workspace is None:
        raise Http404
    context = {"workspace_name": workspace.name, "posts": embed.latest_posts(workspace)}
    response = render(request, "toolbox/embed_latest.html", context)
    response["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def embed_json(request: HttpRequest, token: str) -> HttpResponse:
    workspace = embed.workspace_of(token)
    if workspace is None:
        raise Http404
    body = {
        "workspace": workspace.name,
        "posts": [p.as_dict() for p in embed.latest_posts(workspace)],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response
