"""A member's share kit: the campaign's ready-to-share posts with their personal tracked
link in place of ``{link}``, the private page's invite (its token is the key, no
account), and what the member says they shared.

A token is looked up alone (it is unique and unguessable), and everything shown is read
through its collaboration: one workspace's token never shows another's campaign. An
archived workspace's pages, an inactive member's, or a rotated token answer as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.ambassadors.models import (
    Collaboration,
    InfluenceCampaign,
    KitInvite,
    KitPost,
    Share,
    TrackedPost,
    TrackedPostSource,
)
from mostra.ambassadors.services import tracked_posts
from mostra.ambassadors.services.campaigns import LINK_PLACEHOLDER, disclosure_mentions
from mostra.ambassadors.services.post_reading import ReadPost, parse_post_url, reader
from mostra.core.errors import DomainError
from mostra.links.services import links
from mostra.strategy import networks as registry


@dataclass(frozen=True)
class PersonalPost:
    """A kit post as this member shares it: their link in the text."""

    kit_post: KitPost
    network: str
    network_label: str
    text: str


def personal_link(collaboration: Collaboration, request: Any = None) -> str:
    """The member's short tracked link, else the campaign's page itself, else ""."""
    if collaboration.tracked_link is not None:
        return links.short_url(collaboration.tracked_link, request)
    return collaboration.campaign.link


def personal_posts(
    collaboration: Collaboration, kit: list[KitPost], request: Any = None
) -> list[PersonalPost]:
    link = personal_link(collaboration, request)
    return [
        PersonalPost(
            kit_post=post,
            network=post.network,
            network_label=registry.label(post.network),
            text=post.text.replace(LINK_PLACEHOLDER, link).strip(),
        )
        for post in kit
    ]


def invite_by_token(token: str) -> KitInvite | None:
    """The invite of this token when its page may be shown (None: answer 404)."""
    if not token or len(token) > 64:
        return None
    invite = (
        KitInvite.objects.select_related(
            "collaboration__member",
            "collaboration__campaign__workspace",
            "collaboration__tracked_link",
        )
        .filter(token=token)
        .first()
    )
    if invite is None:
        return None
    collaboration = invite.collaboration
    if not collaboration.member.active or collaboration.campaign.workspace.archived_at:
        return None
    return invite


def mark_opened(invite: KitInvite) -> None:
    """The first opening is recorded (later ones change nothing)."""
    if invite.opened_at is None:
        now = timezone.now()
        KitInvite.objects.filter(pk=invite.pk, opened_at=None).update(opened_at=now)
        invite.opened_at = now


def disclosure_for(collaboration: Collaboration) -> list[str]:
    return disclosure_mentions(collaboration.campaign, collaboration.compensation)


def read_shared(url: str) -> ReadPost | None:
    """The shared post read through the programme's reader, or None when its network
    is not read publicly or the read fails (a network call: never inside a transaction)."""
    try:
        return reader().read_post(parse_post_url(url))
    except DomainError:
        return None


def track_shared_post(share: Share, read: ReadPost | None) -> TrackedPost:
    """The post a member says they shared, tracked for them and the campaign: stored
    from its read (:func:`read_shared`: text, counts, disclosure checked), else kept by
    its address until it is read (not checked yet)."""
    collaboration = share.collaboration
    member, campaign = collaboration.member, collaboration.campaign
    if read is not None:
        post, _created = tracked_posts.store_read(
            member, read, TrackedPostSource.SHARE, campaign=campaign
        )
        return post
    post, created = TrackedPost.objects.get_or_create(
        workspace_id=member.workspace_id,
        network=share.network,
        network_id=share.url,
        defaults={
            "member": member,
            "campaign": campaign,
            "url": share.url,
            "source": TrackedPostSource.SHARE,
            "published_at": share.shared_at,
        },
    )
    if not created and post.campaign_id is None and post.member_id == member.pk:
        post.campaign = campaign
        post.save(update_fields=["campaign", "updated_at"])
    return post


def record_share(
    invite: KitInvite, *, network: str, url: str = "", kit_post_id: int | None = None
) -> Share:
    """What the member says they shared: a Share, and their post tracked when its
    address is given (:func:`track_shared_post`)."""
    collaboration = invite.collaboration
    campaign = collaboration.campaign
    network = network.strip().lower()
    known = {p.network for p in campaign.kit.all()} | set(campaign.networks)
    if network not in {n.code for n in registry.all_networks()}:
        raise DomainError(_("Choose the network where you shared the post."), "network")
    if known and network not in known:
        raise DomainError(
            _("This campaign's kit is for %(networks)s: choose one of them.")
            % {"networks": ", ".join(registry.label(n) for n in sorted(known))},
            "network",
        )
    url = url.strip()
    if url:
        try:
            url = links.checked_target(url)
        except DomainError:
            raise DomainError(
                _("Paste the address of your post, starting with https://."), "url"
            ) from None
    kit_post = None
    if kit_post_id is not None:
        kit_post = campaign.kit.filter(pk=kit_post_id).first()
    read = read_shared(url) if url else None  # before the transaction: a network call
    with transaction.atomic():
        share = Share.objects.create(
            collaboration=collaboration,
            kit_post=kit_post,
            network=network,
            url=url,
            shared_at=timezone.now(),
        )
        if url:
            track_shared_post(share, read)
    return share


def campaign_shares(campaign: InfluenceCampaign) -> list[Share]:
    """What the members shared for this campaign, the latest first."""
    return list(
        Share.objects.filter(collaboration__campaign=campaign)
        .select_related("collaboration__member")
        .order_by("-shared_at", "-id")[:50]
    )
