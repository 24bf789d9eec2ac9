"""Gathering what a report says: a workspace, a period, a language → :class:`ReportData`.

Every figure comes from the analytics engines (the KPI catalogue, the objectives'
progress), never recomputed here, so the report cannot disagree with the dashboard.
What this module adds is the choice (which six figures, which three highlights, which
accounts side by side) and the wording in the reader's language, with the change since
the previous period of the same length.

Steps of :func:`gather`:

1. the own accounts' KPIs taken together, for the period and the previous one
   (``compute_combined``, two calls, a constant number of queries);
2. the six key figures, each with its change (relative for counts, in percentage points
   for ratios) and a tone from the KPI's direction;
3. the objectives' progress as of the period's end (``workspace_progress``);
4. the three own posts with the most engagements in the period;
5. every tracked account's comparison KPIs over the same period (``compute``), the
   networks that have competitors first, each own account beside its competitors;
6. the methodology: definitions of the KPIs shown, the data's sources, what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.analytics.kpis import (
    CATALOGUE,
    KpiDefinition,
    KpiValue,
    Period,
    compute,
    compute_combined,
)
from mostra.analytics.models import AccountPost, ImportRun, PostKind, PostSource, TrackedAccount
from mostra.core.models import Workspace
from mostra.reports.report import numbers
from mostra.reports.report.data import (
    ComparedAccount,
    ComparedMetric,
    Comparison,
    Definition,
    Highlight,
    KeyFigure,
    ReportData,
)
from mostra.reports.report.objectives import objective_lines
from mostra.reports.report.period import ReportPeriod
from mostra.strategy.catalogue import network_label

#: The key figures, in order: (code, fallbacks when the first cannot be computed).
KEY_FIGURES: tuple[tuple[str, ...], ...] = (
    ("posts_per_week",),  # shown as the number of posts (its numerator)
    ("impressions", "reach", "video_views"),
    ("engagement_rate_impressions", "engagement_rate_reach", "engagement_rate_followers"),
    ("followers",),
    ("follower_growth",),
    ("repost_ratio",),
)
#: The KPIs compared between own and competitor accounts.
COMPARED = (
    "repost_ratio",
    "original_share",
    "posts_per_week",
    "applause_rate",
    "amplification_rate",
    "follower_growth",
)
#: Shorter names for the key figures' cards (the method section has the full ones).
SHORT_LABELS = {
    "engagement_rate_impressions": gettext_lazy("Engagement / impressions"),
    "engagement_rate_reach": gettext_lazy("Engagement / reach"),
    "engagement_rate_followers": gettext_lazy("Engagement / followers"),
}
HIGHLIGHTS = 3
EXCERPT = 180


def gather(
    workspace: Workspace, period: ReportPeriod, language: str, today: dt.date | None = None
) -> ReportData:
    """Everything the report shows, written in ``language`` (see the module's steps)."""
    with translation.override(language):
        return _gather(workspace, period, language, today)


def _gather(
    workspace: Workspace, period: ReportPeriod, language: str, today: dt.date | None
) -> ReportData:
    accounts = list(TrackedAccount.objects.filter(workspace=workspace))
    own = [a for a in accounts if not a.is_competitor]
    previous = period.previous()
    codes = {code for group in KEY_FIGURES for code in group}
    now = compute_combined(own, Period(period.start, period.end), codes) if own else {}
    before = compute_combined(own, Period(previous.start, previous.end), codes) if own else {}
    data = ReportData(
        workspace_name=workspace.name,
        workspace_slug=workspace.slug,
        period=period,
        period_label=period.label(),
        previous_label=previous.label(),
        language=language,
        own_accounts=[_account_name(a) for a in own],
        networks=sorted({network_label(a.network) for a in own}),
        generated_at=timezone.now(),
    )
    shown_codes: list[str] = []
    for group in KEY_FIGURES:
        code = next((c for c in group if _value(now.get(c)) is not None), group[0])
        shown_codes.append(code)
        data.figures.append(_key_figure(code, now.get(code), before.get(code)))
    if not own:
        data.missing.append(_("No own account is tracked yet: import an archive first."))
    else:
        data.missing += [f"{f.label}: {f.missing}" for f in data.figures if f.missing]
    as_of = min(period.end, today or timezone.localdate())
    data.objectives = objective_lines(workspace, as_of)
    data.highlights = _highlights(workspace, own, period)
    data.comparison = _comparison(accounts, period)
    objective_codes = [line.kpi_code for line in data.objectives if line.kpi_code]
    data.definitions = _definitions([*shown_codes, *COMPARED, *objective_codes])
    data.sources = _sources(workspace)
    return data


def _value(kpi: KpiValue | None) -> float | None:
    return getattr(kpi, "value", None)


def _account_name(account: TrackedAccount) -> str:
    return f"@{account.handle} ({network_label(account.network)})"


def _key_figure(code: str, now: KpiValue | None, before: KpiValue | None) -> KeyFigure:
    definition: KpiDefinition | None = CATALOGUE.get(code)
    unit = getattr(definition, "unit", "count")
    direction = getattr(definition, "direction", "up")
    label = str(definition.label) if definition else code
    explanation = str(definition.formula) if definition else ""
    value, previous = _value(now), _value(before)
    if code == "posts_per_week":  # the number of posts speaks better than a rate
        value, previous = getattr(now, "numerator", None), getattr(before, "numerator", None)
        unit, direction, label = "count", "any", _("Posts")
        explanation = _("All posts of the own accounts in the period: originals, replies, reposts.")
    figure = KeyFigure(
        code=code,
        label=label,
        short_label=str(SHORT_LABELS.get(code, label)),
        text=numbers.by_unit(value, unit),
        value=value,
        unit=unit,
        explanation=explanation,
        missing=getattr(now, "missing", "") if value is None else "",
    )
    if value is not None and previous is not None:
        _set_change(figure, value, previous, unit, direction)
    return figure


def _set_change(
    figure: KeyFigure, value: float, previous: float, unit: str, direction: str
) -> None:
    """Relative change for counts and rates, percentage points for ratios."""
    if unit == "ratio":
        delta = (value - previous) * 100
        points = numbers.signed(round(delta, 1), 0 if abs(delta) >= 10 else 1)
        figure.change_text = _("%(points)s pts") % {"points": points}
    elif previous:
        delta = (value - previous) / abs(previous) * 100
        figure.change_text = numbers.signed(round(delta), 0) + (
            numbers.NBSP + "%" if translation.get_language().startswith("fr") else "%"
        )
    else:
        return
    figure.trend = "up" if delta > 0.05 else "down" if delta < -0.05 else "flat"
    if figure.trend == "flat":
        figure.change_text = _("stable")
    if figure.trend == "flat" or direction == "any":
        figure.tone = "neutral"
    else:
        figure.tone = "good" if (figure.trend == "up") == (direction == "up") else "bad"


def _highlights(
    workspace: Workspace, own: list[TrackedAccount], period: ReportPeriod
) -> list[Highlight]:
    """The own posts (no reposts) with the most engagements in the period."""
    if not own:
        return []
    start, end = Period(period.start, period.end).bounds(workspace.timezone)
    zero = Value(0)
    rows = (
        AccountPost.objects.filter(account__in=own, published_at__gte=start, published_at__lt=end)
        .exclude(kind=PostKind.REPOST)
        .filter(Q(likes__isnull=False) | Q(reposts__isnull=False) | Q(replies__isnull=False))
        .annotate(
            engagement=Coalesce(F("likes"), zero)
            + Coalesce(F("reposts"), zero)
            + Coalesce(F("replies"), zero)
            + Coalesce(F("quotes"), zero)
        )
        .select_related("account")
        .order_by("-engagement", "-published_at")[:HIGHLIGHTS]
    )
    labels = {
        "likes": _("likes"),
        "reposts": _("reposts"),
        "replies": _("replies"),
        "impressions": _("impressions"),
    }
    highlights = []
    for post in rows:
        local = timezone.localtime(post.published_at, _zone(workspace))
        text = " ".join(post.text.split())
        highlights.append(
            Highlight(
                excerpt=text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…",
                network=post.account.network,
                network_label=network_label(post.account.network),
                handle=f"@{post.account.handle}",
                date=formats.date_format(local.date(), "j F Y"),
                url=post.url,
                engagement=post.engagement,
                figures=[
                    (label, numbers.number(getattr(post, field)))
                    for field, label in labels.items()
                    if getattr(post, field) is not None
                ],
            )
        )
    return highlights


def _zone(workspace: Workspace) -> dt.tzinfo:
    import zoneinfo

    return zoneinfo.ZoneInfo(workspace.timezone or "UTC")


def _comparison(accounts: list[TrackedAccount], period: ReportPeriod) -> Comparison:
    """Each account's comparison KPIs; own accounts beside the competitors of their network."""
    comparison = Comparison(
        metrics=[
            ComparedMetric(code, str(CATALOGUE[code].label), CATALOGUE[code].unit)
            for code in COMPARED
            if code in CATALOGUE
        ]
    )
    if not accounts:
        return comparison
    values = compute(accounts, Period(period.start, period.end), COMPARED)
    contested = {a.network for a in accounts if a.is_competitor}
    ordered = sorted(
        accounts, key=lambda a: (a.network not in contested, a.network, a.is_competitor, a.handle)
    )
    for account in ordered:
        kpis = values.get(account.pk, {})
        if all(_value(kpis.get(m.code)) is None for m in comparison.metrics):
            continue  # nothing measured in the period: not worth a row
        comparison.accounts.append(
            ComparedAccount(
                label=f"@{account.handle}",
                network=account.network,
                network_label=network_label(account.network),
                is_competitor=account.is_competitor,
                values={
                    m.code: (
                        _value(kpis.get(m.code)),
                        numbers.by_unit(_value(kpis.get(m.code)), m.unit),
                    )
                    for m in comparison.metrics
                },
            )
        )
    return comparison


def _definitions(codes: Iterable[str]) -> list[Definition]:
    catalogue = CATALOGUE
    seen: list[str] = []
    for code in codes:
        if code in catalogue and code not in seen:
            seen.append(code)
    return [
        Definition(
            label=str(catalogue[code].label),
            formula=str(catalogue[code].formula),
            denominator=str(catalogue[code].denominator),
            source=str(catalogue[code].source.title),
        )
        for code in seen
    ]


def _sources(workspace: Workspace) -> list[str]:
    """The imports the figures come from (the latest of each kind per account)."""
    kinds = dict(PostSource.choices)
    rows = (
        ImportRun.objects.filter(workspace=workspace, account__isnull=False)
        .values("account__handle", "account__network", "kind")
        .annotate(last=Max("created_at"))
        .order_by("account__network", "account__handle")
    )
    sources = [
        _("%(kind)s of @%(handle)s (%(network)s), imported on %(date)s")
        % {
            "kind": kinds.get(row["kind"], row["kind"]),
            "handle": row["account__handle"],
            "network": network_label(row["account__network"]),
            "date": formats.date_format(timezone.localtime(row["last"]).date(), "j F Y"),
        }
        for row in rows
    ]
    published = AccountPost.objects.filter(
        account__workspace=workspace, source=PostSource.PUBLISHING
    ).exists()
    if published:
        sources.append(_("Posts published by mostra and their counts collected from the networks"))
    if not sources and AccountPost.objects.filter(account__workspace=workspace).exists():
        sources.append(_("Data brought in by imports and public profiles"))
    return sources
