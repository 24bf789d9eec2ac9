"""Keeping the per-account daily sums (:class:`AccountDay`) equal to the posts.

One function recomputes them, :func:`refresh`: for an account and a span of days (all
of its days by default), the span's rows are deleted and written again by one
``INSERT INTO … SELECT … GROUP BY day`` over the posts, with the KPI engine's own
expressions (:func:`mostra.analytics.kpis.aggregate.aggregates`) and the day in the
workspace's time zone computed in SQL (:func:`local_day`): no day passes through Python.
Every write that changes posts calls it in its own transaction:

* an import (:func:`mostra.analytics.importers.store.store`): the days from the
  earliest to the latest post it wrote (an updated post's old day too), none when it
  wrote nothing, every day when it replaced by-hand copies;
* the metrics collection's copy (:func:`mostra.analytics.sync.sync_publications`): the
  days between the earliest and the latest post it wrote or moved;
* a post saved one by one (``AccountPost.save()``): its day, through the model's
  ``post_save`` signal (:func:`on_post_saved`); posts deleted through
  :func:`delete_posts` (the by-hand copies an import replaces): their days;
* the workspace's time zone changed: every day of its accounts
  (:func:`on_workspace_saved`).

A bulk write of posts elsewhere must call :func:`refresh` itself (the demo, tests'
builders); ``mostra analytics rebuild`` (:func:`rebuild`) recomputes everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from mostra.analytics.kpis import aggregate
from mostra.analytics.kpis.aggregate import KIND_FIELD, OWN_FIGURES, SUMMED, Figures
from mostra.analytics.kpis.daily import COPIED
from mostra.analytics.models import AccountDay, AccountPost, PostKind, TrackedAccount
from mostra.core import figures_cache
from mostra.core.engagement import ENGAGED, ENGAGEMENTS

#: Rows written per INSERT.
BATCH = 1000

Span = tuple[dt.date, dt.date] | None  # inclusive days; None: every day


def _workspaces(account_ids: Iterable[int]) -> list[int]:
    """The accounts' workspaces (one query), read once the change has committed."""
    rows = TrackedAccount.objects.filter(pk__in=list(account_ids)).values_list("workspace_id")
    return [workspace_id for (workspace_id,) in rows]


def zones(account_ids: Iterable[int]) -> dict[int, ZoneInfo]:
    """Each account's workspace time zone (one query)."""
    rows = TrackedAccount.objects.filter(pk__in=list(account_ids)).values_list(
        "pk", "workspace__timezone"
    )
    return {pk: ZoneInfo(zone or "UTC") for pk, zone in rows}


def _offsets(
    zone: ZoneInfo, first: dt.datetime, last: dt.datetime
) -> list[tuple[dt.datetime, int]]:
    """The zone's UTC offsets (seconds) from ``first`` to ``last``: [(until, offset)…],
    each offset holding until the next change (the last one's ``until`` is ``last``)."""

    def offset(at: dt.datetime) -> int:
        return int(at.astimezone(zone).utcoffset().total_seconds())  # type: ignore[union-attr]

    found: list[tuple[dt.datetime, int]] = []
    day, current = first, offset(first)
    while day < last:
        following = day + dt.timedelta(days=1)
        if offset(following) != current:
            low, high = day, following  # the change is in (low, high]: to the second
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            found.append((high.replace(microsecond=0), current))
            current = offset(high)
        day = following
    found.append((last, current))
    return found


def local_day(zone: ZoneInfo, posts: QuerySet) -> Any:
    """The posts' day in ``zone``, as an expression.

    PostgreSQL converts in SQL (``AT TIME ZONE``). SQLite would call a Python function
    per post (Django's date functions are Python there, about 5 µs each, most of a
    rebuild); instead the day is ``date(published_at, '±N seconds')`` with N the zone's
    offset, chosen by a CASE over the offset's changes within the posts' span (two a
    year where clocks change): pure SQL.
    """
    if connection.vendor != "sqlite":
        return TruncDate("published_at", tzinfo=zone)
    span = posts.aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return TruncDate("published_at", tzinfo=zone)
    first = span["first"].astimezone(dt.UTC) - dt.timedelta(days=1)
    pieces = _offsets(zone, first, span["last"].astimezone(dt.UTC) + dt.timedelta(days=1))
    shift: Any = Value(f"{pieces[-1][1]:+d} seconds")
    if len(pieces) > 1:
        shift = Case(
            *(When(published_at__lt=until, then=Value(f"{o:+d} seconds")) for until, o in pieces),
            default=shift,
        )
    return Func(F("published_at"), shift, function="date", output_field=DateField())


def day_row(account_id: int, day: dt.date, figures: Figures, model: Any = AccountDay) -> Any:
    """The AccountDay holding ``figures`` (``model``: a migration's historical one; the
    migration that created the table builds its rows so, :func:`refresh` in SQL)."""
    row = model(account_id=account_id, day=day)
    for name in COPIED:
        setattr(row, name, getattr(figures, name))
    ranked = getattr(figures, "originals_ranked", (0, None, None))
    row.engaged_originals, row.best_engagement, row.worst_engagement = ranked
    for name in SUMMED:
        setattr(row, f"sum_{name}", figures.sums[name])
        setattr(row, f"carried_{name}", figures.carried[name])
    return row


def day_figures(
    account_id: int, zone: ZoneInfo, span: Span = None, *, model: Any = AccountPost
) -> dict[dt.date, Figures]:
    """The account's posts summed per day of ``zone`` (within ``span``): one query (two
    on SQLite, :func:`local_day`)."""
    posts = model.objects.filter(account_id=account_id)
    if span is not None:
        start = dt.datetime.combine(span[0], dt.time(), zone)
        end = dt.datetime.combine(span[1] + dt.timedelta(days=1), dt.time(), zone)
        posts = posts.filter(published_at__gte=start, published_at__lt=end)
    rows = (
        posts.annotate(local_day=local_day(zone, posts))
        .order_by()
        .values("local_day", "kind")
        .annotate(
            **aggregate.aggregates(),
            best=Max(ENGAGEMENTS, filter=ENGAGED),
            worst=Min(ENGAGEMENTS, filter=ENGAGED),
        )
    )
    found: dict[dt.date, Figures] = {}
    for row in rows:
        figures = found.setdefault(row["local_day"], Figures())
        aggregate.add_row(figures, row)
        if row["kind"] == PostKind.ORIGINAL:  # the dashboard's top and flop rank originals
            figures.originals_ranked = (  # type: ignore[attr-defined]
                row["engaged_posts"],
                row["best"],
                row["worst"],
            )
    return found


def _within(expression: Any, condition: Q) -> Any:
    """``expression`` (an aggregate) over the rows that also meet ``condition``."""
    narrowed = expression.copy()
    narrowed.filter = condition if narrowed.filter is None else narrowed.filter & condition
    return narrowed


def _zero(expression: Any, output: Any) -> Coalesce:
    """``expression``, 0 where no post gives it (a day's columns are never NULL)."""
    return Coalesce(
        expression, Value(0.0 if isinstance(output, FloatField) else 0), output_field=output
    )


def day_columns() -> dict[str, Any]:
    """Every column of a day's :class:`AccountDay` row, as an aggregate over that day's
    posts (grouped by day alone: the kind is a filter): the posts of each kind, the own
    posts' (originals and replies) figures with the KPI engine's own expressions
    (:func:`mostra.analytics.kpis.aggregate.aggregates`), the originals' engagement
    range (the dashboard's top and flop)."""
    fields = {f.name: f for f in AccountDay._meta.concrete_fields}
    own = Q(kind__in=[PostKind.ORIGINAL, PostKind.REPLY])
    original = Q(kind=PostKind.ORIGINAL)
    found: dict[str, Any] = {
        name: Count("id", filter=Q(kind=kind)) for kind, name in KIND_FIELD.items()
    }
    engine = aggregate.aggregates()
    for name in (*OWN_FIGURES, "reach_rate_sum"):
        found[name] = _zero(_within(engine[name], own), fields[name])
    for name in SUMMED:
        for column in (f"sum_{name}", f"carried_{name}"):
            found[column] = _zero(_within(engine[column], own), fields[column])
    found["engaged_originals"] = Count("id", filter=ENGAGED & original)
    found["best_engagement"] = Max(ENGAGEMENTS, filter=ENGAGED & original)
    found["worst_engagement"] = Min(ENGAGEMENTS, filter=ENGAGED & original)
    return found


def refresh(
    account_id: int, span: Span = None, *, zone: ZoneInfo | None = None, told: bool = False
) -> int:
    """Recompute the account's days within ``span`` (every day by default), in one
    transaction and in the database: the span's rows deleted, then the new ones written
    by one ``INSERT INTO … SELECT … GROUP BY day`` over the posts (:func:`day_columns`;
    the day by :func:`local_day`, one query more on SQLite). No row passes through
    Python. Returns how many days hold posts. ``told``: the caller has told the figures
    cache of the account's workspace already (:func:`refresh_many`)."""
    if zone is None:
        zone = zones([account_id]).get(account_id)
        if zone is None:  # the account is gone, its days with it
            return 0
    posts = AccountPost.objects.filter(account_id=account_id)
    if span is not None:
        start = dt.datetime.combine(span[0], dt.time(), zone)
        end = dt.datetime.combine(span[1] + dt.timedelta(days=1), dt.time(), zone)
        posts = posts.filter(published_at__gte=start, published_at__lt=end)
    columns = day_columns()
    days = (
        posts.annotate(local_day=local_day(zone, posts))
        .order_by()
        .values("local_day")
        .annotate(**columns)
    )
    select, params = days.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    column = {f.name: str(f.column) for f in AccountDay._meta.concrete_fields}
    names = [column[name] for name in ("account", "day", *columns)]
    insert = (
        f"INSERT INTO {quote(AccountDay._meta.db_table)} ({', '.join(map(quote, names))})"
        f" SELECT %s, d.{quote('local_day')}, {', '.join(f'd.{quote(n)}' for n in columns)}"
        f" FROM ({select}) d"
    )
    with transaction.atomic():
        if not told:
            figures_cache.changed(resolve=lambda: _workspaces([account_id]))
        old = AccountDay.objects.filter(account_id=account_id)
        if span is not None:
            old = old.filter(day__gte=span[0], day__lte=span[1])
        old.delete()
        with connection.cursor() as cursor:
            cursor.execute(insert, (account_id, *params))
            return max(cursor.rowcount, 0)


def refresh_many(spans: Mapping[int, Span]) -> None:
    """:func:`refresh` for several accounts: their zones and workspaces read in one
    query, then one transaction per workspace telling the figures cache once (one
    version moved per workspace after its commit, none read back per account)."""
    rows = TrackedAccount.objects.filter(pk__in=list(spans)).values_list(
        "pk", "workspace_id", "workspace__timezone"
    )
    by_workspace: dict[int, list[tuple[int, ZoneInfo]]] = {}
    for pk, workspace_id, zone in rows:
        by_workspace.setdefault(workspace_id, []).append((pk, ZoneInfo(zone or "UTC")))
    for workspace_id, accounts in by_workspace.items():
        with transaction.atomic():
            figures_cache.changed([workspace_id])
            for account_id, account_zone in sorted(accounts, key=lambda a: a[0]):
                refresh(account_id, spans[account_id], zone=account_zone, told=True)


def refresh_around(moments: Iterable[tuple[int, dt.datetime]]) -> None:
    """Recompute, per account, the days from its earliest to its latest moment given
    (the posts' publication times, before and after a write)."""
    moments = list(moments)
    known = zones({account_id for account_id, _at in moments})
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    for account_id, at in moments:
        if account_id not in known:
            continue
        day = at.astimezone(known[account_id]).date()
        first, last = spans.get(account_id, (day, day))
        spans[account_id] = (min(first, day), max(last, day))
    for account_id, span in spans.items():
        refresh(account_id, span, zone=known[account_id])


def rebuild(account_ids: Iterable[int] | None = None) -> int:
    """Every day of these accounts (of every account by default), recomputed; returns
    how many accounts."""
    ids = list(account_ids) if account_ids is not None else None
    if ids is None:
        ids = list(TrackedAccount.objects.order_by("pk").values_list("pk", flat=True))
    refresh_many(dict.fromkeys(ids))
    return len(ids)


def on_post_saved(sender: Any, instance: AccountPost, raw: bool = False, **kwargs: Any) -> None:
    """A post saved on its own (``save()``, ``create()``): its day again. (A save that
    moves a post to another day leaves the old day to :func:`delete_posts`' callers or a
    rebuild: no writer of mostra moves a post but the sync, which refreshes both.)"""
    if raw:  # loading fixtures
        return
    refresh_around([(instance.account_id, instance.published_at)])


def delete_posts(posts: Iterable[AccountPost]) -> None:
    """Delete these posts and recompute their days, in one transaction.

    Deleting a post is explicit rather than a ``post_delete`` signal: a receiver on
    AccountPost would make Django load every post of an account it deletes (100,000
    rows) instead of one DELETE; a deleted account's days go with it by cascade.
    """
    posts = list(posts)
    with transaction.atomic():
        AccountPost.objects.filter(pk__in=[p.pk for p in posts]).delete()
        refresh_around((p.account_id, p.published_at) for p in posts)


def on_workspace_loaded(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Remember the time zone a workspace was read with."""
    instance._timezone_before = instance.__dict__.get("timezone")


def on_workspace_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """The workspace's time zone changed: its accounts' days are other days now."""
    before = getattr(instance, "_timezone_before", None)
    instance._timezone_before = instance.timezone
    if created or before is None or before == instance.timezone:
        return
    rebuild(TrackedAccount.objects.filter(workspace=instance).values_list("pk", flat=True))
