"""Claiming and loading publications by the chunk, for the loop.

:func:`claim_due` claims up to a chunk of the oldest due publications in one
compare-and-set update (:func:`claims.claim_due`: on PostgreSQL the rows are picked
``FOR UPDATE SKIP LOCKED``, so that workers claiming at once take different rows), at
most one per account and none of an account with one ``publishing`` (an account's
posts go one at a time, in the order they became due), marked with a token of this
claim; then four queries load what publishing them needs (:func:`load`). The loop sends
them many at once on its publishing threads
(:mod:`mostra.publishing.scheduler.in_flight`), or one after the other with
``--in-flight 1`` (:func:`publisher.publish_claimed`). A row not yet started within
:data:`leases.START_WAIT` (30 s) of the claim, or when the worker is asked to stop, is
given back (:func:`claims.unclaim`), so that no claim outlives its lease while it waits.
:func:`claim_batch` claims given rows (a task's, the tests').
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F

from mostra.editorial.models import Post, PostMedia, PostStatus
from mostra.publishing.models import Publication, PublicationState, Webhook
from mostra.publishing.services import claims


@dataclass
class Claimed:
    """A claimed publication, with what publishing it needs."""

    publication: Publication
    media: list[PostMedia] = field(default_factory=list)
    #: The only publication of its post: the post's status follows it without a query.
    single: bool = False
    #: Its workspace has active webhooks.
    webhooks: bool = True


def claim_batch(ids: list[int], worker: str, now: dt.datetime) -> list[Claimed]:
    """Claim the due pending publications among ``ids``; return the ones this call got."""
    if not ids:
        return []
    token = f"{worker}#{uuid.uuid4().hex[:6]}"[:100]
    rows = Publication.objects.filter(pk__in=ids, next_attempt_at__lte=now)
    taken = claims.LEASE.claim(
        rows, token, now, claims.CLAIMING, attempts=F("attempts") + 1, updated_at=now
    )
    if not taken:
        return []
    mine = Publication.objects.filter(
        **claims.LEASE.held(token, now), state=PublicationState.PUBLISHING
    )
    return load(mine, now)


def claim_due(
    worker: str,
    now: dt.datetime,
    limit: int,
    networks_full: frozenset[str] = frozenset(),
) -> list[Claimed]:
    """Claim up to ``limit`` of the oldest due publications, one per account at most, none
    of an account already publishing (:func:`claims.claim_due`); load the ones this call
    got."""
    token = f"{worker}#{uuid.uuid4().hex[:6]}"[:100]
    if not claims.claim_due(token, now, limit, networks_full):
        return []
    mine = Publication.objects.filter(
        **claims.LEASE.held(token, now), state=PublicationState.PUBLISHING
    )
    return load(mine, now)


def load(rows: object, now: dt.datetime) -> list[Claimed]:
    """Load claimed publications with their variant, post, workspace, account, media,
    whether each is its post's only one and whether its workspace has webhooks; mark
    their scheduled posts ``publishing``."""
    publications = list(
        rows.select_related("variant__post__workspace", "account").order_by("id")  # type: ignore[attr-defined]
    )
    if not publications:
        return []
    media: dict[int, list[PostMedia]] = defaultdict(list)
    variant_ids = [p.variant_id for p in publications]
    for item in PostMedia.objects.filter(variant_id__in=variant_ids).order_by("position", "id"):
        media[item.variant_id].append(item)
    post_ids = {p.variant.post_id for p in publications}
    siblings = dict(
        Publication.objects.filter(variant__post_id__in=post_ids)
        .values("variant__post_id")
        .annotate(n=Count("id"))
        .values_list("variant__post_id", "n")
    )
    workspaces = {p.variant.post.workspace_id for p in publications}
    hooked = set(
        Webhook.objects.filter(workspace_id__in=workspaces, active=True).values_list(
            "workspace_id", flat=True
        )
    )
    scheduled = [
        p.variant.post_id for p in publications if p.variant.post.status == PostStatus.SCHEDULED
    ]
    if scheduled:
        Post.objects.filter(pk__in=scheduled, status=PostStatus.SCHEDULED).update(
            status=PostStatus.PUBLISHING, updated_at=now
        )
        for publication in publications:
            if publication.variant.post.status == PostStatus.SCHEDULED:
                publication.variant.post.status = PostStatus.PUBLISHING
    return [
        Claimed(
            publication=p,
            media=media[p.variant_id],
            single=siblings.get(p.variant.post_id, 0) == 1,
            webhooks=p.variant.post.workspace_id in hooked,
        )
        for p in publications
    ]
