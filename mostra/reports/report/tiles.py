"""Choosing the report's key figures (its tiles): the KPIs that have data, never an empty one.

A board reads the tiles first, so each must say something: a tile whose KPI has no
value for the period is not drawn (the data it lacks is named for the team on the
web page, :attr:`Choice.notes`, and listed in the appendix, :attr:`Choice.unmeasured`).

Steps of :func:`choose`:

1. each objective's KPI, over the own accounts on the objective's networks (its
   title kept on the tile), in the strategy's order;
2. then the headline KPIs (:data:`HEADLINE`), each group giving its first KPI that has
   a value (impressions, else reach, else video views), over every own account; a
   group whose KPI an objective already showed over the same accounts is skipped;
3. a KPI whose blend across networks would mislead (:data:`PER_NETWORK`: the repost
   ratio and the original and reply shares, habits that differ by network) gets a tile
   per network instead, for the networks where the own accounts made such posts in the
   period or the one before (an Instagram page never reposts: its 0 % would only pull
   the others down);
4. at most :data:`MAX_TILES`; the infographic draws the first six.

Every value comes from the KPI engine's formulas on figures read once per period for
all own accounts (:func:`mostra.analytics.kpis.compute.figures`), summed per group of
accounts: the queries do not grow with the tiles, the networks or the accounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import add

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.analytics.kpis import CATALOGUE, KpiValue, Period
from mostra.analytics.kpis.aggregate import Figures
from mostra.analytics.kpis.compute import evaluate
from mostra.analytics.models import TrackedAccount
from mostra.reports.report import numbers
from mostra.reports.report.data import KeyFigure
from mostra.strategy.catalogue import network_label

#: The headline KPIs after the objectives', in order; each group's first with data.
HEADLINE: tuple[tuple[str, ...], ...] = (
    ("posts_per_week",),  # shown as the number of posts (its numerator)
    ("impressions", "reach", "video_views"),
    ("engagement_rate_impressions", "engagement_rate_reach", "engagement_rate_followers"),
    ("followers",),
    ("repost_ratio",),
    ("follower_growth",),
    ("link_clicks",),
)
#: KPIs never blended across networks → the figure that shows a network has such posts.
PER_NETWORK: dict[str, str] = {
    "repost_ratio": "reposts_made",
    "original_share": "reposts_made",
    "reply_share": "replies_written",
}
#: The most tiles in the document (three rows of three); the infographic draws six.
MAX_TILES = 9
#: Shorter names for the infographic's cards (the appendix has the full ones).
SHORT_LABELS = {
    "engagement_rate_impressions": gettext_lazy("Engagement / impressions"),
    "engagement_rate_reach": gettext_lazy("Engagement / reach"),
    "engagement_rate_followers": gettext_lazy("Engagement / followers"),
}


@dataclass(frozen=True)
class ObjectiveKpi:
    """What the tiles read of an objective: its title, KPI code and networks."""

    title: str
    code: str
    networks: tuple[str, ...] = ()


@dataclass
class Choice:
    figures: list[KeyFigure] = field(default_factory=list)
    #: For the team, on the web page only: what is missing and how to get it.
    notes: list[str] = field(default_factory=list)
    #: For the appendix: the KPIs wanted but not measured in the period (their names).
    unmeasured: list[str] = field(default_factory=list)


@dataclass
class _Board:
    own: list[TrackedAccount]
    now: dict[int, Figures]
    before: dict[int, Figures]
    period: Period
    previous: Period
    choice: Choice = field(default_factory=Choice)
    shown: set[tuple[str, frozenset[int]]] = field(default_factory=set)

    def total(self, accounts: Sequence[TrackedAccount], when: dict[int, Figures]) -> Figures:
        found = [when[a.pk] for a in accounts if a.pk in when]
        return reduce(add, found) if found else Figures(accounts=0)

    def values(self, code: str, accounts: Sequence[TrackedAccount]) -> tuple[KpiValue, KpiValue]:
        now = evaluate(self.total(accounts, self.now), self.period, [code])[code]
        before = evaluate(self.total(accounts, self.before), self.previous, [code])[code]
        return now, before

    def full(self) -> bool:
        return len(self.choice.figures) >= MAX_TILES

    def has(self, code: str, accounts: Sequence[TrackedAccount]) -> bool:
        return (code, frozenset(a.pk for a in accounts)) in self.shown

    def add(
        self,
        code: str,
        accounts: Sequence[TrackedAccount],
        now: KpiValue,
        before: KpiValue,
        scope: str = "",
        objective: str = "",
    ) -> None:
        if self.full() or self.has(code, accounts):
            return
        self.shown.add((code, frozenset(a.pk for a in accounts)))
        tile = key_figure(code, now, before)
        tile.scope, tile.objective = scope, objective
        self.choice.figures.append(tile)

    def per_network(
        self, code: str, accounts: Sequence[TrackedAccount], named: bool
    ) -> list[tuple[str, list[TrackedAccount]]]:
        """The accounts split by network; unless the networks were ``named``, only the
        networks where such posts were made in the period or the one before."""
        sign = PER_NETWORK[code]
        groups: dict[str, list[TrackedAccount]] = {}
        for account in accounts:
            groups.setdefault(account.network, []).append(account)
        ordered = sorted(groups.items(), key=lambda item: network_label(item[0]))
        if named:
            return ordered
        return [
            (network, group)
            for network, group in ordered
            if getattr(self.total(group, self.now), sign)
            or getattr(self.total(group, self.before), sign)
        ]


def choose(
    own: Sequence[TrackedAccount],
    now: dict[int, Figures],
    before: dict[int, Figures],
    period: Period,
    previous: Period,
    objectives: Iterable[ObjectiveKpi] = (),
) -> Choice:
    """The tiles, in the module's order, with the notes and the unmeasured KPIs."""
    board = _Board(list(own), now, before, period, previous)
    if not board.own:
        board.choice.notes.append(_("No own account is tracked yet: import an archive first."))
        return board.choice
    for objective in objectives:
        if objective.code not in CATALOGUE:
            continue
        networks = set(objective.networks)
        accounts = [a for a in board.own if not networks or a.network in networks]
        if not accounts:
            continue  # the objectives' table says why
        _offer(board, objective.code, accounts, objective=objective.title, named=bool(networks))
    for group in HEADLINE:
        if any(board.has(code, board.own) for code in group):
            continue
        code = next((c for c in group if _has_value(board, c)), group[0])
        _offer(board, code, board.own, alternatives=group)
    return board.choice


def _has_value(board: _Board, code: str) -> bool:
    """Whether the KPI has a value over every own account (a per-network KPI: always
    offered, its networks decide)."""
    return code in PER_NETWORK or board.values(code, board.own)[0].value is not None


def _offer(
    board: _Board,
    code: str,
    accounts: Sequence[TrackedAccount],
    *,
    objective: str = "",
    named: bool = False,
    alternatives: Sequence[str] = (),
) -> None:
    """A tile for ``code`` over ``accounts`` (one per network where blending misleads),
    or, without a value, a note for the team and a line of the appendix."""
    if code in PER_NETWORK:
        for network, group in board.per_network(code, accounts, named):
            now, before = board.values(code, group)
            if now.value is not None:
                board.add(code, group, now, before, network_label(network), objective)
        return
    now, before = board.values(code, accounts)
    if now.value is not None:
        scope = ""
        if named:
            scope = ", ".join(sorted({network_label(a.network) for a in accounts}))
        board.add(code, accounts, now, before, scope, objective)
        return
    names = [str(CATALOGUE[c].label) for c in (alternatives or (code,))]
    if now.missing and not objective:  # an objective's line says it already
        board.choice.notes.append(f"{names[0]}: {now.missing}")
    for name in names:
        if name not in board.choice.unmeasured:
            board.choice.unmeasured.append(name)


def key_figure(code: str, now: KpiValue | None, before: KpiValue | None) -> KeyFigure:
    """One tile: the value in the KPI's unit, its change since the previous period."""
    definition = CATALOGUE.get(code)
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


def _value(kpi: KpiValue | None) -> float | None:
    return getattr(kpi, "value", None)


def _set_change(
    figure: KeyFigure, value: float, previous: float, unit: str, direction: str
) -> None:
    """Relative change for counts and rates, percentage points for ratios."""
    if unit == "ratio":
        delta = (value - previous) * 100
        points = numbers.signed(round(delta, 1), 0 if abs(delta) >= 10 else 1)
        figure.change_text = _("%(points)s pts") % {"points": points}
    elif previous:
        delta = round((value - previous) / abs(previous) * 100)  # "±0 %" reads as stable
        figure.change_text = numbers.signed(delta, 0) + (
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
