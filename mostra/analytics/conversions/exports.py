"""Reading a web-analytics export of campaigns: Matomo, Plausible or GA4, CSV or XLSX.

    traffic = read_export(path, "ga4")

Each export gives, per line, UTM tags (campaign, source, medium, content), visits and
conversions. Nothing is guessed: columns are found by their header (see
:data:`COLUMNS` and the user guide's "Conversions" section), and a file without the
tags or the visits is refused naming the columns expected. The file is read by
:func:`mostra.analytics.importers.tables.read_tables` (CSV or XLSX, formulas refused);
every line that cannot be read is reported with its place, and nothing is imported.

* **Period**: a ``Date`` column makes one row a day (``2026-10-05``, ``05/10/2026`` or
  GA4's ``20261005``); without it the whole export is one period, read from GA4's
  comment lines (``# Start date: 20261001``) or given by the user (``period``).
* **Conversions**: a ``Conversions`` (or ``Key events``, ``Goal conversions``) column
  counts the goal named by a ``Goal`` (``Event name``) column, else the goal "all";
  columns such as ``Goal Inscription conversions`` (Matomo), ``Conversions: Inscription``
  or ``Key events: sign_up`` (GA4) each count their own goal.
* Lines of the same day and tags are added up (a Plausible export per dimension).
* Plausible's export zip is read too: its ``imported_sources_….csv`` (visits by day
  and UTM tags; that export has no conversions by source).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.importers.columns import normalise
from mostra.analytics.importers.files import read_members
from mostra.analytics.importers.tables import Row, read_tables, refuse_formulas
from mostra.analytics.importers.values import EMPTY, DateOrder, cell_text, parse_count

#: A campaigns export is small; a larger file is not what it should be.
MAX_BYTES = 20 * 1024**2
#: The most lines an export may hold.
MAX_ROWS = 50_000
#: The bad lines reported, at most.
MAX_PROBLEMS = 20
#: The goal of a conversions column that names none.
ALL_GOALS = "all"

TOOLS = ("matomo", "plausible", "ga4")

#: Normalised headers of each field, whatever the tool (tools differ in wording only).
COLUMNS: dict[str, set[str]] = {
    "day": {"date", "day", "jour"},
    "campaign": {
        "campaign",
        "campaign name",
        "utm_campaign",
        "utm campaign",
        "session campaign",
        "session manual campaign name",
        "campagne",
    },
    "source": {"source", "campaign source", "utm_source", "utm source", "session source"},
    "medium": {"medium", "campaign medium", "utm_medium", "utm medium", "session medium"},
    "source_medium": {"session source / medium", "source / medium", "campaign source - medium"},
    "content": {
        "content",
        "campaign content",
        "utm_content",
        "utm content",
        "session manual ad content",
    },
    "visits": {"visits", "sessions", "nb_visits", "visites"},
    "goal": {"goal", "goal name", "event name", "objectif"},
    "conversions": {
        "conversions",
        "goal conversions",
        "key events",
        "nb_conversions",
        "events",
    },
}
#: Per-goal columns: "Goal Inscription conversions", "Conversions: x", "Key events: x".
GOAL_COLUMN = re.compile(
    r"^(?:goal\s+[\"“]?(?P<a>.+?)[\"”]?\s*(?:-\s*)?conversions|"
    r"(?:conversions|key events)\s*[:(]\s*(?P<b>.+?)\)?)$"
)
#: The member of a Plausible export zip that holds the visits by UTM tags.
PLAUSIBLE_SOURCES = re.compile(r"(^|/)imported_sources[^/]*\.csv$")
_COMPACT_DAY = re.compile(r"^\d{8}$")
_PERIOD_LINE = re.compile(r"^#\s*(start|end) date\s*:\s*(\d{8})\s*$", re.IGNORECASE)

Tags = tuple[str, str, str, str]  # campaign, source, medium, content


@dataclass
class TrafficLine:
    """What the export says of one set of tags over a day or the period."""

    start: dt.date
    end: dt.date
    campaign: str
    source: str
    medium: str
    content: str
    visits: int | None
    goals: dict[str, int] = field(default_factory=dict)


@dataclass
class Traffic:
    tool: str
    lines: list[TrafficLine] = field(default_factory=list)
    #: The span covered: a re-import replaces what the same tool said of it.
    first: dt.date | None = None
    last: dt.date | None = None
    rows_read: int = 0
    notices: list[str] = field(default_factory=list)


@dataclass
class _Columns:
    index: dict[str, int]
    goal_columns: dict[int, str]


def _columns(row: Row) -> _Columns | None:
    index: dict[str, int] = {}
    goals: dict[int, str] = {}
    for position, cell in enumerate(row.cells):
        name = normalise(cell)
        for key, names in COLUMNS.items():
            # A utm_* column wins over a generic one (Plausible's "source" is the referrer).
            if name in names and (key not in index or name.startswith("utm")):
                index[key] = position
                break
        else:
            match = GOAL_COLUMN.match(name)
            if match:
                goals[position] = (match.group("a") or match.group("b") or "").strip()
    has_tags = any(k in index for k in ("campaign", "source", "medium", "source_medium"))
    if not has_tags or "visits" not in index:
        return None
    return _Columns(index, {p: _original(row.cells[p], g) for p, g in goals.items()})


def _original(header: Any, goal: str) -> str:
    """The goal's name as the header wrote it (case kept)."""
    text = cell_text(header)
    found = re.search(re.escape(goal), text, re.IGNORECASE)
    return found.group(0) if found else goal


def expected_columns() -> str:
    return _(
        "a campaign, source or medium column (Campaign, utm_campaign, Session campaign, "
        "Source, Medium, Session source / medium) and a visits column (Visits, Sessions), "
        "then, if you have them, Date, Content, Goal and Conversions (or Key events, or "
        "one column per goal such as Goal Inscription conversions)"
    )


def read_export(
    path: Path,
    tool: str,
    *,
    filename: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    language: str = "en",
    today: dt.date | None = None,
) -> Traffic:
    """The traffic of an export, or ImportRefused saying what to do (nothing read)."""
    if tool not in TOOLS:
        raise ImportRefused(
            _("Unknown analytics tool “%(tool)s”: choose matomo, plausible or ga4.")
            % {"tool": tool}
        )
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused(
            _(
                "The file is over %(max)s MB: a campaigns export is much smaller. Export "
                "the campaigns report only, for a shorter period."
            )
            % {"max": MAX_BYTES // 1024**2}
        )
    with ExitStack() as resources:
        inner = _plausible_member(path, resources)
        tables = read_tables(inner or path, filename=filename, resources=resources)
        rows: list[Row] = []
        for table in tables:
            rows = []
            for row in table.rows():
                rows.append(row)
                if len(rows) > MAX_ROWS + 50:
                    break
            if rows:
                refuse_formulas(table)
                break
    return _read_rows(rows, tool, period=period, language=language, today=today)


def _plausible_member(path: Path, resources: ExitStack) -> Path | None:
    """The sources CSV of a Plausible export zip (``imported_sources_….csv``), written
    to a temporary file; None when ``path`` is not such a zip (a CSV, a workbook)."""
    with path.open("rb") as file:
        if file.read(4) != b"PK\x03\x04":
            return None
    members = read_members(path, lambda name: PLAUSIBLE_SOURCES.search(name) is not None)
    if "[Content_Types].xml" in members.names:  # a workbook
        return None
    if not members.data:
        raise ImportRefused(
            _(
                "This zip holds no imported_sources CSV: import Plausible's export zip as "
                "it was downloaded, or one CSV of campaigns."
            )
        )
    name = sorted(members.data)[0]
    handle = resources.enter_context(tempfile.NamedTemporaryFile(suffix=".csv"))
    handle.write(members.data[name])
    handle.flush()
    return Path(handle.name)


def _read_rows(
    rows: list[Row],
    tool: str,
    *,
    period: tuple[dt.date, dt.date] | None,
    language: str,
    today: dt.date | None,
) -> Traffic:
    traffic = Traffic(tool)
    header: _Columns | None = None
    body: list[Row] = []
    for row in rows:
        first = cell_text(row.cells[0]) if row.cells else ""
        if first.startswith("#"):
            match = _PERIOD_LINE.match(first)
            if match and header is None:
                day = dt.datetime.strptime(match.group(2), "%Y%m%d").date()
                start, end = period or (day, day)
                period = (day, end) if match.group(1).lower() == "start" else (start, day)
            continue
        if header is None:
            header = _columns(row)
            if header is None:
                raise ImportRefused(
                    _(
                        "No header of a campaigns export was found in the file: mostra "
                        "expects %(columns)s. Export the campaigns (UTM) report as CSV."
                    )
                    % {"columns": expected_columns()}
                )
            continue
        body.append(row)
    if header is None:
        raise ImportRefused(_("The file holds no line: export the campaigns report again."))
    if len(body) > MAX_ROWS:
        raise ImportRefused(
            _(
                "The file has more than %(max)s lines: export a shorter period, or fewer "
                "dimensions, and import each file."
            )
            % {"max": MAX_ROWS}
        )
    if "day" not in header.index and period is None:
        raise ImportRefused(
            _(
                "The export has no Date column and says no period: export it by day, or "
                "give the period it covers (--from and --to)."
            )
        )
    _fill(traffic, header, body, period, language, today)
    return traffic


def _day(value: Any, order_first: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if _COMPACT_DAY.match(text):
        return dt.datetime.strptime(text, "%Y%m%d").date()
    from mostra.analytics.importers.values import parse_date

    return parse_date(text, dayfirst=order_first, zone=dt.UTC).date()


def _fill(
    traffic: Traffic,
    header: _Columns,
    body: list[Row],
    period: tuple[dt.date, dt.date] | None,
    language: str,
    today: dt.date | None,
) -> None:
    index = header.index

    def cell(row: Row, key: str) -> Any:
        position = index.get(key)
        return row.cells[position] if position is not None and position < len(row.cells) else None

    order = DateOrder()
    for row in body:
        order.see(cell(row, "day"))
    dayfirst, _by_language = order.day_first(language)
    problems: list[str] = []
    merged: dict[tuple[dt.date, dt.date, Tags], TrafficLine] = {}
    for row in body:
        try:
            if "day" in index:
                start = end = _day(cell(row, "day"), dayfirst)
                if today is not None and start > today:
                    raise ValueError(_("the date %(date)s is after today") % {"date": start})
            else:
                assert period is not None
                start, end = period
            line = _line(row, header, start, end, cell)
        except (ValueError, TypeError) as exc:
            problems.append(f"{row.where}: {exc}")
            continue
        key = (start, end, (line.campaign, line.source, line.medium, line.content))
        known = merged.get(key)
        if known is None:
            merged[key] = line
            continue
        if line.visits is not None:
            known.visits = (known.visits or 0) + line.visits
        for goal, count in line.goals.items():
            known.goals[goal] = known.goals.get(goal, 0) + count
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        if more > 0:
            shown += " " + _("(and %(n)s more)") % {"n": more}
        raise ImportRefused(
            _("Nothing was imported: some lines cannot be read. %(problems)s") % {"problems": shown}
        )
    traffic.lines = list(merged.values())
    traffic.rows_read = len(body)
    if traffic.lines:
        traffic.first = min(line.start for line in traffic.lines)
        traffic.last = max(line.end for line in traffic.lines)


def _count(value: Any, what: str) -> int | None:
    try:
        return parse_count(value)
    except ValueError as exc:
        raise ValueError(
            _("%(what)s “%(value)s” is not a whole number") % {"what": what, "value": value}
        ) from exc


def _tag(text: str) -> str:
    """A tag, or "" for none: empty, ``-``, or GA4's ``(direct)``, ``(not set)``…"""
    if text.lower() in EMPTY or (text.startswith("(") and text.endswith(")")):
        return ""
    return text


def _line(row: Row, header: _Columns, start: dt.date, end: dt.date, cell: Any) -> TrafficLine:
    source, medium = cell_text(cell(row, "source")), cell_text(cell(row, "medium"))
    both = cell_text(cell(row, "source_medium"))
    if both and not (source or medium):
        source, _slash, medium = (part.strip() for part in both.partition("/"))
    tags = [_tag(text) for text in (cell_text(cell(row, "campaign")), source, medium)]
    content = _tag(cell_text(cell(row, "content")))
    line = TrafficLine(
        start, end, tags[0], tags[1], tags[2], content, _count(cell(row, "visits"), _("visits"))
    )
    total = _count(cell(row, "conversions"), _("conversions"))
    if total:
        goal = cell_text(cell(row, "goal")) or ALL_GOALS
        line.goals[goal] = total
    for position, goal in header.goal_columns.items():
        value = row.cells[position] if position < len(row.cells) else None
        count = _count(value, goal)
        if count:
            line.goals[goal] = line.goals.get(goal, 0) + count
    return line
