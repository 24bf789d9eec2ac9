"""The organisation page: sponsor, approval policy and the RACI matrix."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.forms import PolicyForm, SponsorForm
from mostra.core.models import Activity, Membership, OrgLevel, RaciLetter
from mostra.core.permissions import Perm, has_perm
from mostra.core.services import members, organisation
from mostra.core.services import workspaces as workspace_service
from mostra.core.views.base import workspace_view


def _matrix_from_post(request: HttpRequest, membership: Membership) -> organisation.Matrix:
    """Read cells named ``cell-<activity>-<member>`` into a matrix."""
    workspace = membership.workspace
    activity_ids = list(workspace.activities.values_list("pk", flat=True))
    member_ids = list(workspace.memberships.values_list("pk", flat=True))
    return {
        a: {m: request.POST.get(f"cell-{a}-{m}", "").strip().upper() for m in member_ids}
        for a in activity_ids
    }


def _letter_options() -> dict[str, str]:
    """The <option> list of a RACI cell for each selected letter, built once per page:
    a 25-member matrix has 250 cells, and rendering them one tag at a time took ~4x longer."""
    choices = [("", "·", "")] + [(code, code, str(label)) for code, label in RaciLetter.choices]
    return {
        selected: mark_safe(  # noqa: S308 - built with format_html from constants
            "".join(
                format_html(
                    '<option value="{}" title="{}"{}>{}</option>',
                    code,
                    title,
                    mark_safe(" selected") if code == selected else "",
                    text,
                )
                for code, text, title in choices
            )
        )
        for selected, _text, _title in choices
    }


def _context(membership: Membership, **extra: object) -> dict[str, object]:
    workspace = membership.workspace
    team = list(workspace.memberships.by_rank())
    matrix = extra.pop("matrix", None) or organisation.current_matrix(workspace)
    activities = list(workspace.activities.all())
    options = _letter_options()
    names = [(m, m.user.name) for m in team]
    rows = []
    for a in activities:
        row = matrix.get(a.pk, {})
        letters = [(m, name, row.get(m.pk, "")) for m, name in names]
        rows.append(
            (a, a.name, [(m, name, letter, options.get(letter, "")) for m, name, letter in letters])
        )
    sponsor = next((m for m in team if m.is_sponsor), None)
    context: dict[str, object] = {
        "workspace": workspace,
        "team": team,
        "rows": rows,
        "letters": RaciLetter.choices,
        "can_edit": has_perm(membership, Perm.EDIT_ORGANISATION),
        "sponsor": sponsor,
        "sponsor_is_high": sponsor is not None
        and sponsor.org_level in (OrgLevel.EXECUTIVE, OrgLevel.DIRECTOR),
        "approvers": [m for m in team if m.is_approver],
        "policy_form": PolicyForm(
            initial={
                "approval_policy": workspace.approval_policy,
                "sensitive_topics": workspace.sensitive_topics,
                "separate_scheduling": workspace.separate_scheduling,
            }
        ),
        "sponsor_form": SponsorForm(
            workspace=workspace,
            initial={
                "sponsor": sponsor,
                "title": sponsor.title if sponsor else "",
                "department": sponsor.department if sponsor else "",
                "org_level": sponsor.org_level if sponsor else OrgLevel.EXECUTIVE,
            },
        ),
    }
    context.update(extra)
    return context


@workspace_view()
def organisation_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(request, "core/organisation.html", _context(membership))


@workspace_view(Perm.EDIT_ORGANISATION)
@require_POST
def save_raci(request: HttpRequest, membership: Membership) -> HttpResponse:
    matrix = _matrix_from_post(request, membership)
    try:
        changed = organisation.save_matrix(membership, matrix)
    except DomainError:
        errors = organisation.validate_matrix(membership.workspace, matrix)
        context = _context(membership, matrix=matrix, raci_errors=errors)
        return render(request, "core/organisation.html", context, status=400)
    messages.success(request, _("RACI matrix saved (%(count)d changes).") % {"count": changed})
    return redirect("core:organisation", slug=membership.workspace.slug)


@workspace_view(Perm.EDIT_ORGANISATION)
@require_POST
def check_raci(request: HttpRequest, membership: Membership) -> HttpResponse:
    """htmx: check the matrix while it is being edited, without saving."""
    errors = organisation.validate_matrix(
        membership.workspace, _matrix_from_post(request, membership)
    )
    return render(request, "core/partials/raci_errors.html", {"raci_errors": errors})


@workspace_view(Perm.EDIT_ORGANISATION)
@require_POST
def add_activity(request: HttpRequest, membership: Membership) -> HttpResponse:
    accountable = membership.workspace.memberships.filter(
        pk=request.POST.get("accountable") or 0
    ).first()
    try:
        if accountable is None:
            raise DomainError(_("Choose the Accountable among the members."))
        organisation.add_activity(membership, request.POST.get("name", ""), accountable)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Activity added."))
    return redirect("core:organisation", slug=membership.workspace.slug)


@workspace_view(Perm.EDIT_ORGANISATION)
@require_POST
def delete_activity(request: HttpRequest, membership: Membership, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=activity_id, workspace=membership.workspace)
    organisation.delete_activity(membership, activity)
    messages.success(request, _("Activity removed."))
    return redirect("core:organisation", slug=membership.workspace.slug)


@workspace_view(Perm.EDIT_ORGANISATION)
@require_POST
def save_policy(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            workspace_service.update_workspace(
                request.user, membership.workspace, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error("approval_policy", exc.message)
        else:
            messages.success(request, _("Approval policy saved."))
            return redirect("core:organisation", slug=membership.workspace.slug)
    return render(
        request, "core/organisation.html", _context(membership, policy_form=form), status=400
    )


@workspace_view(Perm.EDIT_ORGANISATION)
@require_POST
def save_sponsor(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = SponsorForm(request.POST, workspace=workspace)
    if not form.is_valid():
        return render(
            request, "core/organisation.html", _context(membership, sponsor_form=form), status=400
        )
    chosen = form.cleaned_data["sponsor"]
    try:
        with transaction.atomic():
            if chosen is None:
                for other in workspace.memberships.filter(is_sponsor=True):
                    members.update_member(membership, other, is_sponsor=False)
            else:
                members.update_member(
                    membership,
                    chosen,
                    is_sponsor=True,
                    title=form.cleaned_data["title"],
                    department=form.cleaned_data["department"],
                    org_level=form.cleaned_data["org_level"],
                )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return render(
            request, "core/organisation.html", _context(membership, sponsor_form=form), status=400
        )
    messages.success(request, _("Sponsor saved."))
    return redirect("core:organisation", slug=workspace.slug)
