"""The roster's pages, under ``/w/<slug>/ambassadors/``: the members grouped by kind
with their accounts, tiers, targets, compensation and consent (filtered by kind, tier
and network); a member's page with their accounts; the forms (editors up); a member's
data exported or erased on request and the tiers' thresholds (owners and managers)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mostra.ambassadors.forms_roster import AccountForm, ImportForm, MemberForm, ThresholdsForm
from mostra.ambassadors.models import Collaboration, Member, MemberAccount, MemberKind
from mostra.ambassadors.services import member_data, roster, tiers
from mostra.ambassadors.services.members_import import ImportRefused, import_roster
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.strategy import networks


def _member(membership: Membership, pk: int) -> Member:
    member = Member.objects.filter(workspace=membership.workspace, pk=pk).first()
    if member is None:
        raise Http404
    return member


def _filters(request: HttpRequest) -> dict[str, str]:
    kind = request.GET.get("kind", "")
    tier = request.GET.get("tier", "")
    network = request.GET.get("network", "")
    return {
        "kind": kind if kind in MemberKind.values else "",
        "tier": tier if tier in {*tiers.Tier.values, "none"} else "",
        "network": network if networks.get(network) else "",
    }


def _roster_page(
    request: HttpRequest,
    membership: Membership,
    import_form: ImportForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    filters = _filters(request)
    found = roster.roster(workspace, **filters)
    return render(
        request,
        "ambassadors/roster.html",
        {
            "workspace": workspace,
            "roster": found,
            "filters": filters,
            "kinds": MemberKind.choices,
            "tier_choices": tiers.Tier.choices,
            "network_choices": [(n.code, n.label) for n in networks.all_networks()],
            "filtered": any(filters.values()),
            "can_edit": roster.can_edit(membership),
            "import_form": import_form or ImportForm(),
            "problems": problems or [],
        },
        status=status,
    )


@workspace_view()
def roster_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _roster_page(request, membership)


@workspace_view(Perm.EDIT_CONTENT)
def roster_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method != "POST":
        return redirect("ambassadors:roster", membership.workspace.slug)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _roster_page(request, membership, import_form=form, status=400)
    try:
        result = import_roster(membership, form.cleaned_data["file"].read())
    except ImportRefused as exc:
        return _roster_page(
            request, membership, import_form=form, problems=exc.problems, status=400
        )
    except DomainError as exc:
        return _roster_page(
            request, membership, import_form=form, problems=[exc.message], status=400
        )
    messages.success(
        request,
        _(
            "Roster imported: %(created)d members added, %(updated)d updated; "
            "%(added)d accounts added, %(accounts_updated)d updated."
        )
        % {
            "created": result.members_created,
            "updated": result.members_updated,
            "added": result.accounts_added,
            "accounts_updated": result.accounts_updated,
        },
    )
    return redirect("ambassadors:roster", membership.workspace.slug)


def _member_form_page(
    request: HttpRequest, membership: Membership, member: Member | None
) -> HttpResponse:
    workspace = membership.workspace
    data = request.POST if request.method == "POST" else None
    initial = MemberForm.initial_of(member) if member is not None else {}
    form = MemberForm(data, initial=initial, workspace=workspace)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                if member is None:
                    member = roster.create_member(membership, form.to_input())
                else:
                    member = roster.update_member(membership, member, form.to_input(member))
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Member saved."))
                return redirect("ambassadors:member", workspace.slug, member.pk)
        status = 400
    return render(
        request,
        "ambassadors/roster_member_form.html",
        {"workspace": workspace, "form": form, "member": member},
        status=status,
    )


@workspace_view(Perm.EDIT_CONTENT)
def member_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _member_form_page(request, membership, None)


@workspace_view(Perm.EDIT_CONTENT)
def member_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _member_form_page(request, membership, _member(membership, pk))


def _member_page(
    request: HttpRequest,
    membership: Membership,
    member: Member,
    form: AccountForm | None = None,
    status: int = 200,
) -> HttpResponse:
    found = roster.roster(membership.workspace, members=[member.pk])
    return render(
        request,
        "ambassadors/roster_member.html",
        {
            "workspace": membership.workspace,
            "member": member,
            "row": found.rows[0],
            "collaborations": Collaboration.objects.filter(member=member).select_related(
                "campaign"
            ),
            "account_form": form or AccountForm(),
            "can_edit": roster.can_edit(membership),
            "can_steward": has_perm(membership, Perm.EDIT_STRATEGY),
        },
        status=status,
    )


@workspace_view()
def member_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _member_page(request, membership, _member(membership, pk))


@workspace_view(Perm.EDIT_CONTENT)
def account_add(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = _member(membership, pk)
    if request.method != "POST":
        return redirect("ambassadors:member", membership.workspace.slug, pk)
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            roster.add_account(
                membership,
                member,
                form.cleaned_data["network"],
                form.cleaned_data["handle"],
                form.cleaned_data["followers"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Account saved."))
            return redirect("ambassadors:member", membership.workspace.slug, pk)
    return _member_page(request, membership, member, form, status=400)


@workspace_view(Perm.EDIT_CONTENT)
def account_remove(
    request: HttpRequest, membership: Membership, pk: int, account_pk: int
) -> HttpResponse:
    member = _member(membership, pk)
    account = MemberAccount.objects.filter(member=member, pk=account_pk).first()
    if account is None:
        raise Http404
    if request.method == "POST":
        roster.remove_account(membership, account)
        messages.success(request, _("Account removed."))
    return redirect("ambassadors:member", membership.workspace.slug, pk)


@workspace_view(Perm.EDIT_STRATEGY)
def member_export(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = _member(membership, pk)
    document = member_data.export_for(membership, member)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = slugify(member.name) or f"member-{member.pk}"
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate().isoformat()}.json"'
    )
    return response


@workspace_view(Perm.EDIT_STRATEGY)
def member_erase(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = _member(membership, pk)
    workspace = membership.workspace
    if request.method == "POST":
        if request.POST.get("confirm") != member.name:
            messages.error(request, _("Type the member's name exactly to confirm the erasure."))
            return redirect("ambassadors:member_erase", workspace.slug, pk)
        try:
            member_data.erase(membership, member)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("ambassadors:member", workspace.slug, pk)
        messages.success(request, _("The member and all their data were erased."))
        return redirect("ambassadors:roster", workspace.slug)
    return render(
        request,
        "ambassadors/roster_erase.html",
        {"workspace": workspace, "member": member, "counts": member_data.what_goes(member)},
    )


@workspace_view()
def tiers_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    can_change = has_perm(membership, Perm.EDIT_STRATEGY)
    status = 200
    form = ThresholdsForm(initial=ThresholdsForm.initial_of("", tiers.DEFAULT))
    if request.method == "POST":
        if not can_change:
            raise Http404
        form = ThresholdsForm(request.POST)
        if form.is_valid():
            try:
                tiers.save_thresholds(
                    membership, form.cleaned_data.get("network") or "", form.values()
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Tiers saved."))
                return redirect("ambassadors:tiers", workspace.slug)
        status = 400
    thresholds = tiers.thresholds_of(workspace)
    rows = [
        {
            "network": code,
            "label": networks.label(code) if code else _("Every network without its own"),
            "ranges": value.ranges(),
            "own": code in thresholds and (code != "" or value != tiers.DEFAULT),
        }
        for code, value in sorted(thresholds.items())
    ]
    return render(
        request,
        "ambassadors/roster_tiers.html",
        {"workspace": workspace, "rows": rows, "form": form, "can_change": can_change},
        status=status,
    )


@workspace_view(Perm.EDIT_STRATEGY)
def tiers_reset(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        try:
            tiers.reset_thresholds(membership, request.POST.get("network", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Tiers reset."))
    return redirect("ambassadors:tiers", membership.workspace.slug)
