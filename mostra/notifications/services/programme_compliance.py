"""Tell the team when a programme member's paid or gifted post is found without the
disclosure the law asks: a periodic job of the side work (``PERIODIC`` in
:mod:`mostra.publishing.side_work`), since posts are found in the background (the
members' feeds read daily, listening's mentions matched).

Each post is told of once. The campaign's author hears of their campaign's posts; the
workspace's owners of the others (no campaign, or an author who left). One notification
per person and workspace per turn, naming the post when it is one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from mostra.ambassadors.models import TrackedPost
from mostra.ambassadors.services.flagged import claim_flagged
from mostra.core.models import Membership, Role
from mostra.notifications.models import Kind
from mostra.notifications.services.sending import Notice, notify_all


def _owners(workspace_ids: set[int]) -> dict[int, list[int]]:
    owners: dict[int, list[int]] = defaultdict(list)
    for workspace_id, user_id in Membership.objects.filter(
        workspace_id__in=workspace_ids, role=Role.OWNER
    ).values_list("workspace_id", "user_id"):
        owners[workspace_id].append(user_id)
    return owners


def send_due(now: dt.datetime | None = None) -> int:
    """Claim the posts flagged and not yet told of, and notify; the number claimed."""
    now = now or timezone.now()
    with transaction.atomic():
        posts = claim_flagged(now)
        if not posts:
            return 0
        owners = _owners({p.workspace_id for p in posts})
        told: dict[tuple[int, int], list[TrackedPost]] = defaultdict(list)
        for post in posts:
            author = post.campaign.created_by_id if post.campaign is not None else None
            for user_id in [author] if author else owners[post.workspace_id]:
                told[(post.workspace_id, user_id)].append(post)
        notify_all(
            [
                _notice(workspace_id, user_id, found)
                for (workspace_id, user_id), found in told.items()
            ]
        )
    return len(posts)


def _notice(workspace_id: int, user_id: int, posts: list[TrackedPost]) -> Notice:
    first = posts[0]
    campaigns = {p.campaign_id for p in posts}
    params = {
        "count": len(posts),
        "slug": first.workspace.slug,
        "member": first.member.name if len(posts) == 1 else "",
        "campaign": first.campaign.name if len(posts) == 1 and first.campaign else "",
        "campaign_id": first.campaign_id if len(campaigns) == 1 else None,
        "url": first.url if len(posts) == 1 else "",
    }
    return Notice(workspace_id, Kind.PROGRAMME_NON_COMPLIANT, [user_id], params=params)
