"""The demo workspace's measured history: a year of posts, counts and followers.

« Atelier Vélo Solidaire » has its three strategy networks (Instagram, Facebook,
LinkedIn, as their analytics exports would bring them in), an X account and a Mastodon
account (as their archives would), and two competitors: an X account that reposts
about 70 % of what it sends (the atelier: about 40 %) and a Mastodon account that
boosts about 55 %. That is the reference case of the measurement part: "we are told
we repost too much" — the comparison says otherwise.

Like the calendar, the history follows today (a dashboard of last year would show
nothing); it is drawn from a seeded generator, so two demos built on the same day are
identical. Engagement peaks on Tuesday and Thursday lunchtime, Paris time, so that the
best-time heatmap has something true to show. The calendar's published posts are
measured too, linked to their mostra post (hence their tactic and pillar).

:func:`seed_demo_analytics` is idempotent: it does nothing when the workspace already
tracks accounts.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from mostra.analytics import account_days
from mostra.analytics.models import (
    AccountPost,
    FollowerCount,
    PostKind,
    PostSource,
    TrackedAccount,
)
from mostra.core.models import Workspace
from mostra.editorial.models import PostStatus, PostVariant

#: How far back the history goes.
HISTORY_DAYS = 365


@dataclass(frozen=True)
class DemoAccount:
    network: str
    handle: str
    name: str
    competitor: bool
    source: str
    posts_per_week: float
    repost_share: float
    reply_share: float
    #: Typical reach of a post (None: the source gives no reach).
    reach: float | None
    #: Likes per post for sources without reach.
    likes: float
    followers_start: int
    followers_end: int
    #: Which counts the source gives.
    counts: tuple[str, ...]
    since_days: int = HISTORY_DAYS
    #: Typical impressions of a post when the source gives no reach.
    views: float = 520


ACCOUNTS = (
    DemoAccount(
        "instagram", "atelier.velo.solidaire", "Atelier Vélo Solidaire", False,
        PostSource.CSV, 3.2, 0, 0, 780, 0, 3100, 4200,
        ("likes", "replies", "reposts", "saves", "reach", "impressions"),
    ),
    DemoAccount(
        "facebook", "ateliervelosolidaire", "Atelier Vélo Solidaire", False,
        PostSource.CSV, 2.2, 0, 0, 850, 0, 5200, 5600,
        ("likes", "replies", "reposts", "reach", "impressions", "clicks"),
    ),
    DemoAccount(
        "linkedin", "atelier-velo-solidaire", "Atelier Vélo Solidaire", False,
        PostSource.CSV, 1.2, 0, 0, None, 14, 120, 410,
        ("likes", "replies", "reposts", "impressions", "clicks"),
        since_days=120,
        views=250,
    ),
    DemoAccount(
        "x", "avs_lyon", "Atelier Vélo Solidaire", False,
        PostSource.X_ARCHIVE, 6.0, 0.40, 0.10, None, 9, 2300, 2380,
        ("likes", "reposts"),
    ),
    DemoAccount(
        "x", "cyclorecup_lyon", "CycloRécup Lyon", True,
        PostSource.X_ARCHIVE, 9.0, 0.70, 0.08, None, 6, 3100, 3150,
        ("likes", "reposts"),
    ),
    DemoAccount(
        "mastodon", "atelier@mastodon.example", "Atelier Vélo Solidaire", False,
        PostSource.MASTODON_ARCHIVE, 3.0, 0.30, 0.20, None, 7, 640, 910,
        ("likes", "reposts"),
    ),
    DemoAccount(
        "mastodon", "cyclorecup@mastodon.example", "CycloRécup Lyon", True,
        PostSource.MASTODON_ARCHIVE, 4.0, 0.55, 0.15, None, 5, 480, 560,
        ("likes", "reposts"),
    ),
)  # fmt: skip

ORIGINALS = (
    "Avant/après : ce vélo de ville repart pour dix ans.",
    "Tuto express : régler ses freins en une minute.",
    "Merci aux 40 bénévoles de la bourse aux vélos !",
    "Atelier d'autoréparation samedi, inscriptions ouvertes.",
    "Portrait : Samir, mécanicien en insertion depuis mars.",
    "Nos chiffres du mois : 212 vélos réparés, 1,3 t de déchets évités.",
)


def _boost(local: dt.datetime) -> float:
    """Lunchtime on Tuesday and Thursday works best; late evenings least."""
    factor = 1.0
    if local.weekday() in (1, 3) and 12 <= local.hour <= 13:
        factor = 1.8
    elif 11 <= local.hour <= 14:
        factor = 1.25
    elif local.hour >= 21 or local.hour < 7:
        factor = 0.6
    return factor


def _post_times(rng: random.Random, account: DemoAccount, start: dt.datetime, end: dt.datetime):
    """Posting moments: the account's rhythm, in the Paris working day mostly."""
    zone = ZoneInfo("Europe/Paris")
    per_day = account.posts_per_week / 7
    day = start.astimezone(zone).date()
    index = 0
    while day <= end.astimezone(zone).date():
        # evenly spread: a steady rhythm, as a planned calendar gives
        for _ in range(int((index + 1) * per_day) - int(index * per_day)):
            hour = rng.choice((8, 9, 10, 11, 12, 12, 13, 13, 14, 16, 17, 18, 19, 21))
            when = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), tzinfo=zone)
            if start <= when <= end:
                yield when
        day += dt.timedelta(days=1)
        index += 1


def _counts(
    rng: random.Random, account: DemoAccount, kind: str, local: dt.datetime, growth: float
) -> dict[str, int | None]:
    """The counts the account's source gives, for one post."""
    values: dict[str, int | None] = dict.fromkeys(
        ("likes", "replies", "reposts", "saves", "reach", "impressions", "clicks")
    )
    if kind == PostKind.REPOST:
        return values  # a repost's counts are the original's, not the account's
    noise = math.exp(rng.gauss(0, 0.15))
    boost = _boost(local) * noise * growth
    if account.reach is not None:
        reach = account.reach * boost
        values["reach"] = round(reach)
        # the engagement rate improves as the strategy takes hold (growth: 1 → 1.25)
        rate = 0.0275 * (0.5 + 0.5 * growth)
        engaged = reach * rate * _boost(local) * math.exp(rng.gauss(0, 0.08))
    else:
        reach = None
        engaged = account.likes * 1.3 * boost
    if "impressions" in account.counts:
        values["impressions"] = round((reach or account.views * boost) * 1.35)
    values["likes"] = round(engaged * 0.78)
    values["reposts"] = round(engaged * 0.12)
    if "replies" in account.counts:
        values["replies"] = round(engaged * 0.10)
    if "saves" in account.counts:
        values["saves"] = round(engaged * 0.08)
    if "clicks" in account.counts:
        values["clicks"] = round((values["impressions"] or 0) * 0.011 * noise)
    return values


def _kind(n: int, account: DemoAccount) -> str:
    """Evenly spread kinds: any stretch of posts has the account's shares (no luck)."""

    def turn(share: float) -> bool:
        return int((n + 1) * share) > int(n * share)

    if turn(account.repost_share):
        return PostKind.REPOST
    if turn(account.reply_share):
        return PostKind.REPLY
    return PostKind.ORIGINAL


#: The formats the demo's posts take in turn, per network (what its archives would say).
DEMO_FORMATS = {
    "instagram": ("image", "image", "video"),
    "linkedin": ("text", "link", "image"),
}
DEFAULT_FORMATS = ("text", "image", "link", "text", "video")


def _format(n: int, account: DemoAccount, kind: str) -> str | None:
    """The n-th post's format; None for a repost (someone else's content)."""
    if kind == PostKind.REPOST:
        return None
    formats = DEMO_FORMATS.get(account.network, DEFAULT_FORMATS)
    return formats[n % len(formats)]


def _posts(
    rng: random.Random, tracked: TrackedAccount, account: DemoAccount, now: dt.datetime
) -> list[AccountPost]:
    start = now - dt.timedelta(days=account.since_days)
    rows = []
    for n, when in enumerate(_post_times(rng, account, start, now)):
        kind = _kind(n, account)
        growth = 1 + 0.25 * (when - start) / (now - start)
        counts = _counts(rng, account, kind, when, growth)
        text = ORIGINALS[n % len(ORIGINALS)]
        if kind == PostKind.REPOST:
            text = f"RT @velo_lyon: {text}"
        rows.append(
            AccountPost(
                account=tracked,
                network_id=f"demo-{account.network}-{account.handle}-{n}",
                kind=kind,
                published_at=when.astimezone(dt.UTC),
                text=text,
                language="fr",
                source=account.source,
                format=_format(n, account, kind),
                metrics_at=now,
                **{f: counts.get(f) for f in counts if f in account.counts},
            )
        )
    return rows


def _followers(tracked: TrackedAccount, account: DemoAccount, now: dt.datetime):
    """One count a week, growing smoothly from the first figure to the last."""
    days = account.since_days
    for back in range(days, -1, -7):
        share = 1 - back / days
        yield FollowerCount(
            account=tracked,
            date=(now - dt.timedelta(days=back)).date(),
            followers=round(
                account.followers_start + (account.followers_end - account.followers_start) * share
            ),
            source=account.source,
        )


def _calendar_posts(
    rng: random.Random, workspace: Workspace, own: dict[str, TrackedAccount], now: dt.datetime
) -> list[AccountPost]:
    """The calendar's published posts, measured and linked to their mostra post."""
    rows = []
    variants = PostVariant.objects.filter(
        post__workspace=workspace, post__status=PostStatus.PUBLISHED
    ).select_related("post")
    by_network = {a.network: a for a in ACCOUNTS if not a.competitor}
    for variant in variants:
        tracked = own.get(variant.network)
        if tracked is None or variant.post.scheduled_at is None:
            continue
        when = variant.post.scheduled_at
        local = when.astimezone(ZoneInfo("Europe/Paris"))
        account = by_network[variant.network]
        counts = _counts(rng, account, PostKind.ORIGINAL, local, 1.25)
        rows.append(
            AccountPost(
                account=tracked,
                network_id=f"demo-calendar-{variant.pk}",
                kind=PostKind.ORIGINAL,
                published_at=when,
                text=variant.text,
                language="fr",
                source=PostSource.CSV,
                metrics_at=now,
                post=variant.post,
                **{f: counts.get(f) for f in counts if f in account.counts},
            )
        )
    return rows


@transaction.atomic
def seed_demo_analytics(workspace: Workspace, now: dt.datetime | None = None) -> int:
    """Add the demo accounts' history; returns the number of posts added (0: already there)."""
    if TrackedAccount.objects.filter(workspace=workspace).exists():
        return 0
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    rng = random.Random(2026)
    posts: list[AccountPost] = []
    counts: list[FollowerCount] = []
    own: dict[str, TrackedAccount] = {}
    for account in ACCOUNTS:
        tracked = TrackedAccount.objects.create(
            workspace=workspace,
            network=account.network,
            handle=account.handle,
            display_name=account.name,
            is_competitor=account.competitor,
        )
        if not account.competitor:
            own.setdefault(account.network, tracked)
        posts.extend(_posts(rng, tracked, account, now))
        counts.extend(_followers(tracked, account, now))
    posts.extend(_calendar_posts(rng, workspace, own, now))
    AccountPost.objects.bulk_create(posts, batch_size=1000)
    FollowerCount.objects.bulk_create(counts, batch_size=1000)
    account_days.rebuild({post.account_id for post in posts})
    return len(posts)
