"""The public profile addresses of a workspace's network accounts, for QR codes and for
the account lines printed on the supports."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.publishing.models import SocialAccount
from mostra.publishing.models.account import AccountStatus
from mostra.strategy.catalogue import network_label

#: Each network's profile address from a handle (without its leading @).
_PROFILE = {
    "bluesky": "https://bsky.app/profile/{handle}",
    "x": "https://x.com/{handle}",
    "instagram": "https://www.instagram.com/{handle}/",
    "threads": "https://www.threads.net/@{handle}",
    "tiktok": "https://www.tiktok.com/@{handle}",
    "youtube": "https://www.youtube.com/@{handle}",
    "facebook": "https://www.facebook.com/{handle}",
    "pinterest": "https://www.pinterest.com/{handle}/",
    "linkedin": "https://www.linkedin.com/company/{handle}/",
}


def profile_url(account: SocialAccount) -> str:
    """The account's public profile address ("" when mostra cannot tell it)."""
    handle = account.handle.strip().lstrip("@")
    if not handle or any(c.isspace() for c in handle):
        return ""
    if account.network == "mastodon":
        user, _at, instance = handle.partition("@")
        base = f"https://{instance}" if instance else account.service_url.rstrip("/")
        return f"{base}/@{user}" if base.startswith(("http://", "https://")) else ""
    shape = _PROFILE.get(account.network)
    return shape.format(handle=handle) if shape else ""


def printed_accounts(workspace: Workspace) -> list[tuple[str, str]]:
    """The workspace's accounts as printed on a support: (network's name, @handle), the
    disconnected ones left out."""
    accounts = SocialAccount.objects.filter(workspace=workspace).exclude(
        status=AccountStatus.DISCONNECTED
    )
    lines = []
    for account in accounts.order_by("network", "handle"):
        handle = account.handle.strip()
        if account.network in {"bluesky", "mastodon", "x", "instagram", "threads", "tiktok"}:
            handle = "@" + handle.lstrip("@")
        lines.append((str(network_label(account.network)), handle))
    return lines


def find_account(workspace: Workspace, text: str) -> SocialAccount | None:
    """The account ``network:handle`` names (``bluesky:@name.bsky.social``), or None."""
    network, _colon, handle = text.partition(":")
    wanted = handle.strip().lstrip("@").lower()
    for account in SocialAccount.objects.filter(workspace=workspace, network=network.lower()):
        if account.handle.strip().lstrip("@").lower() == wanted:
            return account
    return None
