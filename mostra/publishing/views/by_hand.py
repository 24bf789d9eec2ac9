"""Publishing by hand: adding such an account (accounts page), and the page of one
publication to make by hand (:mod:`mostra.publishing.services.by_hand`).

The page gives what the person needs on the network, ready to copy: the text (a Copy
button, ``data-copy`` in ``mostra/app.js``), the first comment, each media file to
download with its alt text, and the network's composer; then *Mark published* with the
post's address, or *Skip* with a reason. Every member sees it; members who may publish
act on it.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import workspace_view
from mostra.editorial.models import PostMedia
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.services import by_hand
from mostra.publishing.views.accounts import leads_to_sign_in, render_page
from mostra.publishing.views.forms import ByHandAccountForm, ByHandPublishedForm, ByHandSkipForm
from mostra.strategy import catalogue


@leads_to_sign_in
@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def account_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Add an account published by hand from the accounts page's form."""
    form = ByHandAccountForm(request.POST, workspace=membership.workspace)
    if form.is_valid():
        data = form.cleaned_data
        try:
            account = by_hand.add_account(
                membership, data["network"], data["handle"], data["responsible"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "%(network)s account %(handle)s added: it is published by hand, "
                    "%(who)s is told when each post is due."
                )
                % {
                    "network": catalogue.network_label(account.network),
                    "handle": account.handle,
                    "who": data["responsible"],
                },
            )
            return redirect("publishing:accounts", membership.workspace.slug)
    return render_page(request, membership, forms={"by_hand": form}, status=400, opened="by_hand")


def _publication(membership: Membership, pk: int) -> Publication:
    return get_object_or_404(
        Publication.objects.select_related("account__responsible", "variant__post__workspace"),
        pk=pk,
        variant__post__workspace=membership.workspace,
        account__by_hand=True,
    )


def _render(
    request: HttpRequest,
    membership: Membership,
    publication: Publication,
    *,
    published_form: ByHandPublishedForm | None = None,
    skip_form: ByHandSkipForm | None = None,
    status: int = 200,
) -> HttpResponse:
    variant = publication.variant
    post = variant.post
    network = variant.network
    context: dict[str, Any] = {
        "workspace": membership.workspace,
        "publication": publication,
        "variant": variant,
        "post": post,
        "network_name": catalogue.network_label(network),
        "composer": catalogue.COMPOSERS.get(network, ""),
        "example": catalogue.post_url_example(network),
        "media": list(PostMedia.objects.filter(variant=variant).order_by("position", "id")),
        "open": publication.state in by_hand.OPEN,
        "can_act": by_hand.may_publish(membership),
        "published_form": published_form or ByHandPublishedForm(),
        "skip_form": skip_form or ByHandSkipForm(),
        "states": PublicationState,
    }
    return render(request, "publishing/by_hand.html", context, status=status)


@workspace_view()
def publication_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """What to publish by hand, ready to copy, and the two ways to close it."""
    return _render(request, membership, _publication(membership, pk))


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def publication_published(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """It was published by hand: the post's address (checked), and when."""
    publication = _publication(membership, pk)
    zone = ZoneInfo(membership.workspace.timezone)
    with timezone.override(zone):  # a time typed is the workspace's wall time
        form = ByHandPublishedForm(request.POST)
        valid = form.is_valid()
    if valid:
        try:
            by_hand.mark_published(
                publication,
                membership,
                form.cleaned_data["url"],
                form.cleaned_data.get("published_at"),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("The %(network)s publication is marked as published.")
                % {"network": catalogue.network_label(publication.variant.network)},
            )
            return redirect(
                "editorial:post", membership.workspace.slug, publication.variant.post_id
            )
    publication.refresh_from_db()
    return _render(request, membership, publication, published_form=form, status=400)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def publication_skip(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Not published on this network after all, and why."""
    publication = _publication(membership, pk)
    form = ByHandSkipForm(request.POST)
    if form.is_valid():
        try:
            by_hand.skip(publication, membership, form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("The %(network)s publication is skipped.")
                % {"network": catalogue.network_label(publication.variant.network)},
            )
            return redirect(
                "editorial:post", membership.workspace.slug, publication.variant.post_id
            )
    publication.refresh_from_db()
    return _render(request, membership, publication, skip_form=form, status=400)
