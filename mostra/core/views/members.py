from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.forms import InvitationForm, MemberForm
from mostra.core.models import Invitation, Membership
from mostra.core.permissions import Perm, assignable_roles, has_perm
from mostra.core.services import invitations, members
from mostra.core.views.base import workspace_view


def _page(request: HttpRequest, membership: Membership, **extra: object) -> HttpResponse:
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "members": workspace.memberships.by_rank(),
        "invitations": workspace.invitations.select_related("created_by")[:50],
        "can_manage": has_perm(membership, Perm.MANAGE_MEMBERS),
        "invite_form": InvitationForm(roles=assignable_roles(membership)),
    }
    context.update(extra)
    return render(request, "core/members.html", context, status=extra.get("status", 200))  # type: ignore[arg-type]


@workspace_view()
def member_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _page(request, membership)


@workspace_view(Perm.MANAGE_MEMBERS)
@require_POST
def invite(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = InvitationForm(request.POST, roles=assignable_roles(membership))
    if not form.is_valid():
        return _page(request, membership, invite_form=form, status=400)
    try:
        invitation, raw = invitations.create_invitation(
            membership, **form.cleaned_data, base_url=invitations.site_url(request)
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _page(request, membership, invite_form=form, status=400)
    from django.conf import settings

    return _page(
        request,
        membership,
        new_link=invitations.invitation_url(raw, invitations.site_url(request)),
        new_invitation=invitation,
        emailed=bool(invitation.email and settings.EMAIL_ENABLED),
    )


@workspace_view(Perm.MANAGE_MEMBERS)
@require_POST
def revoke_invitation(
    request: HttpRequest, membership: Membership, invitation_id: int
) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, workspace=membership.workspace)
    invitations.revoke_invitation(membership, invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("core:members", slug=membership.workspace.slug)


@workspace_view(Perm.MANAGE_MEMBERS)
def edit_member(request: HttpRequest, membership: Membership, member_id: int) -> HttpResponse:
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, workspace=membership.workspace
    )
    form = MemberForm(request.POST or None, instance=target, roles=assignable_roles(membership))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        target.refresh_from_db()  # the form mutated the instance; the service compares
        try:
            members.update_member(membership, target, **fields)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(name)s is updated.") % {"name": target.user.name})
            return redirect("core:members", slug=membership.workspace.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/member_form.html",
        {"form": form, "target": target, "workspace": membership.workspace},
        status=status,
    )


@workspace_view()
@require_POST
def remove_member(request: HttpRequest, membership: Membership, member_id: int) -> HttpResponse:
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, workspace=membership.workspace
    )
    if target.pk != membership.pk and not has_perm(membership, Perm.MANAGE_MEMBERS):
        from django.http import Http404

        raise Http404
    try:
        members.remove_member(membership, target)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("core:members", slug=membership.workspace.slug)
    if target.pk == membership.pk:
        messages.success(request, _("You left %(name)s.") % {"name": membership.workspace.name})
        return redirect("core:home")
    messages.success(request, _("%(name)s was removed.") % {"name": target.user.name})
    return redirect("core:members", slug=membership.workspace.slug)
