"""The paid campaigns' pages, under ``/w/<slug>/paid/``: the list with each campaign's
pacing, a campaign with its days, KPIs and promoted posts' disclosure, and the forms
(owners and managers). The import form posts to ``analytics:paid_import``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.paid.forms import CampaignForm, DayForm
from mostra.paid.models import Campaign
from mostra.paid.services import campaigns as service
from mostra.paid.services.days import record_figures
from mostra.paid.services.disclosure import disclosures
from mostra.paid.services.figures import pacing, totals_of
from mostra.paid.services.listing import campaign_rows, pacing_label


def _campaign(membership: Membership, pk: int) -> Campaign:
    campaign = Campaign.objects.filter(workspace=membership.workspace, pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


@workspace_view()
def campaigns_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    return render(
        request,
        "paid/campaigns.html",
        {
            "workspace": workspace,
            "rows": campaign_rows(workspace, timezone.localdate()),
            "can_edit": has_perm(membership, Perm.EDIT_STRATEGY),
        },
    )


@workspace_view()
def campaign_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _render_campaign(request, membership, _campaign(membership, pk), DayForm())


def _render_campaign(
    request: HttpRequest,
    membership: Membership,
    campaign: Campaign,
    form: DayForm,
    status: int = 200,
) -> HttpResponse:
    paced = pacing(campaign, timezone.localdate())
    days = campaign.days.all()
    return render(
        request,
        "paid/campaign.html",
        {
            "workspace": membership.workspace,
            "campaign": campaign,
            "days": list(days),
            "totals": totals_of(days),
            "pacing": paced,
            "pacing_label": pacing_label(paced),
            "disclosures": disclosures(campaign),
            "can_edit": has_perm(membership, Perm.EDIT_STRATEGY),
            "form": form,
        },
        status=status,
    )


def _form_page(
    request: HttpRequest, membership: Membership, campaign: Campaign | None
) -> HttpResponse:
    workspace = membership.workspace
    currency = service.workspace_currency(workspace)
    initial = {}
    if campaign is not None:
        initial = {
            "name": campaign.name,
            "kind": campaign.kind,
            "objective": campaign.objective_id,
            "strategy": campaign.strategy_id,
            "budget": campaign.budget,
            "start": campaign.start,
            "end": campaign.end,
            "networks": campaign.networks,
            "promoted_posts": [p.pk for p in campaign.promoted_posts.all()],
            "audience": campaign.audience,
            "utm_campaign": campaign.utm_campaign,
            "pacing_threshold": campaign.pacing_threshold,
        }
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, initial=initial, workspace=workspace, currency=currency)
    status = 200
    if data is not None:
        if form.is_valid():
            ip = client_ip(request)
            try:
                if campaign is None:
                    campaign = service.create_campaign(membership, form.to_input(), ip_address=ip)
                else:
                    service.update_campaign(membership, campaign, form.to_input(), ip_address=ip)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Campaign saved."))
                return redirect("paid:campaign", workspace.slug, campaign.pk)
        status = 400
    return render(
        request,
        "paid/campaign_form.html",
        {"workspace": workspace, "form": form, "campaign": campaign},
        status=status,
    )


@workspace_view(Perm.EDIT_STRATEGY)
def campaign_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _form_page(request, membership, None)


@workspace_view(Perm.EDIT_STRATEGY)
def campaign_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _form_page(request, membership, _campaign(membership, pk))


@workspace_view(Perm.EDIT_STRATEGY)
def campaign_day(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    campaign = _campaign(membership, pk)
    if request.method != "POST":
        return redirect("paid:campaign", membership.workspace.slug, pk)
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            written = record_figures(
                membership,
                campaign,
                form.figures(),
                end=form.cleaned_data["end"],
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Figures recorded for %(n)s days.") % {"n": written})
            return redirect("paid:campaign", membership.workspace.slug, pk)
    return _render_campaign(request, membership, campaign, form, status=400)


@workspace_view(Perm.EDIT_STRATEGY)
def campaign_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """A confirm page (what is lost: the days and their spend); POST deletes."""
    campaign = _campaign(membership, pk)
    if request.method == "POST":
        try:
            days = service.delete_campaign(membership, campaign, ip_address=client_ip(request))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("paid:campaign", membership.workspace.slug, pk)
        messages.success(
            request,
            ngettext(
                "Campaign “%(name)s” deleted with its %(n)d day of figures.",
                "Campaign “%(name)s” deleted with its %(n)d days of figures.",
                days,
            )
            % {"name": campaign.name, "n": days},
        )
        return redirect("paid:campaigns", membership.workspace.slug)
    return render(
        request,
        "paid/campaign_delete.html",
        {
            "workspace": membership.workspace,
            "campaign": campaign,
            "totals": totals_of(campaign.days.all()),
        },
    )
