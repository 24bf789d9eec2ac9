"""Connecting and disconnecting network accounts, the same way for every network.

Each network's package turns what the user gives (a Bluesky handle and app password, a
Mastodon token, an OAuth code…) into a :class:`Connection`: the account's identity on
the network and the credentials mostra keeps. :func:`connect_account` stores it:

1. only the workspace's owners and managers may connect or disconnect an account
   (from the command line, ``membership`` is None: the administrator acts);
2. the account is found by its network id (a DID, an account id…), so connecting it
   again (a new app password, a renewed token) updates the same row, whose publications
   keep pointing at it; otherwise a new row is created;
3. the credentials go into :attr:`SocialAccount.credentials`, encrypted; the account is
   connected again, its last error cleared;
4. the audit log records who connected which account, never a credential.

:func:`store_credentials` is for the integrations, when a token is refreshed: one
update of one row, so that two workers refreshing at once do not lose each other's
other columns.
"""

from __future__ import annotations

import datetime as dt
from types import EllipsisType
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.archive import ensure_writable
from mostra.integrations.base import Connection
from mostra.publishing.models import AccountStatus, SocialAccount
from mostra.publishing.services.health import Health, health

__all__ = [
    "Connection",
    "Health",
    "connect_account",
    "disconnect_account",
    "health",
    "may_manage_accounts",
    "require_manager",
    "store_credentials",
    "text_limit_for",
    "workspace_accounts",
]


def may_manage_accounts(membership: Membership | None) -> bool:
    """Owners and managers connect and disconnect the workspace's accounts."""
    return has_perm(membership, Perm.EDIT_WORKSPACE)


def require_manager(membership: Membership | None) -> None:
    """Refuse (DomainError) a member who may not connect accounts; None: an administrator
    on the command line."""
    if membership is not None and not may_manage_accounts(membership):
        raise DomainError(
            _(
                "Only the workspace's owners and managers can connect or disconnect "
                "network accounts: ask one of them."
            )
        )


def _check(membership: Membership | None, workspace: Workspace | None) -> Workspace:
    require_manager(membership)
    if membership is not None:
        return membership.workspace
    if workspace is None:
        raise ValueError("connect_account needs a membership or a workspace")
    return workspace


def _label(account: SocialAccount) -> str:
    from mostra.strategy.catalogue import network_label

    return _("%(network)s account %(handle)s") % {
        "network": network_label(account.network),
        "handle": account.handle,
    }


def workspace_accounts(workspace: Workspace) -> list[SocialAccount]:
    """The workspace's accounts, by network then handle (one query)."""
    return list(
        SocialAccount.objects.filter(workspace=workspace)
        .select_related("responsible")
        .order_by("network", "handle")
    )


@transaction.atomic
def connect_account(
    membership: Membership | None,
    network: str,
    connection: Connection,
    *,
    workspace: Workspace | None = None,
) -> SocialAccount:
    """Store a connected account (create it, or update it when connected before).

    ``membership`` is the member who connects it; None from the command line, where
    ``workspace`` says which workspace. An archived workspace refuses (the networks'
    sign-ins come back to mostra after the page that started them).
    """
    workspace = _check(membership, workspace)
    ensure_writable(workspace)
    actor = membership.user if membership is not None else None
    now = timezone.now()
    values: dict[str, Any] = {
        "handle": connection.handle,
        "display_name": connection.display_name,
        "service_url": connection.service_url,
        "credentials": connection.credentials,
        "token_expires_at": connection.token_expires_at,
        "text_limit": connection.text_limit,
        "status": AccountStatus.CONNECTED,
        "last_error": "",
        "last_error_at": None,
        "last_ok_at": now,
    }
    account = (
        SocialAccount.objects.select_for_update()
        .filter(workspace=workspace, network=network, external_id=connection.external_id)
        .first()
    )
    if account is None:
        account = SocialAccount.objects.create(
            workspace=workspace,
            network=network,
            external_id=connection.external_id,
            created_by=actor,
            next_followers_at=now,
            **values,
        )
        action = AuditAction.CREATE
        changes: dict[str, Any] = {
            "network": network,
            "handle": connection.handle,
            "server": connection.service_url,
        }
    else:
        before = {"handle": account.handle, "server": account.service_url, "status": account.status}
        for name, value in values.items():
            setattr(account, name, value)
        account.save()
        action = AuditAction.UPDATE
        changes = audit.diff(
            before,
            {"handle": account.handle, "server": account.service_url, "status": account.status},
        )
        changes["credentials"] = [None, _("renewed")]
    audit.record(
        action,
        actor=actor,
        workspace=workspace,
        obj=account,
        label=_label(account),
        changes=changes,
    )
    return account


@transaction.atomic
def disconnect_account(membership: Membership | None, account: SocialAccount) -> SocialAccount:
    """Forget the account's credentials and stop publishing to it (the row stays, with
    its publications and metrics)."""
    _check(membership, account.workspace)
    if membership is not None and membership.workspace_id != account.workspace_id:
        raise DomainError(_("This account belongs to another workspace."))
    before = account.status
    account.credentials = None
    account.status = AccountStatus.DISCONNECTED
    account.token_expires_at = None
    account.save(update_fields=["credentials", "status", "token_expires_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=membership.user if membership is not None else None,
        workspace=account.workspace,
        obj=account,
        label=_label(account),
        changes={"status": [before, account.status]},
    )
    return account


def store_credentials(
    account: SocialAccount,
    credentials: dict[str, Any],
    *,
    token_expires_at: dt.datetime | None | EllipsisType = ...,
) -> None:
    """Save refreshed credentials (one UPDATE of this account's credential columns)."""
    fields: dict[str, Any] = {"credentials": credentials}
    if token_expires_at is not ...:
        fields["token_expires_at"] = token_expires_at
    SocialAccount.objects.filter(pk=account.pk).update(**fields)
    for name, value in fields.items():
        setattr(account, name, value)


def text_limit_for(workspace: Workspace | int, network: str) -> int | None:
    """The text limit a variant for ``network`` must fit in this workspace: the smallest
    of its connected accounts' own limits (a Mastodon instance's), or None when none of
    them has one (the network's default applies). One query.

    The charter's checks pass it on as ``check_variant(..., text_max=...)``.
    """
    from django.db.models import Min

    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    return (
        SocialAccount.objects.filter(
            workspace_id=workspace_id, network=network, text_limit__isnull=False
        )
        .exclude(status=AccountStatus.DISCONNECTED)
        .aggregate(limit=Min("text_limit"))["limit"]
    )
