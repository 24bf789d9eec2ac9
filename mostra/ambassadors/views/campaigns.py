"""The programme's campaigns pages: the list, a campaign's brief with the charter's
rules beside it, its share kit, the members taking part (with their private page and
personal tracked link) and "Send the brief and share kit"."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.ambassadors.forms_campaigns import (
    CampaignForm,
    CollaborationForm,
    KitPostForm,
    initial_of,
)
from mostra.ambassadors.models import Collaboration, InfluenceCampaign, KitPost
from mostra.ambassadors.services import campaigns as service
from mostra.ambassadors.services import kits, sending
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.strategy import networks as registry


def _campaign(membership: Membership, pk: int) -> InfluenceCampaign:
    campaign = (
        InfluenceCampaign.objects.filter(workspace=membership.workspace, pk=pk)
        .select_related("objective", "workspace")
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def _collaboration(campaign: InfluenceCampaign, collaboration_id: int) -> Collaboration:
    collaboration = (
        campaign.collaborations.filter(pk=collaboration_id).select_related("member").first()
    )
    if collaboration is None:
        raise Http404
    return collaboration


@workspace_view()
def campaigns_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    campaigns = (
        InfluenceCampaign.objects.filter(workspace=membership.workspace)
        .select_related("objective")
        .annotate(
            members=Count("collaborations", distinct=True), kit_posts=Count("kit", distinct=True)
        )
    )
    return render(
        request,
        "ambassadors/campaigns.html",
        {
            "workspace": membership.workspace,
            "campaigns": campaigns,
            "can_edit": has_perm(membership, Perm.EDIT_CONTENT),
        },
    )


def _form_page(
    request: HttpRequest,
    membership: Membership,
    form: CampaignForm,
    campaign: InfluenceCampaign | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "ambassadors/campaign_form.html",
        {
            "workspace": membership.workspace,
            "form": form,
            "campaign": campaign,
            "charter_rules": service.charter_rules(membership.workspace, []),
        },
        status=status,
    )


def _save_form(
    request: HttpRequest, membership: Membership, campaign: InfluenceCampaign | None
) -> HttpResponse:
    form = CampaignForm(membership.workspace, request.POST)
    if not form.is_valid():
        return _form_page(request, membership, form, campaign, status=400)
    try:
        if campaign is None:
            campaign = service.create_campaign(membership, form.to_input())
            messages.success(request, _("Campaign created: now write its share kit."))
        else:
            service.update_campaign(membership, campaign, form.to_input())
            messages.success(request, _("Brief saved."))
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(request, membership, form, campaign, status=400)
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@workspace_view(Perm.EDIT_CONTENT)
def create(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        return _save_form(request, membership, None)
    return _form_page(request, membership, CampaignForm(membership.workspace), None)


@workspace_view(Perm.EDIT_CONTENT)
def edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    if request.method == "POST":
        return _save_form(request, membership, campaign)
    form = CampaignForm(membership.workspace, initial=initial_of(campaign))
    return _form_page(request, membership, form, campaign)


def _rows(request: HttpRequest, campaign: InfluenceCampaign) -> list[dict[str, object]]:
    collaborations = campaign.collaborations.select_related(
        "member", "tracked_link", "invite"
    ).annotate(shared=Count("shares"))
    rows = []
    for c in collaborations:
        invite = getattr(c, "invite", None)
        rows.append(
            {
                "collaboration": c,
                "invite": invite,
                "private_url": sending.private_url(invite, request) if invite else "",
                "link": kits.personal_link(c, request) if c.tracked_link_id else "",
                "disclosure": kits.disclosure_for(c),
            }
        )
    return rows


@workspace_view()
def campaign_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    can_edit = has_perm(membership, Perm.EDIT_CONTENT)
    workspace = membership.workspace
    kit = list(campaign.kit.all())
    return render(
        request,
        "ambassadors/campaign.html",
        {
            "workspace": workspace,
            "campaign": campaign,
            "network_labels": [registry.label(n) for n in campaign.networks],
            "kit": [(p, registry.label(p.network)) for p in kit],
            "rows": _rows(request, campaign),
            "shares": kits.campaign_shares(campaign),
            "charter_rules": service.charter_rules(workspace, campaign.networks),
            "placeholder": service.LINK_PLACEHOLDER,
            "can_edit": can_edit,
            "kit_form": KitPostForm() if can_edit else None,
            "member_form": CollaborationForm(workspace, taking_part=campaign) if can_edit else None,
        },
    )


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def kit_add(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    form = KitPostForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Choose a network and write the post's text."))
        service.add_kit_post(
            membership,
            campaign,
            service.KitPostInput(form.cleaned_data["network"], form.cleaned_data["text"]),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Post added to the share kit."))
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def kit_delete(request: HttpRequest, membership: Membership, pk: int, post_id: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    post = KitPost.objects.filter(campaign=campaign, pk=post_id).first()
    if post is None:
        raise Http404
    service.delete_kit_post(membership, post)
    messages.success(request, _("Post removed from the share kit."))
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def member_add(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    form = CollaborationForm(membership.workspace, request.POST)
    try:
        if not form.is_valid():
            raise DomainError(
                _("Choose a member of the programme (add them on the roster first).")
                if "member" in form.errors
                else " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
        collaboration = service.add_collaboration(membership, campaign, form.to_input())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s takes part: their private link and tracked link are ready.")
            % {"name": collaboration.member.name},
        )
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def member_edit(
    request: HttpRequest, membership: Membership, pk: int, collaboration_id: int
) -> HttpResponse:
    campaign = _campaign(membership, pk)
    collaboration = _collaboration(campaign, collaboration_id)
    data = request.POST.copy()
    data["member"] = str(collaboration.member_id)
    form = CollaborationForm(membership.workspace, data)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        service.update_collaboration(membership, collaboration, form.to_input())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Collaboration of %(name)s saved.") % {"name": collaboration.member.name}
        )
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def member_remove(
    request: HttpRequest, membership: Membership, pk: int, collaboration_id: int
) -> HttpResponse:
    campaign = _campaign(membership, pk)
    collaboration = _collaboration(campaign, collaboration_id)
    service.remove_collaboration(membership, collaboration)
    messages.success(
        request, _("%(name)s no longer takes part.") % {"name": collaboration.member.name}
    )
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def member_new_link(
    request: HttpRequest, membership: Membership, pk: int, collaboration_id: int
) -> HttpResponse:
    campaign = _campaign(membership, pk)
    collaboration = _collaboration(campaign, collaboration_id)
    service.rotate_invite(membership, collaboration)
    messages.success(
        request,
        _("New private link for %(name)s: the old one no longer opens.")
        % {"name": collaboration.member.name},
    )
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def send(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    try:
        sent = sending.send_brief(membership, campaign, request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if sent.emailed:
            messages.success(
                request,
                _("Brief and share kit e-mailed to %(names)s.")
                % {"names": ", ".join(sent.emailed)},
            )
        if sent.without_email:
            messages.warning(
                request,
                _("No e-mail address for %(names)s: copy their private link below.")
                % {"names": ", ".join(sent.without_email)},
            )
        if sent.failed:
            messages.error(
                request,
                _("The e-mail to %(names)s could not be sent: try again later or copy their link.")
                % {"names": ", ".join(sent.failed)},
            )
    return redirect("ambassadors:campaign", membership.workspace.slug, campaign.pk)
