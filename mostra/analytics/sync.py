"""Copying what publishing collects into the analytics tables, so every KPI reads one table.

Publishing keeps a time series per publication (:class:`MetricSnapshot`) and per
connected account (:class:`FollowerSnapshot`). The KPIs read
:class:`~mostra.analytics.models.AccountPost` and
:class:`~mostra.analytics.models.FollowerCount`, whatever brought the data in (an
import, a public profile, mostra's own publishing). This module makes the copy:

- a published :class:`Publication` becomes the :class:`AccountPost` of its account's
  :class:`TrackedAccount` (created, and linked to the :class:`SocialAccount`, when
  missing), with source "publishing", ``post`` = the variant's post (so its tactic,
  objective and pillar follow) and the counts of its latest snapshot. A count the
  network did not give stays None; a count an import already gave is kept when the
  snapshot lacks it. An imported post with the same network id (the same tweet in an
  X archive) is the same row: it gains the link to its mostra post.
- a :class:`FollowerSnapshot` becomes the :class:`FollowerCount` of its day (in the
  workspace's time zone), the latest of the day winning.

:func:`sync_workspace` copies everything again (idempotent); the metrics collection
calls the rest after it stores snapshots (:mod:`mostra.publishing.services.metrics`):
publications through the :func:`sync_publications_task` task, so that the collection's
run stays a fixed handful of queries, and followers at once.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django_tasks import task

from mostra.analytics import account_days
from mostra.analytics.by_hand import key as url_key
from mostra.analytics.by_hand import url_forms
from mostra.analytics.importers.formats import published_format
from mostra.analytics.models import (
    COUNT_FIELDS,
    AccountPost,
    FollowerCount,
    PostKind,
    PostSource,
    TrackedAccount,
    normalise_handle,
)
from mostra.core import figures_cache
from mostra.core.models.workspace import in_active_workspace
from mostra.editorial.models import PostMedia
from mostra.publishing.models import (
    FollowerSnapshot,
    MetricSnapshot,
    Publication,
    PublicationState,
    SocialAccount,
)

#: How many publications one pass copies (the query sizes stay bounded).
BATCH = 1000


@dataclass(frozen=True)
class SyncResult:
    posts: int
    follower_counts: int


def tracked_accounts(social_accounts: Iterable[SocialAccount]) -> dict[int, TrackedAccount]:
    """The tracked account of each connected account, created and linked when missing.

    An account imported before it was connected (same network and handle) is linked
    rather than duplicated.
    """
    wanted = {account.pk: account for account in social_accounts}
    found = {
        t.social_account_id: t
        for t in TrackedAccount.objects.filter(social_account__in=list(wanted))
    }
    for pk, social in wanted.items():
        if pk in found:
            continue
        handle = normalise_handle(social.network, social.handle)
        tracked, _created = TrackedAccount.objects.get_or_create(
            workspace_id=social.workspace_id,
            network=social.network,
            handle=handle,
            defaults={
                "display_name": social.display_name,
                "external_id": social.external_id,
                "social_account": social,
            },
        )
        if tracked.social_account_id is None:
            tracked.social_account = social
            tracked.external_id = tracked.external_id or social.external_id
            tracked.save(update_fields=["social_account", "external_id"])
        found[pk] = tracked
    return found


def _latest(publications: Sequence[Publication]) -> dict[int, MetricSnapshot]:
    latest: dict[int, MetricSnapshot] = {}
    rows = MetricSnapshot.objects.filter(publication__in=publications).order_by("taken_at", "id")
    for row in rows.defer("raw"):
        latest[row.publication_id] = row
    return latest


def _first_media(publications: Sequence[Publication]) -> dict[int, str]:
    """Each variant's first media kind (one query for all the publications)."""
    first: dict[int, str] = {}
    rows = PostMedia.objects.filter(variant_id__in={p.variant_id for p in publications})
    for variant_id, kind in rows.order_by("variant_id", "position", "id").values_list(
        "variant_id", "kind"
    ):
        first.setdefault(variant_id, kind)
    return first


def _network_id(publication: Publication) -> str:
    return publication.remote_uri or publication.remote_id


@transaction.atomic
def sync_publications(publications: Sequence[Publication]) -> int:
    """Copy published publications and their latest counts to AccountPost; returns how
    many rows were written.

    Steps:
    1. keep the published ones with a remote id; find their tracked accounts;
    2. read their latest snapshots and the AccountPost rows they already have (by
       publication, or by account and network id for an imported copy);
    3. update those rows (a count the snapshot lacks keeps its previous value), create
       the others;
    4. recompute the daily sums of the days the rows were and are on
       (:func:`mostra.analytics.account_days.refresh_around`).
    """
    publications = list(
        {
            p.pk: p
            for p in publications
            if p.state == PublicationState.PUBLISHED and _network_id(p) and p.published_at
        }.values()
    )
    if not publications:
        return 0
    accounts = tracked_accounts({p.account_id: p.account for p in publications}.values())
    latest = _latest(publications)
    media = _first_media(publications)
    existing = AccountPost.objects.filter(
        account__in=list(accounts.values()),
        network_id__in=[_network_id(p) for p in publications],
    ) | AccountPost.objects.filter(publication__in=publications)
    by_hand = [p for p in publications if p.account.by_hand and p.remote_url]
    if by_hand:  # the imported row of the same address (an export's own ids differ)
        forms = [form for p in by_hand for form in url_forms(p.remote_url)]
        existing = existing | AccountPost.objects.filter(
            account__in=list(accounts.values()), url__in=forms, publication__isnull=True
        )
    by_publication = {row.publication_id: row for row in existing if row.publication_id}
    by_key = {(row.account_id, row.network_id): row for row in existing}
    by_url = {(row.account_id, url_key(row.url)): row for row in existing if row.url}
    created: list[AccountPost] = []
    updated: list[AccountPost] = []
    moments = [(row.account_id, row.published_at) for row in by_key.values()]
    for publication in publications:
        account = accounts[publication.account_id]
        key = (account.pk, _network_id(publication))
        row = by_publication.get(publication.pk) or by_key.get(key)
        if row is None and publication.account.by_hand and publication.remote_url:
            row = by_url.get((account.pk, url_key(publication.remote_url)))
        snapshot = latest.get(publication.pk)
        fresh = row is None
        if row is None:
            row = AccountPost(account=account, network_id=key[1], kind=PostKind.ORIGINAL)
        row.source = PostSource.PUBLISHING
        row.published_at = publication.published_at
        row.text = publication.variant.text
        row.format = published_format(media.get(publication.variant_id), row.text)
        row.url = publication.remote_url
        row.post_id = publication.variant.post_id
        row.publication = publication
        if snapshot is not None:
            row.metrics_at = snapshot.taken_at
            for name in COUNT_FIELDS:
                value = getattr(snapshot, name)
                if value is not None:
                    setattr(row, name, value)
        (created if fresh else updated).append(row)
    AccountPost.objects.bulk_create(created)
    fields = [
        "source",
        "published_at",
        "text",
        "url",
        "format",
        "post",
        "publication",
        "metrics_at",
    ]
    AccountPost.objects.bulk_update(updated, [*fields, *COUNT_FIELDS])
    moments += [(row.account_id, row.published_at) for row in [*created, *updated]]
    account_days.refresh_around(moments)  # the days they were and are on
    return len(created) + len(updated)


@transaction.atomic
def sync_followers(snapshots: Sequence[FollowerSnapshot]) -> int:
    """One FollowerCount per account and day (the day's latest snapshot); returns how
    many days were written."""
    snapshots = [s for s in snapshots if s.followers is not None]
    if not snapshots:
        return 0
    socials = {s.account_id: s.account for s in snapshots}
    accounts = tracked_accounts(socials.values())
    zones = {
        pk: zoneinfo.ZoneInfo(social.workspace.timezone or "UTC") for pk, social in socials.items()
    }
    days: dict[tuple[int, object], FollowerCount] = {}
    for snapshot in sorted(snapshots, key=lambda s: (s.taken_at, s.pk or 0)):
        account = accounts[snapshot.account_id]
        day = snapshot.taken_at.astimezone(zones[snapshot.account_id]).date()
        days[(account.pk, day)] = FollowerCount(
            account=account, date=day, followers=snapshot.followers, source=PostSource.PUBLISHING
        )
    FollowerCount.objects.bulk_create(
        days.values(),
        update_conflicts=True,
        unique_fields=["account", "date"],
        update_fields=["followers", "source"],
    )
    figures_cache.changed({social.workspace_id for social in socials.values()})
    return len(days)


def sync_workspace(workspace) -> SyncResult:  # noqa: ANN001 - a core Workspace
    """Copy all of a workspace's publications and follower snapshots again (idempotent)."""
    rows = (
        Publication.objects.filter(account__workspace=workspace, state=PublicationState.PUBLISHED)
        .exclude(remote_id="", remote_uri="")
        .select_related("account", "variant")
        .order_by("id")
    )
    posts = 0
    batch: list[Publication] = []
    for publication in rows.iterator(chunk_size=BATCH):
        batch.append(publication)
        if len(batch) == BATCH:
            posts += sync_publications(batch)
            batch = []
    posts += sync_publications(batch)
    snapshots = list(
        FollowerSnapshot.objects.filter(account__workspace=workspace).select_related(
            "account__workspace"
        )
    )
    return SyncResult(posts, sync_followers(snapshots))


@task()
def sync_publications_task(publication_ids: list[int]) -> int:
    """Copy these publications to AccountPost (enqueued by the metrics collection)."""
    publications = list(
        Publication.objects.filter(
            in_active_workspace("account__workspace"), pk__in=publication_ids
        ).select_related("account", "variant")
    )
    return sync_publications(publications)


def on_metrics_collected(sender: object, publication_ids: list[int], **kwargs: object) -> None:
    """The publishing's counts were read: copy them to AccountPost, as a task."""
    sync_publications_task.enqueue(publication_ids)


def on_followers_collected(
    sender: object, snapshots: Sequence[FollowerSnapshot], **kwargs: object
) -> None:
    """An account's followers were read: one FollowerCount per day."""
    sync_followers(snapshots)
