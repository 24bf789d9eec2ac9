"""The strategy on a page: one sheet (HTML, and a one-page A4 landscape PDF).

In the spirit of a sketchnote: the mission, the three axes with their objectives and
their progress, the targets, the chosen platforms, the tactics and the weekly rhythm.
The web page and the PDF come from the same template; WeasyPrint renders the PDF.

A sheet must stay one page whatever the strategy's size: :func:`render_pdf` tries
denser layouts (smaller type, fewer items shown, "and N more") until it fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.charts import WeekSlot, week_grid
from mostra.core.models import Workspace
from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.checks import CheckContext, HistoryPoint
from mostra.strategy.checks.affinity import recommend
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.checks.smart import smart_summary
from mostra.strategy.kpis.objective import unit_of
from mostra.strategy.kpis.units import format_measure
from mostra.strategy.networks import all_networks
from mostra.strategy.networks import colour as network_colour
from mostra.strategy.services.export import export_document

IN_USE = ("launching", "established")
#: The axes as the sheet titles them: the verb, then what it means.
AXIS_TITLES = {
    "awareness": (gettext_lazy("Make known"), gettext_lazy("awareness")),
    "liking": (gettext_lazy("Make liked"), gettext_lazy("image, engagement")),
    "action": (gettext_lazy("Make act"), gettext_lazy("conversion")),
}


@dataclass(frozen=True)
class Density:
    """How much the sheet shows: the layout's class and how many items of each list."""

    name: str
    objectives_per_axis: int
    targets: int
    tactics: int
    text: int  # characters of long texts (vision, descriptions)


#: From the largest type to the smallest; the PDF takes the first that fits one page.
DENSITIES = [
    Density("large", 4, 6, 8, 360),
    Density("roomy", 4, 6, 8, 360),
    Density("compact", 4, 6, 10, 240),
    Density("tight", 3, 5, 7, 160),
    Density("tiny", 2, 4, 5, 110),
]


@dataclass
class Progress:
    """How far an objective has gone, when the account's figures allow it."""

    current: float
    date: dt.date
    share: float  # 0..1 of the way from baseline to target (clamped for the bar)
    percent: int  # the same, unclamped, for the label

    @property
    def bar(self) -> int:
        return max(0, min(100, round(self.share * 100)))


def progress_of(
    o: d.Objective, history: dict[tuple[str, str], list[HistoryPoint]]
) -> Progress | None:
    """Progress from the latest figure after the baseline, on the objective's networks.

    Steps: without a KPI, a baseline or a target, or a target equal to the baseline,
    nothing can be computed; otherwise take the latest history point of the KPI on one
    of the objective's networks, dated after the baseline; progress = (current -
    baseline) / (target - baseline).
    """
    if not o.kpi or o.baseline is None or o.target is None or o.target == o.baseline.value:
        return None
    points = [
        p
        for network in o.networks
        for p in history.get((network, o.kpi), [])
        if p.date > o.baseline.date
    ]
    if not points:
        return None
    latest = max(points, key=lambda p: p.date)
    share = (latest.value - o.baseline.value) / (o.target - o.baseline.value)
    return Progress(current=latest.value, date=latest.date, share=share, percent=round(share * 100))


def _slots(doc: d.StrategyDocument) -> list[WeekSlot]:
    """Every slot of every tactic; a slot without a network takes the tactic's own when
    it has only one."""
    found = []
    for tactic in doc.tactics:
        for slot in tactic.slots:
            network = slot.network or (tactic.networks[0] if len(tactic.networks) == 1 else None)
            found.append(WeekSlot(slot.day, slot.time, network, tactic.title or tactic.id))
    return found


def _dots(networks: list[str]) -> list[tuple[str, str]]:
    """(colour, name) per network, for the coloured dots of the sheet."""
    return [(network_colour(n), catalogue.network_label(n)) for n in networks]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sheet_context(
    workspace: Workspace,
    density: Density = DENSITIES[1],
    *,
    doc: d.StrategyDocument | None = None,
    ctx: CheckContext | None = None,
) -> dict[str, Any]:
    """What the sheet shows, in the active language (call it inside the override)."""
    doc = doc or export_document(workspace)
    ctx = ctx or context_for_workspace(workspace)
    smart = smart_summary(doc, ctx)
    advice = recommend(doc, ctx)
    target_names = {t.id: t.name for t in doc.targets}
    axes = []
    own_units = {k.id: k.unit for k in doc.kpis}
    for axis in catalogue.AXES:
        objectives = [o for o in doc.objectives if o.axis == axis]
        shown = []
        for o in objectives[: density.objectives_per_axis]:
            kpi = doc.kpi(o.kpi)
            result = smart.get(o.id)
            unit = unit_of(o.kpi, own_units)
            progress = progress_of(o, ctx.history)
            shown.append(
                {
                    "part": o,
                    "title": _clip(o.title, 90),
                    "kpi": str(kpi.label) if kpi else "",
                    "baseline_text": format_measure(o.baseline.value, unit) if o.baseline else "?",
                    "target_text": format_measure(o.target, unit) if o.target is not None else "?",
                    "progress": progress,
                    "current_text": format_measure(progress.current, unit) if progress else "",
                    "dots": _dots(o.networks),
                    "via": [_clip(x.title or x.id, 60) for x in doc.strategies_of(o.id)][:2],
                    "smart": result.passed if result else 0,
                    "letters": [(code, x.ok) for code, x in result.letters.items()]
                    if result
                    else [],
                }
            )
        axes.append(
            {
                "code": axis,
                "title": AXIS_TITLES[axis][0],
                "subtitle": AXIS_TITLES[axis][1],
                "objectives": shown,
                "more": len(objectives) - len(shown),
            }
        )
    ranked = doc.priority_targets()
    targets = [*ranked, *(t for t in doc.targets if t.priority is None)]
    platforms = [p for p in doc.platforms if p.stage in IN_USE]
    focused = [n for n in advice.focused if n not in {p.network for p in platforms}]
    strategy_objective = {s.id: s.objective for s in doc.strategies}
    objective_titles = {o.id: o.title for o in doc.objectives}
    tactics = [
        {
            "title": _clip(t.title or t.id, 70),
            "dots": _dots(t.networks),
            "formats": [str(catalogue.FORMATS.get(f, f)) for f in t.formats][:3],
            "per_week": t.per_week,
            "objective": _clip(objective_titles.get(strategy_objective.get(t.strategy), ""), 50),
            "targets": [target_names.get(k, k) for k in t.targets][:2],
        }
        for t in doc.tactics
    ]
    days = [(code, str(label)[:3]) for code, label in catalogue.DAYS.items()]
    slots = _slots(doc)
    return {
        "workspace": workspace,
        "doc": doc,
        "density": density.name,
        "vision": _clip(doc.mission.vision, density.text),
        "axes": axes,
        "targets": [
            {
                "name": _clip(t.name, 60),
                "rank": t.priority,
                "kind": catalogue.TARGET_KINDS.get(t.kind, t.kind),
                "typology": catalogue.TYPOLOGIES.get(t.typology, t.typology),
            }
            for t in targets[: density.targets]
        ],
        "more_targets": max(0, len(targets) - density.targets),
        "platforms": [
            {
                "code": p.network,
                "colour": network_colour(p.network),
                "label": catalogue.network_label(p.network),
                "stage": catalogue.STAGES.get(p.stage, p.stage),
                "handle": p.handle,
                "focused": p.network in advice.focused,
            }
            for p in platforms
        ],
        "to_open": [(catalogue.network_label(n), n) for n in focused],
        "tactics": tactics[: density.tactics],
        "more_tactics": max(0, len(tactics) - density.tactics),
        "volume": sum(t.per_week or 0 for t in doc.tactics),
        "capacity": doc.capacity.posts_per_week,
        "week": week_grid(
            slots,
            days=days,
            network_labels=dict(catalogue.NETWORKS),
            colours={n.code: n.colour for n in all_networks()},
            title=_("The week's publication slots"),
            any_network=_("any network"),
            uid="sheet-week",
            width=360,
        )
        if slots
        else "",
        "today": ctx.today,
    }


#: strategy.css holds the page's styles, then, from this marker on, the sheet's.
SHEET_MARKER = "/* === sheet ==="


def stylesheet() -> str:
    """The sheet's part of strategy.css (the PDF gets it inline: no URL to fetch)."""
    path = finders.find("mostra/strategy.css")
    text = Path(path).read_text(encoding="utf-8") if path else ""
    return text[text.find(SHEET_MARKER) :] if SHEET_MARKER in text else text


def render_sheet_html(workspace: Workspace, density: Density, **kwargs: Any) -> str:
    context = sheet_context(workspace, density, **kwargs)
    context["css"] = stylesheet()
    return render_to_string("strategy/summary_pdf.html", context)


def render_pdf(workspace: Workspace) -> tuple[bytes, int]:
    """The sheet as a one-page PDF, and the number of pages it took (1 unless even the
    tiniest layout overflows). Call inside the language's override."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s

    doc = export_document(workspace)
    ctx = context_for_workspace(workspace)
    rendered = None
    for density in DENSITIES:
        html = render_sheet_html(workspace, density, doc=doc, ctx=ctx)
        rendered = HTML(string=html).render()
        if len(rendered.pages) == 1:
            break
    assert rendered is not None
    return rendered.write_pdf(), len(rendered.pages)
