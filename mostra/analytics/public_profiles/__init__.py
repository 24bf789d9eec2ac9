"""Competitors' public Bluesky and Mastodon profiles, read without logging in.

A competitor's archive is out of reach, but both networks show an account's recent
posts and their counts to anyone: Bluesky through its public AppView
(``app.bsky.actor.getProfile``, ``app.bsky.feed.getAuthorFeed``; setting
``MOSTRA_BLUESKY_APPVIEW_URL``), Mastodon through the instance's API
(``/api/v1/accounts/lookup``, ``/api/v1/accounts/:id/statuses``) where the instance
allows reads without a token. That is enough for the ratios that matter (reposts,
replies, originals) and the applause, amplification and conversation counts.

Reading and storing are two steps: everything is read first (up to :data:`MAX_POSTS`
posts or :data:`MAX_AGE` back), then stored in one transaction — a network error on
page three stores nothing. Storing is an upsert on (account, network id): reading the
same profile again updates the counts and adds the new posts, nothing is duplicated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ParsedImport
from mostra.analytics.importers.store import store_followers, store_posts, summary, tracked_account
from mostra.analytics.models import ImportRun, TrackedAccount, normalise_handle
from mostra.analytics.public_profiles.addresses import address_of, parse_address
from mostra.analytics.public_profiles.base import (
    NETWORKS,
    SOURCE,
    Address,
    ProfileUnavailable,
    PublicPost,
    PublicProfile,
)
from mostra.analytics.public_profiles.bluesky import read_bluesky
from mostra.analytics.public_profiles.mastodon import read_mastodon

__all__ = [
    "Address",
    "ProfileUnavailable",
    "PublicPost",
    "PublicProfile",
    "add_competitor",
    "address_of",
    "parse_address",
    "read",
    "read_bluesky",
    "read_mastodon",
    "refresh",
    "store",
]


def read(address: Address) -> PublicProfile:
    """The profile at ``address``; an answer of another shape than the network's is a
    :class:`ProfileUnavailable`, as a server that does not answer is."""
    reader = read_bluesky if address.network == "bluesky" else read_mastodon
    if address.network not in NETWORKS:
        raise ProfileUnavailable(_("Public profiles can be read on Bluesky and Mastodon only."))
    try:
        return reader(address)
    except (AttributeError, TypeError, KeyError, IndexError) as exc:  # a list for an object…
        raise ProfileUnavailable(
            _(
                "The server of @%(handle)s answered in a form mostra cannot read: try again "
                "later, or import the account's archive instead."
            )
            % {"handle": address.handle}
        ) from exc


def store(
    workspace: Any, profile: PublicProfile, *, user: Any = None, today: date | None = None
) -> tuple[TrackedAccount, dict[str, int]]:
    """Upsert the profile's account, posts and today's followers; record the read.

    The storage is the importers' (:mod:`mostra.analytics.importers.store`): the same
    upsert on (account, network id), where a count the read does not give never erases
    one another source gave. A new account is a competitor; an existing one keeps its
    side. Returns the account and the counts (posts, originals, replies, reposts, new,
    updated, unchanged, snapshots).
    """
    parsed = ParsedImport(
        network=profile.network,
        handle=profile.handle,
        display_name=profile.display_name,
        external_id=profile.external_id,
        profile_url=profile.profile_url,
        posts=list(profile.posts),
        followers=(
            [(today or timezone.localdate(), profile.followers)]
            if profile.followers is not None
            else []
        ),
        metrics_at=timezone.now(),
    )
    existing = TrackedAccount.objects.filter(
        workspace=workspace,
        network=profile.network,
        handle=normalise_handle(profile.network, profile.handle),
    ).first()
    competitor = existing.is_competitor if existing is not None else True
    with transaction.atomic():
        account = tracked_account(workspace, parsed, competitor=competitor, user=user)
        counts = summary(parsed)
        counts.update(store_posts(account, parsed, SOURCE))
        store_followers(account, parsed, SOURCE)
        ImportRun.objects.create(
            workspace=workspace,
            account=account,
            kind=SOURCE,
            filename=profile.profile_url[:255],
            sha256="",
            counts=counts,
            created_by=user if getattr(user, "pk", None) else None,
        )
    return account, counts


def add_competitor(
    workspace: Any, network: str, text: str, *, user: Any = None
) -> tuple[TrackedAccount, dict[str, int]]:
    """Read a public profile and track it as a competitor (or refresh it if tracked).

    Refuses an account the workspace already tracks as its own: that one is refreshed
    from the accounts list, not added as a competitor.
    """
    address = parse_address(network, text)
    profile = read(address)
    own = TrackedAccount.objects.filter(
        workspace=workspace, network=profile.network, handle=profile.handle, is_competitor=False
    ).exists()
    if own:
        raise ProfileUnavailable(
            _("%(handle)s is one of this workspace's own accounts, not a competitor.")
            % {"handle": profile.handle}
        )
    return store(workspace, profile, user=user)


def refresh(account: TrackedAccount, *, user: Any = None) -> dict[str, int]:
    """Read a tracked Bluesky or Mastodon account's public profile again."""
    if account.network not in NETWORKS:
        raise ProfileUnavailable(
            _("Only Bluesky and Mastodon profiles can be read publicly: import an export instead.")
        )
    profile = read(address_of(account))
    profile.handle = account.handle
    return store(account.workspace, profile, user=user)[1]
