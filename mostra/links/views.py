"""The Links page: the workspace's tracked links with their clicks over the last 30 days,
the UTM builder (with a preview of the final address), and changing a link's
destination, end date, or disabling it; "Track a link" from a post's page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.editorial.models import Post
from mostra.links.forms import ExpiryForm, LinkForm, TagsForm, TargetForm
from mostra.links.models import Medium, TrackedLink, UtmCampaign
from mostra.links.services import links as service
from mostra.links.services.post_tagging import tag_post_links
from mostra.links.services.stats import clicks

DAYS = 30


def _link(membership: Membership, pk: int) -> TrackedLink:
    link = TrackedLink.objects.for_workspace(membership.workspace).filter(pk=pk).first()
    if link is None:
        raise Http404
    return link


def render_page(
    request: HttpRequest, membership: Membership, form: LinkForm, *, status: int = 200
) -> HttpResponse:
    workspace = membership.workspace
    today = timezone.localdate()
    stats = clicks(workspace, today - dt.timedelta(days=DAYS - 1), today)
    by_id = {link.pk: link for link in TrackedLink.objects.for_workspace(workspace)}
    rows = [
        {
            "link": by_id[f.link_id],
            "short_url": service.short_url(by_id[f.link_id], request),
            "final_url": service.final_url(by_id[f.link_id]),
            "figures": f,
            "peak": max(f.by_day) if f.by_day else 0,
            "live": by_id[f.link_id].is_live(),
        }
        for f in stats.links
    ]
    can_edit = has_perm(membership, Perm.EDIT_CONTENT)
    context = {
        "workspace": workspace,
        "rows": rows,
        "stats": stats,
        "days": DAYS,
        "can_edit": can_edit,
        "form": form if can_edit else None,
        "mediums": Medium.choices,
        "campaigns": UtmCampaign.objects.filter(workspace=workspace).values_list("name", flat=True),
    }
    return render(request, "links/links.html", context, status=status)


@workspace_view()
def links_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render_page(request, membership, LinkForm())


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = LinkForm(request.POST)
    if not form.is_valid():
        return render_page(request, membership, form, status=400)
    data = form.cleaned_data
    try:
        link = service.create_link(
            membership,
            data["target"],
            medium=data["medium"],
            campaign=data["campaign"],
            content=data["content"],
            network=data["network"],
            support=data["support"],
            expires_at=data["expires_at"],
            label=data["label"],
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render_page(request, membership, form, status=400)
    messages.success(
        request, _("Tracked link created: %(url)s") % {"url": service.short_url(link, request)}
    )
    return redirect("links:links", membership.workspace.slug)


@require_GET
@workspace_view(Perm.EDIT_CONTENT)
def preview(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The final address the builder's values give (htmx), or what to correct."""
    form = LinkForm(request.GET)
    form.is_valid()
    data = {**form.cleaned_data}
    try:
        target = service.checked_target(str(request.GET.get("target", "")))
    except DomainError as exc:
        return HttpResponse(f'<span class="error">{escape(exc.message)}</span>')
    network = data.get("network") or ""
    support = data.get("support") or ""
    medium = service.medium_for(data.get("medium") or "", support)
    link = TrackedLink(
        target=target,
        utm_source=service.source_for(network, medium, support),
        utm_medium=medium,
        utm_campaign=service.campaign_tag(data.get("campaign") or ""),
        utm_content=service.campaign_tag(data.get("content") or ""),
    )
    return HttpResponse(f"<code>{escape(service.final_url(link))}</code>")


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def change_target(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    link = _link(membership, pk)
    form = TargetForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Type the new destination, such as https://example.org/page."))
        service.change_target(membership, link, form.cleaned_data["target"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Destination changed; the short link %(code)s stays.") % {"code": link.code}
        )
    return redirect("links:links", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def change_tags(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    link = _link(membership, pk)
    form = TagsForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(
                _("Choose the kind of link, then save (the other tags may stay empty).")
            )
        data = form.cleaned_data
        service.change_tags(
            membership,
            link,
            source=data["source"],
            medium=data["medium"],
            campaign=data["campaign"],
            content=data["content"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Tags of %(code)s saved: its next clicks carry them (the short link stays).")
            % {"code": link.code},
        )
    return redirect("links:links", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def expiry(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    link = _link(membership, pk)
    form = ExpiryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type a date and time, or leave it empty for no end."))
    else:
        service.set_expiry(membership, link, form.cleaned_data["expires_at"])
        messages.success(request, _("End date of %(code)s saved.") % {"code": link.code})
    return redirect("links:links", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def disable(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    link = _link(membership, pk)
    service.disable(membership, link)
    messages.success(
        request,
        _("%(code)s is disabled: it now answers that the link has expired.") % {"code": link.code},
    )
    return redirect("links:links", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def track_post(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """A tracked link for the post's link on one of its networks (its first by default)."""
    post = Post.objects.filter(workspace=membership.workspace, pk=post_id).first()
    if post is None:
        raise Http404
    variants = list(post.variants.all())
    wanted = request.POST.get("network", "")
    variant = next((v for v in variants if v.network == wanted), variants[0] if variants else None)
    target = (variant.link if variant else "") or post.main_link
    try:
        if not target:
            raise DomainError(_("This post has no link to track: add one to the post first."))
        link = service.create_link(
            membership,
            target,
            medium="organic",
            post=post,
            network=variant.network if variant else "",
            label=post.title,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Tracked link for this post: %(url)s (use it in the post instead of the address).")
            % {"url": service.short_url(link, request)},
        )
    return redirect("editorial:post", membership.workspace.slug, post.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def tag_post(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """The post's untagged links replaced by tracked links, then the charter's check again."""
    post = (
        Post.objects.filter(workspace=membership.workspace, pk=post_id)
        .select_related("tactic__strategy__objective")
        .first()
    )
    if post is None:
        raise Http404
    try:
        done = tag_post_links(membership, post)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("editorial:post", membership.workspace.slug, post.pk)
    if not done.replaced:
        messages.info(request, _("Every link of this post is already tracked: nothing to do."))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d link replaced by a tracked link (%(created)d new).",
                "%(n)d links replaced by tracked links (%(created)d new).",
                done.replaced,
            )
            % {"n": done.replaced, "created": done.created},
        )
    if done.left:
        messages.warning(
            request,
            ngettext(
                "The charter check still finds %(n)d problem with links: see it below.",
                "The charter check still finds %(n)d problems with links: see them below.",
                done.left,
            )
            % {"n": done.left},
        )
    return redirect("editorial:post", membership.workspace.slug, post.pk)
