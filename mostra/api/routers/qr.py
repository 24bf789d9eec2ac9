"""QR codes of a workspace's links and profiles, for printed supports: the file itself
(SVG, PNG or PDF) in the answer; the support's child link created once, as on the page."""

from __future__ import annotations

import base64
import binascii

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from mostra.api.access import member
from mostra.api.schemas.common import INVALID
from mostra.api.schemas.qr import QrIn
from mostra.core.errors import DomainError
from mostra.core.permissions import Perm
from mostra.links.models import TrackedLink
from mostra.links.qr.files import QrFile, QrOrder, qr_file
from mostra.publishing.models import SocialAccount

router = Router(tags=["links"])
BASE = "/workspaces/{slug}"
FILE: dict[int, object] = {
    200: {"content": {"image/svg+xml": {}, "image/png": {}, "application/pdf": {}}}
}


def _order(payload: QrIn, request: HttpRequest) -> QrOrder:
    logo = None
    if payload.logo_base64:
        try:
            logo = base64.b64decode(payload.logo_base64, validate=True)
        except (binascii.Error, ValueError):
            raise DomainError(
                _("logo_base64 is not base64: encode the image file."), "logo_base64"
            ) from None
    return QrOrder(
        format=payload.format,
        template=payload.template,
        support=payload.support,
        call_to_action=payload.call_to_action,
        dark=payload.dark,
        light=payload.light,
        logo=logo,
        size_px=payload.size_px,
        size_mm=payload.size_mm,
        dpi=payload.dpi,
        language=getattr(request, "LANGUAGE_CODE", None),
    )


def _answer(made: QrFile) -> HttpResponse:
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["X-Short-Url"] = made.url
    return response


@router.post(
    f"{BASE}/links/{{link_id}}/qr", response={**INVALID}, openapi_extra={"responses": FILE}
)
def link_qr(request: HttpRequest, slug: str, link_id: int, payload: QrIn) -> HttpResponse:
    """The QR code of a link for a printed support (contributors and up): the link's
    child for that support (medium offline, created once) is what the code carries;
    ``X-Short-Url`` gives its short address."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    link = TrackedLink.objects.for_workspace(membership.workspace).filter(pk=link_id).first()
    if link is None:
        raise Http404
    return _answer(qr_file(membership, link, _order(payload, request), request))


@router.post(
    f"{BASE}/accounts/{{account_id}}/qr", response={**INVALID}, openapi_extra={"responses": FILE}
)
def profile_qr(request: HttpRequest, slug: str, account_id: int, payload: QrIn) -> HttpResponse:
    """The QR code of a network account's profile for a printed support, through a
    tracked link to the profile (created once) and its child for the support."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    account = SocialAccount.objects.filter(workspace=membership.workspace, pk=account_id).first()
    if account is None:
        raise Http404
    return _answer(qr_file(membership, account, _order(payload, request), request))
