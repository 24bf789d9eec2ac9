"""The short link a printed support's QR code carries: a child of the link, with medium
offline and the support's name, created once per (link, support) and then reused, so
that the report tells which support brings visits.

Codes for a profile go through a tracked link too: the profile's link (created once),
then its child for the support.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.models import Membership, Workspace
from mostra.links.models import Medium, TrackedLink
from mostra.links.qr.errors import QrRefused
from mostra.links.qr.profiles import find_account
from mostra.links.services.links import checked_target, create_link, short_url
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.profiles import profile_url
from mostra.strategy import networks


def absolute_short_url(link: TrackedLink, request: Any = None) -> str:
    """The link's short address with its scheme and host, as a phone needs it."""
    url = short_url(link, request)
    if url.startswith("/"):
        url = settings.CONFIG.base_url.rstrip("/") + url
    return url


def _support_name(support: str) -> str:
    name = " ".join(support.split()).lower()[:60]
    if not name:
        raise QrRefused(
            _(
                "Name the printed support (card, flyer, poster, sticker, brochure, sign…): "
                "its scans are counted under that name."
            )
        )
    return name


def support_link(membership: Membership, link: TrackedLink, support: str) -> TrackedLink:
    """The child of ``link`` for ``support`` (created on the first call, then reused).

    A link that is already an offline variant stands for its parent; a disabled or
    expired link is refused (a printed code would lead nowhere).
    """
    name = _support_name(support)
    if link.workspace_id != membership.workspace_id:
        raise QrRefused(_("That link is not in this workspace."))
    if link.parent_id is not None:
        if link.utm_medium == Medium.OFFLINE and link.support == name:
            return link
        link = TrackedLink.objects.get(pk=link.parent_id)
    if not link.is_live():
        raise QrRefused(
            _("The link %(code)s is disabled or expired: a printed code would lead nowhere.")
            % {"code": link.code}
        )
    with transaction.atomic():
        # One child per support even when two requests ask at once: the parent's row
        # is locked while looking (PostgreSQL; SQLite writes one at a time anyway).
        TrackedLink.objects.select_for_update().filter(pk=link.pk).exists()
        child = (
            TrackedLink.objects.filter(parent=link, utm_medium=Medium.OFFLINE, support=name)
            .order_by("pk")
            .first()
        )
        if child is not None:
            return child
        return create_link(
            membership,
            link.target,
            medium=Medium.OFFLINE,
            campaign=link.utm_campaign,
            content=link.utm_content,
            post=link.post,
            support=name,
            parent=link,
            expires_at=link.expires_at,
            label=f"{link.label or link.code} · {name}",
        )


def profile_link(membership: Membership, account: SocialAccount) -> TrackedLink:
    """The tracked link to an account's public profile (created once, then reused)."""
    url = profile_url(account)
    if not url:
        raise QrRefused(
            _("mostra cannot tell the profile address of %(account)s: make a link to it instead.")
            % {"account": f"{account.network}:{account.handle}"}
        )
    existing = (
        TrackedLink.objects.filter(
            workspace=membership.workspace, parent=None, target=url, network=account.network
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    return create_link(
        membership,
        url,
        medium=Medium.OFFLINE,
        network=account.network,
        label=_("Profile %(account)s") % {"account": f"{account.network}:{account.handle}"},
    )


def address_link(membership: Membership, url: str) -> TrackedLink:
    """The workspace's link to ``url`` (its first one without a parent), else a new one
    with medium offline: the parent of the supports' codes."""
    stored = checked_target(url)
    existing = (
        TrackedLink.objects.filter(workspace=membership.workspace, parent=None, target=stored)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    return create_link(membership, stored, medium=Medium.OFFLINE)


def resolve_target(workspace: Workspace, text: str) -> TrackedLink | SocialAccount:
    """What ``text`` names in the workspace: a short link (its code or short address) or
    an account (``network:handle``); :class:`QrRefused` otherwise, saying what to give."""
    text = text.strip()
    code = text.rstrip("/").rsplit("/l/", 1)[-1] if "/l/" in text else text
    scheme, colon, _rest = text.partition(":")
    if colon and "/l/" not in text:
        if scheme.lower() not in {n.code for n in networks.all_networks()}:
            raise QrRefused(
                _(
                    "%(target)s is not a QR code target: give a short link's code or "
                    "address, network:handle for a profile, or an http(s) address with "
                    "--workspace."
                )
                % {"target": repr(text[:200])}
            )
        account = find_account(workspace, text)
        if account is None:
            raise QrRefused(
                _(
                    "The workspace has no account %(target)s: give network:handle "
                    "of one of its accounts."
                )
                % {"target": repr(text)}
            )
        return account
    link = TrackedLink.objects.filter(code=code).first()
    if link is None or link.workspace_id != workspace.pk:
        raise QrRefused(
            _(
                "No short link of this workspace has the code %(code)s: give a code or "
                "short address of its links, network:handle for a profile, or a web "
                "address with --workspace."
            )
            % {"code": repr(code)}
        )
    return link
