"""What the post's page shows of its publications, and a person's decisions on them.

For each variant: its publication's state in words (waiting for its time, being sent
or interrupted with the time of its retry (:mod:`mostra.publishing.services.sending`),
published with the link, failed with the network's reason, outcome unknown), the
attempts log, and the latest metrics. The panel is rendered inside the post's page
(``{% include "publishing/partials/post_publications.html" %}``) and, while something
is about to go out or going out, refreshes itself through htmx
(``publishing:post_publications``).

Retry, "retry anyway" and "mark as published" call the publishing engine's services
(:mod:`mostra.publishing.services.retries`); refusals come back as messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.counts import COUNT_FIELDS, count_labels
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.editorial.models import Post, PostVariant
from mostra.publishing.models import (
    AccountStatus,
    MetricSnapshot,
    Publication,
    PublicationState,
    SocialAccount,
)
from mostra.publishing.services import sending
from mostra.publishing.services.metrics import latest_snapshots
from mostra.publishing.views.forms import MarkPublishedForm
from mostra.strategy.catalogue import network_label

S = PublicationState
#: The badge's colour per state (see .badge in app.css).
STATE_CSS = {
    S.PENDING: "",
    S.PUBLISHING: "warn",
    S.PUBLISHED: "ok",
    S.FAILED: "err",
    S.UNKNOWN: "err",
    S.CANCELLED: "",
    S.MANUAL_DUE: "warn",
    S.SKIPPED: "",
}
#: While a publication is due within this time (or publishing), the panel refreshes.
LIVE_WINDOW = dt.timedelta(minutes=2)


@dataclass
class VariantRow:
    variant: PostVariant
    publication: Publication | None
    snapshot: MetricSnapshot | None = None
    #: Why there is no publication yet, in words (no account connected…).
    hint: str = ""
    metrics: list[tuple[str, int]] = field(default_factory=list)
    #: While publishing: being sent, or interrupted and retried at a time (in words).
    sending: str = ""

    @property
    def network_name(self) -> str:
        return network_label(self.variant.network)

    @property
    def state_css(self) -> str:
        return STATE_CSS.get(self.publication.state, "") if self.publication else ""


def panel_context(post: Post, membership: Membership | None) -> dict[str, Any]:
    """Everything the panel shows, in four queries whatever the number of variants (one
    more, their media, while one is being sent)."""
    variants = list(post.variants.all())
    publications = {
        p.variant_id: p
        for p in Publication.objects.filter(variant__post=post)
        .select_related("account", "variant")
        .prefetch_related("log")
    }
    snapshots = latest_snapshots(list(publications.values())) if publications else {}
    missing = {v.network for v in variants if v.pk not in publications}
    connected = (
        set(
            SocialAccount.objects.filter(
                workspace_id=post.workspace_id, network__in=missing, status=AccountStatus.CONNECTED
            ).values_list("network", flat=True)
        )
        if missing
        else set()
    )
    labels = count_labels()
    rows = []
    now = timezone.now()
    zone = ZoneInfo(post.workspace.timezone)
    sendings = sending.of_publications(publications.values(), now)
    live = False
    for variant in variants:
        publication = publications.get(variant.pk)
        row = VariantRow(variant, publication)
        if publication is None:
            row.hint = (
                _("Goes out once the post is scheduled.")
                if variant.network in connected
                else _("No %(network)s account is connected to this workspace yet.")
                % {"network": network_label(variant.network)}
            )
        else:
            if publication.pk in sendings:
                row.sending = sendings[publication.pk].sentence(zone)
            row.snapshot = snapshots.get(publication.pk)
            if row.snapshot is not None:
                row.metrics = [
                    (labels[name], getattr(row.snapshot, name))
                    for name in COUNT_FIELDS
                    if getattr(row.snapshot, name) is not None
                ]
            if publication.state == S.PUBLISHING or (
                publication.state == S.PENDING and publication.next_attempt_at - now <= LIVE_WINDOW
            ):
                live = True
        rows.append(row)
    return {
        "post": post,
        "workspace": post.workspace,
        "rows": rows,
        "live": live,
        "can_act": has_perm(membership, Perm.EDIT_CONTENT),
        "can_see_accounts": membership is not None,
        "mark_form": MarkPublishedForm(),
    }


def _post(membership: Membership, pk: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("workspace").prefetch_related("variants"),
        pk=pk,
        workspace=membership.workspace,
    )


def _publication(membership: Membership, pk: int) -> Publication:
    return get_object_or_404(
        Publication.objects.select_related("account", "variant__post"),
        pk=pk,
        variant__post__workspace=membership.workspace,
    )


@workspace_view()
def post_publications(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The panel alone (htmx refreshes it while something goes out)."""
    post = _post(membership, pk)
    return render(
        request,
        "publishing/partials/publications_panel.html",
        panel_context(post, membership),
    )


def _back(membership: Membership, post_id: int) -> HttpResponse:
    return redirect("editorial:post", membership.workspace.slug, post_id)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def publication_retry(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Send a failed publication again (or one whose outcome is unknown: "retry anyway")."""
    from mostra.publishing.services import retries

    publication = _publication(membership, pk)
    try:
        retries.retry(publication, membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The %(network)s publication goes out again within a minute.")
            % {"network": network_label(publication.variant.network)},
        )
    return _back(membership, publication.variant.post_id)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def publication_mark_published(
    request: HttpRequest, membership: Membership, pk: int
) -> HttpResponse:
    """A person saw the post on the network: an unknown outcome becomes published."""
    from mostra.publishing.services import retries

    publication = _publication(membership, pk)
    form = MarkPublishedForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("The link is not a web address: paste the post's address, or leave it empty."),
        )
        return _back(membership, publication.variant.post_id)
    try:
        retries.mark_published(publication, membership, form.cleaned_data["url"] or "")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The %(network)s publication is marked as published.")
            % {"network": network_label(publication.variant.network)},
        )
    return _back(membership, publication.variant.post_id)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def post_publish_now(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Send an approved or scheduled post now (the engine's ``publish_now``)."""
    from mostra.publishing.services import publications

    post = _post(membership, pk)
    try:
        publications.publish_now(post, membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The post goes out within a minute."))
    return _back(membership, post.pk)
