"""An account's public profile address and its handle as printed: one definition for the
QR codes, the printed supports and the website kit (the shapes are the network
registry's, :data:`mostra.strategy.networks.PROFILE_URLS`)."""

from __future__ import annotations

from mostra.publishing.models import SocialAccount
from mostra.strategy import networks


def profile_url(account: SocialAccount) -> str:
    """The account's public profile address ("" when mostra cannot tell it)."""
    handle = account.handle.strip().lstrip("@")
    if not handle or any(c.isspace() for c in handle):
        return ""
    if account.network == "mastodon":
        user, _at, instance = handle.partition("@")
        base = f"https://{instance}" if instance else (account.service_url or "").rstrip("/")
        return f"{base}/@{user}" if base.startswith(("http://", "https://")) else ""
    network = "x" if account.network == "twitter" else account.network
    shape = networks.PROFILE_URLS.get(network)
    return shape.format(handle=handle) if shape else ""


def printed_handle(account: SocialAccount) -> str:
    """The handle as people write it: ``@name`` where the network writes an @."""
    handle = account.handle.strip()
    return "@" + handle.lstrip("@") if account.network in networks.AT_HANDLES else handle
