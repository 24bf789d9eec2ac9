"""The public profile addresses of a workspace's network accounts, for QR codes and for
the account lines printed on the supports."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.publishing.models import SocialAccount
from mostra.publishing.models.account import AccountStatus
from mostra.publishing.services.profiles import printed_handle
from mostra.strategy.catalogue import network_label


def printed_accounts(workspace: Workspace) -> list[tuple[str, str]]:
    """The workspace's accounts as printed on a support: (network's name, @handle), the
    disconnected ones left out."""
    accounts = SocialAccount.objects.filter(workspace=workspace).exclude(
        status=AccountStatus.DISCONNECTED
    )
    lines = []
    for account in accounts.order_by("network", "handle"):
        lines.append((str(network_label(account.network)), printed_handle(account)))
    return lines


def find_account(workspace: Workspace, text: str) -> SocialAccount | None:
    """The account ``network:handle`` names (``bluesky:@name.bsky.social``), or None."""
    network, _colon, handle = text.partition(":")
    wanted = handle.strip().lstrip("@").lower()
    for account in SocialAccount.objects.filter(workspace=workspace, network=network.lower()):
        if account.handle.strip().lstrip("@").lower() == wanted:
            return account
    return None
