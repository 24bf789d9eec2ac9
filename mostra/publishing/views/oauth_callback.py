"""Where the networks send the member back after the authorisation (one address per
provider, the one entered on its developer portal), and the public media addresses
Instagram and Threads fetch images from."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.integrations.meta.graph import media_path_of
from mostra.publishing.services.oauth import (
    PROVIDER_LABELS,
    STATE_SALT,
    finish_connect_all,
)


def _accounts_page(slug: str) -> str:
    return reverse("publishing:accounts", args=[slug])


def _workspace_slug(request: HttpRequest) -> str | None:
    """The workspace the connection was started from, when the state is mostra's."""
    try:
        data = signing.loads(request.GET.get("state", ""), salt=STATE_SALT)
    except signing.BadSignature:
        return None
    membership = (
        Membership.objects.select_related("workspace")
        .filter(workspace_id=data.get("w"), user=request.user)
        .first()
    )
    return membership.workspace.slug if membership else None


@login_required
@require_GET
def callback(request: HttpRequest, provider: str) -> HttpResponse:
    if provider not in PROVIDER_LABELS:
        raise Http404
    slug = _workspace_slug(request)
    try:
        accounts = finish_connect_all(request, provider)
    except DomainError as exc:
        if slug is None:
            context = {"message": exc.message, "network": PROVIDER_LABELS[provider]}
            return render(request, "publishing/oauth_error.html", context, status=400)
        messages.error(request, exc.message)
        return redirect(_accounts_page(slug))
    names = ", ".join(a.handle for a in accounts)
    messages.success(
        request,
        ngettext(
            "Connected: %(names)s.",
            "Connected %(count)d accounts: %(names)s. Disconnect those this workspace "
            "does not publish to.",
            len(accounts),
        )
        % {"names": names, "count": len(accounts)},
    )
    return redirect(_accounts_page(accounts[0].workspace.slug))


@require_GET
def public_media(request: HttpRequest, token: str) -> FileResponse:
    """One uploaded file, for the network that fetches it (a signed, expiring address)."""
    try:
        relative = media_path_of(token)
    except signing.BadSignature as exc:
        raise Http404 from exc
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex"
    return response
