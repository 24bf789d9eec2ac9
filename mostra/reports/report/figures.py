"""Gathering what a report says: a workspace, a period, a language → :class:`ReportData`.

Every figure comes from the analytics engines (the KPI catalogue, the objectives'
progress), never recomputed here, so the report cannot disagree with the dashboard.
What this module adds is the choice (which tiles, which three highlights, which
accounts side by side) and the wording in the reader's language, with the change since
the previous period of the same length.

Steps of :func:`gather`:

1. the objectives' progress as of the period's end (``workspace_progress``), with the
   networks each one names;
2. the own accounts' figures for the period and the previous one, read once for all
   of them (two queries each, whatever the accounts);
3. the tiles (:mod:`~mostra.reports.report.tiles`): the objectives' KPIs, then the
   headline KPIs that have data, per network where a blend would mislead;
4. the three own posts with the most engagements in the period;
5. every tracked account's comparison KPIs over the same period (``compute``), the
   networks that have competitors first, each own account beside its competitors;
6. the listening section (:mod:`~mostra.reports.report.listening`): mentions, share of
   voice, net sentiment, response time, the period's incidents;
7. the appendix: one definition per KPI the report shows, the data's sources, the
   KPIs not measured; and, for the team's eyes only, what is missing and how to get it;
8. the commentary written for the period, and who the report is by.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mostra.analytics.kpis import CATALOGUE, KpiValue, Period, compute
from mostra.analytics.kpis.compute import figures as kpi_figures
from mostra.analytics.listening_kpis import CODES as LISTENING
from mostra.analytics.models import AccountPost, ImportRun, PostKind, PostSource, TrackedAccount
from mostra.core.counts import count_labels
from mostra.core.engagement import ENGAGED, ENGAGEMENTS
from mostra.core.models import Membership, Workspace
from mostra.links.services.stats import totals as link_totals
from mostra.reports import commentary as commentaries
from mostra.reports.paid_board import paid_vs_organic
from mostra.reports.programme_board import presence, programme_board
from mostra.reports.report import numbers, tiles
from mostra.reports.report.data import (
    Commentary,
    CommentaryPart,
    ComparedAccount,
    ComparedMetric,
    Comparison,
    Definition,
    Highlight,
    ReportData,
)
from mostra.reports.report.funnels import funnel_sections
from mostra.reports.report.listening import listening_report
from mostra.reports.report.objectives import objective_lines
from mostra.reports.report.period import ReportPeriod
from mostra.reports.report.tools import tool_costs
from mostra.strategy.catalogue import network_label
from mostra.strategy.models import Objective

#: The KPIs compared between own and competitor accounts.
COMPARED = (
    "repost_ratio",
    "original_share",
    "posts_per_week",
    "applause_rate",
    "amplification_rate",
    "follower_growth",
)
HIGHLIGHTS = 3
#: The counts a highlighted post shows, when given.
HIGHLIGHT_COUNTS = ("likes", "reposts", "replies", "impressions")
EXCERPT = 180
#: Who asks for a report: a member (their job title known) or a user.
Author = Membership | AbstractBaseUser


def gather(
    workspace: Workspace,
    period: ReportPeriod,
    language: str,
    today: dt.date | None = None,
    prepared_by: Author | None = None,
) -> ReportData:
    """Everything the report shows, written in ``language`` (see the module's steps).

    ``prepared_by`` is who asks for it (the member who downloads it, a scheduled
    e-mail's author): named as the report's author when nobody wrote the period's
    commentary.
    """
    with translation.override(language):
        return _gather(workspace, period, language, today, prepared_by)


def _gather(
    workspace: Workspace,
    period: ReportPeriod,
    language: str,
    today: dt.date | None,
    prepared_by: Author | None,
) -> ReportData:
    accounts = list(TrackedAccount.objects.filter(workspace=workspace))
    own = [a for a in accounts if not a.is_competitor]
    previous = period.previous()
    as_of = min(period.end, today or timezone.localdate())
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
    data.objectives = objective_lines(workspace, as_of)
    # The networks each objective names, in the same order (the strategy's: position, id).
    objectives = list(Objective.objects.filter(workspace=workspace))
    named = [objective.networks for objective in objectives]
    data.funnels = funnel_sections(objectives, period)
    for line, networks in zip(data.objectives, named, strict=False):
        line.networks = tuple(networks or ())
    wanted = [  # a listening KPI is the workspace's: the listening section shows it
        tiles.ObjectiveKpi(line.title, line.kpi_code, line.networks)
        for line in data.objectives
        if line.kpi_code in CATALOGUE and line.kpi_code not in LISTENING
    ]
    codes = {c for group in tiles.HEADLINE for c in group} | {o.code for o in wanted}
    span, before_span = Period(period.start, period.end), Period(previous.start, previous.end)
    zone = workspace.timezone or "UTC"
    now = kpi_figures(own, span, codes, time_zone=zone) if own else {}
    before = kpi_figures(own, before_span, codes, time_zone=zone) if own else {}
    choice = tiles.choose(own, now, before, span, before_span, wanted)
    data.figures = choice.figures
    data.unmeasured = choice.unmeasured
    data.missing = choice.notes + [
        f"{line.title}: {line.missing}" for line in data.objectives if line.missing
    ]
    data.listening = listening_report(workspace, period, previous)
    if data.listening is not None:  # for the team's eyes only, as the tiles' notes
        data.missing += [f"{f.label}: {f.missing}" for f in data.listening.figures if f.missing]
    present = presence(workspace)  # one query for the paid and programme sections
    data.paid_vs_organic = paid_vs_organic(workspace, span, has_campaigns=present.paid) or []
    clicked = link_totals(workspace, period.start, period.end)
    data.link_clicks = clicked if clicked.clicks else None
    data.programme = programme_board(workspace, span, present=present.programme)
    data.highlights = _highlights(workspace, own, period)
    data.comparison = _comparison(accounts, period)
    data.definitions = _definitions(data)
    data.sources = _sources(workspace)
    data.tool_costs = tool_costs(workspace)
    _add_commentary(data, workspace, period, prepared_by)
    return data


def _value(kpi: KpiValue | None) -> float | None:
    return getattr(kpi, "value", None)


def _account_name(account: TrackedAccount) -> str:
    return f"@{account.handle} ({network_label(account.network)})"


def _add_commentary(
    data: ReportData, workspace: Workspace, period: ReportPeriod, prepared_by: Author | None
) -> None:
    """The period's commentary, and the author: its writer, else who asked for the report."""
    written = commentaries.commentary_for(workspace, period)
    writer = written.written_by if written is not None else None
    if written is not None:
        data.commentary = Commentary(
            parts=[
                CommentaryPart(
                    commentaries.part_label(part, period), getattr(written, part), name=part
                )
                for part in commentaries.PARTS
            ],
            author=_named(writer, getattr(written, "writer_title", "")) if writer else "",
            updated=formats.date_format(
                timezone.localtime(written.updated_at, _zone(workspace)).date(), "j F Y"
            ),
            updated_at=written.updated_at,
        )
        data.author = data.commentary.author
    if data.author:
        return
    if isinstance(prepared_by, Membership):
        data.author = _named(prepared_by.user, prepared_by.title)
    elif prepared_by is not None and getattr(prepared_by, "pk", None):
        title = (
            Membership.objects.filter(workspace=workspace, user=prepared_by)
            .values_list("title", flat=True)
            .first()
        )
        data.author = _named(prepared_by, title)


def _named(user: AbstractBaseUser, title: str | None) -> str:
    """ "Camille Martin, communication officer": the name and the job title in the workspace."""
    name = str(getattr(user, "name", "") or user)
    return f"{name}, {title}" if title else name


def _highlights(
    workspace: Workspace, own: list[TrackedAccount], period: ReportPeriod
) -> list[Highlight]:
    """The own posts (no reposts) with the most engagements in the period (the KPI
    catalogue's: a post whose engagement is unknown is not ranked)."""
    if not own:
        return []
    start, end = Period(period.start, period.end).bounds(workspace.timezone)
    rows = (
        AccountPost.objects.filter(account__in=own, published_at__gte=start, published_at__lt=end)
        .exclude(kind=PostKind.REPOST)
        .filter(ENGAGED)
        .annotate(engagement=ENGAGEMENTS)
        .select_related("account")
        .order_by("-engagement", "-published_at")[:HIGHLIGHTS]
    )
    every = count_labels()
    labels = {name: every[name] for name in HIGHLIGHT_COUNTS}
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


def _definitions(data: ReportData) -> list[Definition]:
    """One definition per KPI the report shows (tiles, objectives, comparison), in that
    order: the appendix, not the catalogue."""
    found: dict[str, Definition] = {}
    shown = [*data.figures, *(data.listening.figures if data.listening else [])]
    for figure in shown:  # "Posts" is the tiles' own wording of posts per week
        found.setdefault(figure.label, Definition(figure.label, figure.explanation))
    codes = [line.kpi_code for line in data.objectives]
    if data.comparison.accounts:
        codes += [m.code for m in data.comparison.metrics]
    for code in codes:
        definition = CATALOGUE.get(code)
        if definition is not None:
            found.setdefault(
                str(definition.label),
                Definition(
                    label=str(definition.label),
                    formula=str(definition.formula),
                    denominator=str(definition.denominator),
                    source=str(definition.source.title),
                ),
            )
    return list(found.values())


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
