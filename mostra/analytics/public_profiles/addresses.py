"""Which profile the user means: a handle or a profile link, per network."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from mostra.analytics.models import TrackedAccount, normalise_handle
from mostra.analytics.public_profiles.base import Address, ProfileUnavailable


def parse_address(network: str, text: str) -> Address:
    """The profile named by a handle or a profile link, or :class:`ProfileUnavailable`.

    Bluesky: ``name.bsky.social``, ``@name.example.org``, ``https://bsky.app/profile/…``.
    Mastodon: ``@user@instance``, ``user@instance``, ``https://instance/@user``.
    """
    raw = text.strip()
    if network == "bluesky":
        if raw.startswith(("http://", "https://")):
            parts = urlsplit(raw).path.strip("/").split("/")
            raw = parts[1] if len(parts) >= 2 and parts[0] == "profile" else ""
        handle = normalise_handle("bluesky", raw)
        if handle and (handle.startswith("did:") or ("." in handle and "@" not in handle)):
            return Address("bluesky", handle)
        raise ProfileUnavailable(
            _("Type a Bluesky handle such as name.bsky.social, or the profile's address.")
        )
    if network == "mastodon":
        if raw.startswith(("http://", "https://")):
            url = urlsplit(raw)
            user = url.path.strip("/").split("/")[0].lstrip("@")
            if url.netloc and user and url.path.strip("/").startswith("@"):
                handle = normalise_handle("mastodon", f"{user}@{url.netloc}")
                return Address("mastodon", handle, f"{url.scheme}://{url.netloc}")
        else:
            user, _at, instance = raw.lstrip("@").partition("@")
            if user and instance and "/" not in instance and " " not in raw:
                handle = normalise_handle("mastodon", f"{user}@{instance}")
                return Address("mastodon", handle, f"https://{instance.lower()}")
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
