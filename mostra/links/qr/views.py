"""The Print / QR page of a link or a profile: choose the support, the template, the
format, the colours and a logo, and download the file (its support's link is created on
the first download and reused)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm, require
from mostra.core.views.base import workspace_view
from mostra.links.models import TrackedLink
from mostra.links.qr.files import qr_file
from mostra.links.qr.forms import QrForm
from mostra.links.qr.profiles import printed_accounts
from mostra.links.qr.supports import absolute_short_url
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.profiles import profile_url


def _page(
    request: HttpRequest,
    membership: Membership,
    target: TrackedLink | SocialAccount,
    form: QrForm,
    *,
    status: int = 200,
) -> HttpResponse:
    is_link = isinstance(target, TrackedLink)
    children: list[TrackedLink] = []
    if isinstance(target, TrackedLink):
        address = absolute_short_url(target, request)
        children = list(
            TrackedLink.objects.filter(parent=target).exclude(support="").order_by("support")
        )
    else:
        address = profile_url(target)
    context = {
        "workspace": membership.workspace,
        "target": target,
        "is_link": is_link,
        "address": address,
        "supports": [(child, absolute_short_url(child, request)) for child in children],
        "accounts": printed_accounts(membership.workspace),
        "profiles": SocialAccount.objects.filter(workspace=membership.workspace).order_by(
            "network", "handle"
        ),
        "form": form if has_perm(membership, Perm.DRAFT_CONTENT) else None,
    }
    return render(request, "links/print/page.html", context, status=status)


def _answer(
    request: HttpRequest, membership: Membership, target: TrackedLink | SocialAccount
) -> HttpResponse:
    if request.method != "POST":
        return _page(request, membership, target, QrForm())
    require(membership, Perm.DRAFT_CONTENT)
    form = QrForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, membership, target, form, status=400)
    try:
        made = qr_file(
            membership, target, form.order(getattr(request, "LANGUAGE_CODE", None)), request
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _page(request, membership, target, form, status=422)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@workspace_view()
def link_qr(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    link = TrackedLink.objects.for_workspace(membership.workspace).filter(pk=pk).first()
    if link is None:
        raise Http404
    return _answer(request, membership, link)


@workspace_view()
def profile_qr(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    account = SocialAccount.objects.filter(workspace=membership.workspace, pk=pk).first()
    if account is None:
        raise Http404
    return _answer(request, membership, account)
