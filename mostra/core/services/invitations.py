from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit, crypto, signals
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Invitation, Membership, Role
from mostra.core.models.invitation import hash_token
from mostra.core.permissions import Perm, assignable_roles, has_perm


def site_url(request: Any = None) -> str:
    """The address links should use: MOSTRA_BASE_URL when set, else the one the request used."""
    if request is not None and not settings.CONFIG.base_url_explicit:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.CONFIG.base_url


def invitation_url(raw_token: str, base_url: str | None = None) -> str:
    base = base_url or settings.CONFIG.base_url
    return base + reverse("core:accept_invitation", args=[raw_token])


@transaction.atomic
def create_invitation(
    actor: Membership,
    *,
    email: str = "",
    role: str = Role.EDITOR,
    is_approver: bool = False,
    base_url: str | None = None,
) -> tuple[Invitation, str]:
    """Create a single-use link; e-mail it (in the background) when SMTP is configured.

    Returns the invitation and the raw token, which is stored as a hash. When it is to be
    e-mailed, the token also waits encrypted on the invitation until the worker sends it:
    the task carries the invitation's id, never the link, and the e-mailed link is the
    one returned here.
    """
    if not has_perm(actor, Perm.MANAGE_MEMBERS):
        raise DomainError(_("Only owners and managers can invite members."))
    if role not in dict(assignable_roles(actor)):
        raise DomainError(_("You cannot give this role."), field="role")
    email = email.strip().lower()
    if (
        email
        and Membership.objects.filter(
            workspace=actor.workspace_id, user__email__iexact=email
        ).exists()
    ):
        raise DomainError(_("%(email)s is already a member.") % {"email": email}, field="email")
    raw = secrets.token_urlsafe(32)
    emailed = bool(email and settings.EMAIL_ENABLED)
    invitation = Invitation.objects.create(
        workspace=actor.workspace,
        email=email,
        role=role,
        is_approver=is_approver,
        token_hash=hash_token(raw),
        token_to_email=crypto.encrypt(raw) if emailed else "",
        created_by=actor.user,
        expires_at=timezone.now() + timedelta(days=settings.CONFIG.invitation_days),
    )
    audit.record(
        AuditAction.INVITE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=invitation,
        changes={"role": role, "email": email},
    )
    if emailed:
        from mostra.core.tasks import send_invitation_email

        base = base_url or settings.CONFIG.base_url
        lang = getattr(actor.user, "language", "") or "fr"
        transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk, base, lang))
    return invitation, raw


def find_invitation(raw_token: str) -> Invitation:
    """The invitation behind a link, or a clear reason why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("workspace")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    if invitation is None:
        raise DomainError(_("This invitation link is not valid. Ask for a new one."))
    if invitation.accepted_at:
        raise DomainError(
            _(
                "This invitation link has already been used. "
                "Ask the person who invited you for a new one."
            )
        )
    if invitation.revoked_at:
        raise DomainError(_("This invitation was withdrawn. Ask for a new one."))
    if invitation.expires_at <= timezone.now():
        raise DomainError(
            _("This invitation link has expired. Ask the person who invited you for a new one.")
        )
    return invitation


@transaction.atomic
def accept_invitation(raw_token: str, user: Any, *, announce: bool = True) -> Membership:
    """Make ``user`` a member; ``announce=False`` tells nobody (the demo's team)."""
    invitation = find_invitation(raw_token)
    # Claim the invitation with a compare-and-set update: only one acceptance wins.
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user, token_to_email=""
    )
    if claimed != 1:
        raise DomainError(_("This invitation link has already been used. Ask for a new one."))
    if Membership.objects.filter(workspace=invitation.workspace, user=user).exists():
        raise DomainError(
            _("You are already a member of %(workspace)s.") % {"workspace": invitation.workspace}
        )
    try:
        membership = Membership.objects.create(
            workspace=invitation.workspace,
            user=user,
            role=invitation.role,
            is_approver=invitation.is_approver,
        )
    except IntegrityError as exc:  # pragma: no cover - raced with another acceptance
        raise DomainError(_("You are already a member of this workspace.")) from exc
    audit.record(
        AuditAction.JOIN,
        actor=user,
        workspace=invitation.workspace,
        obj=membership,
        changes={"role": invitation.role},
    )
    # Told after the commit (the notification centre, a layer above, tells who invited).
    if announce:
        transaction.on_commit(
            lambda: signals.invitation_accepted.send(Invitation, invitation=invitation, user=user)
        )
    return membership


@transaction.atomic
def sign_up_and_accept(
    raw_token: str, *, email: str, password: str, display_name: str = "", language: str = ""
) -> Membership:
    """Create the account of a person invited and make them a member, in one transaction:
    a refused invitation (used meanwhile, withdrawn, expired) creates no account. The
    caller logs the person in once this returns (after the commit)."""
    from mostra.core.models import User

    find_invitation(raw_token)  # refused before anything is written
    user = User.objects.create_user(email, password, display_name=display_name, language=language)
    return accept_invitation(raw_token, user)  # audited: the new member's JOIN entry


@transaction.atomic
def revoke_invitation(actor: Membership, invitation: Invitation) -> None:
    if not has_perm(actor, Perm.MANAGE_MEMBERS) or invitation.workspace_id != actor.workspace_id:
        raise DomainError(_("Only owners and managers can withdraw invitations."))
    invitation.revoked_at = timezone.now()
    invitation.token_to_email = ""
    invitation.save(update_fields=["revoked_at", "token_to_email"])
    audit.record(AuditAction.DELETE, actor=actor.user, workspace=actor.workspace, obj=invitation)
