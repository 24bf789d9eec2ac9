"""What a report says, once gathered: plain values and texts, no queries left.

:mod:`~mostra.reports.report.figures` fills a :class:`ReportData` from the database;
the infographic, the HTML, the PDF and the e-mail only read it. That split keeps the
renderers testable with a hand-made ReportData, and every text in it is already
written in the report's language (built under ``translation.override``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mostra.reports.report.period import ReportPeriod
from mostra.toolbox.services.totals import Totals


@dataclass
class KeyFigure:
    """One big number: its value, how it changed since the previous period."""

    code: str
    label: str
    text: str  # the value written out ("12 345", "40 %", "—")
    value: float | None = None
    unit: str = "count"
    #: Change since the previous period, written out ("+12 %", "+5 pts"), "" if unknown.
    change_text: str = ""
    #: "up", "down" or "flat" (the arrow), "" when there is no change to show.
    trend: str = ""
    #: "good", "bad" or "neutral": the colour (depends on the KPI's direction).
    tone: str = "neutral"
    explanation: str = ""
    missing: str = ""  # which data is missing, when text is "—"
    #: The label on the infographic's card, where room is short ("" → ``label``).
    short_label: str = ""
    #: Which own accounts it covers when not all of them: "X (Twitter)", "Instagram".
    scope: str = ""
    #: The objective whose KPI this is, by its title ("" for a headline KPI).
    objective: str = ""

    @property
    def card_label(self) -> str:
        """The infographic card's label, with its scope: "Repost ratio · X (Twitter)"."""
        label = self.short_label or self.label
        return f"{label} · {self.scope}" if self.scope else label


@dataclass
class ObjectiveLine:
    title: str
    kpi_label: str
    baseline: str
    current: str
    target: str
    progress: float | None  # 0..1 (may exceed 1)
    progress_text: str
    forecast: str  # "12 400 (11 000–13 800) on 31 Dec 2026" or ""
    status: str  # on_track, at_risk, off_track, not_enough_data, missing_data
    status_label: str
    deadline: str = ""
    missing: str = ""
    kpi_code: str = ""
    #: The networks the objective names (codes), () for every network.
    networks: tuple[str, ...] = ()

    @property
    def progress_width(self) -> int:
        """The progress bar's filled share, 0–100 (a progress past 100 % fills it)."""
        return round(min(max(self.progress or 0.0, 0.0), 1.0) * 100)


@dataclass
class Highlight:
    excerpt: str
    network: str
    network_label: str
    handle: str
    date: str
    url: str
    engagement: int
    figures: list[tuple[str, str]] = field(default_factory=list)  # (label, value)


@dataclass
class ComparedAccount:
    label: str  # the handle
    network_label: str
    is_competitor: bool
    #: KPI code → (value, text); value None when missing.
    values: dict[str, tuple[float | None, str]] = field(default_factory=dict)
    network: str = ""

    @property
    def cells(self) -> list[str]:
        """The values written out, in the comparison's metric order."""
        return [text for _value, text in self.values.values()]


@dataclass
class ComparedMetric:
    code: str
    label: str
    unit: str


@dataclass
class Comparison:
    metrics: list[ComparedMetric] = field(default_factory=list)
    accounts: list[ComparedAccount] = field(default_factory=list)

    @property
    def table(self) -> list[tuple[ComparedAccount, list[tuple[str, str]]]]:
        """Each account with its (metric label, value written out) pairs."""
        return [
            (account, [(m.label, account.values.get(m.code, (None, "—"))[1]) for m in self.metrics])
            for account in self.accounts
        ]

    @property
    def has_competitors(self) -> bool:
        return any(a.is_competitor for a in self.accounts)


@dataclass
class Definition:
    """A KPI of the appendix: its formula (one line); denominator and source kept for
    those who want them (the KPIs page in mostra shows them)."""

    label: str
    formula: str
    denominator: str = ""
    source: str = ""


@dataclass
class CommentaryPart:
    title: str  # "Highlights of the period", "Decisions", "Next month"
    text: str
    name: str = ""  # highlights, decisions or next_steps


@dataclass
class Commentary:
    """The community manager's words on the period, written in mostra, shown first."""

    parts: list[CommentaryPart] = field(default_factory=list)
    author: str = ""
    updated: str = ""  # the date of the last change, written out in the report's language
    updated_at: dt.datetime | None = None

    @property
    def shown_parts(self) -> list[CommentaryPart]:
        return [part for part in self.parts if part.text]


@dataclass
class Voice:
    """One voice of the share of voice: the brand or a competitor (one query each)."""

    name: str
    mentions: str
    share: str
    own: bool = False


@dataclass
class IncidentLine:
    """An incident of the period, written out (mostra.listening's incidents)."""

    level: str
    trigger: str
    opened: str
    closed: str  # "" while it is open
    duration: str  # "3 h 20 min", or "still open"
    #: What happened to the scheduled publishing ("" when it was not paused).
    publishing: str = ""


@dataclass
class ListeningReport:
    """What is said about the brand: the listening figures, the share of voice per
    competitor, the response time against its target, and the incidents."""

    figures: list[KeyFigure] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    #: "Target: 24 h — met" under the median response time, "" without a value.
    response_target: str = ""
    incidents: list[IncidentLine] = field(default_factory=list)


@dataclass
class ReportData:
    workspace_name: str
    workspace_slug: str
    period: ReportPeriod
    period_label: str  # "octobre 2026"
    previous_label: str  # "septembre 2026"
    language: str
    figures: list[KeyFigure] = field(default_factory=list)
    objectives: list[ObjectiveLine] = field(default_factory=list)
    #: The "make act" objectives' funnels (mostra.reports.report.funnels.FunnelSection).
    funnels: list[Any] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    comparison: Comparison = field(default_factory=Comparison)
    definitions: list[Definition] = field(default_factory=list)
    #: Where the figures come from ("X archive imported on …", "published by mostra").
    sources: list[str] = field(default_factory=list)
    #: For the team, on the web page only (never in the PDF, the image or the e-mail):
    #: the data that is missing and how to get it.
    missing: list[str] = field(default_factory=list)
    #: The KPIs the report wanted but the data does not give for the period (names).
    unmeasured: list[str] = field(default_factory=list)
    commentary: Commentary | None = None
    #: The listening section; None when the workspace does not listen (no query and no
    #: incident in the period).
    listening: ListeningReport | None = None
    #: Paid beside organic (mostra.reports.paid_board.SideBySide rows); empty when the
    #: workspace has no paid campaign.
    paid_vs_organic: list[Any] = field(default_factory=list)
    #: The toolbox's monthly cost per category and currency, for the appendix; None
    #: when the workspace lists no tool.
    tool_costs: Totals | None = None
    #: The period's clicks on tracked links (mostra.links.services.stats.ClickTotals);
    #: None when there was none.
    link_clicks: Any = None
    #: The ambassadors and influencers programme (mostra.reports.programme_board.
    #: ProgrammeBoard); None when the workspace has no programme.
    programme: Any = None
    #: Who the report is by ("Camille Martin, communication officer"), "" if nobody.
    author: str = ""
    own_accounts: list[str] = field(default_factory=list)
    #: The own accounts' networks, by name.
    networks: list[str] = field(default_factory=list)
    generated_at: dt.datetime | None = None

    @property
    def filename_stem(self) -> str:
        return f"mostra-report-{self.workspace_slug}-{self.period.slug}"
