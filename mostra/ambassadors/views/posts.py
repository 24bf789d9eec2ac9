"""The programme's tracked posts: the list (filtered by member, campaign, compliance),
a post added by its address, the refresh buttons (a member, a campaign), and a
campaign's compliance (the share of compliant posts, each non-compliant one with the
rule quoted and the message ready to send)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mostra.ambassadors.forms_posts import PostByUrlForm
from mostra.ambassadors.models import Compliance, InfluenceCampaign, Member
from mostra.ambassadors.services import tracked_posts as service
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import workspace_view

#: Rows shown on the list (the newest).
PAGE_ROWS = 200


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _posts_page(
    request: HttpRequest, membership: Membership, form: PostByUrlForm, status: int = 200
) -> HttpResponse:
    workspace = membership.workspace
    member, campaign = _int(request.GET.get("member")), _int(request.GET.get("campaign"))
    compliance = request.GET.get("compliance", "")
    if compliance not in Compliance.values:
        compliance = ""
    posts = service.posts_of(workspace, member=member, campaign=campaign, compliance=compliance)
    campaigns = list(InfluenceCampaign.objects.filter(workspace=workspace))
    return render(
        request,
        "ambassadors/posts.html",
        {
            "workspace": workspace,
            "posts": service.in_reader_language(workspace, list(posts[:PAGE_ROWS])),
            "members": list(Member.objects.filter(workspace=workspace)),
            "campaigns": campaigns,
            "compliances": Compliance.choices,
            "chosen": {"member": member, "campaign": campaign, "compliance": compliance},
            "chosen_campaign": next((c for c in campaigns if c.pk == campaign), None),
            "can_edit": service.can_edit(membership),
            "form": form,
        },
        status=status,
    )


@workspace_view()
def posts_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _posts_page(request, membership, PostByUrlForm(workspace=membership.workspace))


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def post_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = PostByUrlForm(request.POST, workspace=membership.workspace)
    if form.is_valid():
        try:
            post = service.track_url(
                membership,
                form.cleaned_data["url"],
                member=form.cleaned_data["member"],
                campaign=form.cleaned_data["campaign"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else "url", exc.message)
        else:
            messages.success(
                request,
                _("Post of %(member)s tracked: %(compliance)s.")
                % {"member": post.member.name, "compliance": post.get_compliance_display()},
            )
            return redirect(
                f"{reverse('ambassadors:posts', args=[membership.workspace.slug])}#post-{post.pk}"
            )
    return _posts_page(request, membership, form, status=400)


def _told(request: HttpRequest, done: service.Refreshed) -> None:
    messages.success(
        request,
        ngettext(
            "%(new)d new post, %(updated)d updated.",
            "%(new)d new posts, %(updated)d updated.",
            done.new,
        )
        % {"new": done.new, "updated": done.updated},
    )
    for error in done.errors or []:
        messages.error(request, error)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def refresh_member(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = Member.objects.filter(workspace=membership.workspace, pk=pk).first()
    if member is None:
        raise Http404
    _told(request, service.refresh_member(membership, member))
    url = reverse("ambassadors:posts", args=[membership.workspace.slug])
    return redirect(f"{url}?member={member.pk}")


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def refresh_campaign(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = InfluenceCampaign.objects.filter(workspace=membership.workspace, pk=pk).first()
    if campaign is None:
        raise Http404
    _told(request, service.refresh_campaign(membership, campaign))
    return redirect("ambassadors:compliance", membership.workspace.slug, campaign.pk)


@workspace_view()
def compliance_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = InfluenceCampaign.objects.filter(workspace=membership.workspace, pk=pk).first()
    if campaign is None:
        raise Http404
    report = service.campaign_compliance(campaign)
    service.in_reader_language(membership.workspace, report.non_compliant)
    return render(
        request,
        "ambassadors/posts_compliance.html",
        {
            "workspace": membership.workspace,
            "campaign": campaign,
            "report": report,
            "can_edit": service.can_edit(membership),
        },
    )
