"""Which profile the user means: a handle or a profile link, per network."""

from __future__ import annotations

import httpx
from django.utils.translation import gettext as _

from mostra.analytics.models import TrackedAccount, normalise_handle
from mostra.analytics.public_profiles.base import Address, ProfileUnavailable
from mostra.core.http import origin, web_address


def _link(text: str) -> httpx.URL | None:
    """The address typed, or None when it is not one mostra could call."""
    try:
        return web_address(text)
    except ValueError:
        return None


def _on_mastodon(user: str, instance: httpx.URL) -> Address:
    base = origin(instance)
    return Address("mastodon", normalise_handle("mastodon", f"{user}@{base.split('://')[1]}"), base)


def parse_address(network: str, text: str) -> Address:
    """The profile named by a handle or a profile link, or :class:`ProfileUnavailable`.

    Bluesky: ``name.bsky.social``, ``@name.example.org``, ``https://bsky.app/profile/…``.
    Mastodon: ``@user@instance``, ``user@instance``, ``https://instance/@user``.
    A link or an instance that is not an address (``http://0177.0.0.1/…``,
    ``someone@[zz``) is refused like any other typing mistake, before any call.
    """
    raw = text.strip()
    if network == "bluesky":
        if raw.startswith(("http://", "https://")):
            link = _link(raw)
            parts = link.path.strip("/").split("/") if link else []
            raw = parts[1] if len(parts) >= 2 and parts[0] == "profile" else ""
        handle = normalise_handle("bluesky", raw)
        if handle and (handle.startswith("did:") or ("." in handle and "@" not in handle)):
            return Address("bluesky", handle)
        raise ProfileUnavailable(
            _("Type a Bluesky handle such as name.bsky.social, or the profile's address.")
        )
    if network == "mastodon":
        if raw.startswith(("http://", "https://")):
            link = _link(raw)
            path = link.path.strip("/") if link else ""
            user = path.split("/")[0].lstrip("@")
            if link and user and path.startswith("@"):
                return _on_mastodon(user, link)
        else:
            user, _at, instance = raw.lstrip("@").partition("@")
            link = _link(f"https://{instance}") if "/" not in instance else None
            if user and link and " " not in raw:
                return _on_mastodon(user, link)
        raise ProfileUnavailable(
            _("Type a Mastodon address such as @name@instance.social, or the profile's link.")
        )
    raise ProfileUnavailable(_("Public profiles can be read on Bluesky and Mastodon only."))


def address_of(account: TrackedAccount) -> Address:
    """Where to read a tracked account again (its DID on Bluesky, its instance on Mastodon)."""
    if account.network == "bluesky":
        return Address("bluesky", account.external_id or account.handle)
    if account.network == "mastodon" and account.profile_url:
        return parse_address("mastodon", account.profile_url)
    return parse_address(account.network, account.handle)
