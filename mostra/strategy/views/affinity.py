"""The affinity page: targets × platforms as a heatmap, the sources, the choice.

The matrix and the recommendation come from :mod:`mostra.strategy.checks.affinity`;
this page only shows them: an SVG heatmap (each cell's sources in its tooltip and in
the tables below it), the best platforms per priority target, the focused set, the
platforms kept for no priority target, and the classic alternatives side by side.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.charts import Cell, matrix_heatmap
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.strategy import catalogue
from mostra.strategy.checks.affinity import (
    HIGH,
    MEDIUM,
    AffinityCell,
    affinity_matrix,
    recommend,
)
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.services.export import export_document

LEVEL_LABELS = {
    "high": gettext_lazy("high"),
    "medium": gettext_lazy("medium"),
    "low": gettext_lazy("low"),
    "unknown": gettext_lazy("no data"),
}


def cell_anchor(target_id: str, network: str) -> str:
    return f"cell-{target_id}-{network}"


def first_url(text: str) -> str:
    """The first web address of a source's URL field (it may list several)."""
    for part in text.replace(";", " ").split():
        if part.startswith(("https://", "http://")):
            return part
    return ""


#: The data file's confidence in a figure, by the first word of its note ("medium (single
#: secondary transcription of Pew)"): the badge says the word, the note stays in its title.
CONFIDENCE_LABELS = {
    "high": gettext_lazy("high confidence"),
    "medium": gettext_lazy("medium confidence"),
    "low": gettext_lazy("low confidence"),
}


def confidence_level(note: str) -> str:
    """``high``, ``medium`` or ``low``: the first word of a confidence note, else ``""``."""
    words = re.split(r"[\s(]+", note.strip().lower(), maxsplit=1)
    return words[0] if words[0] in CONFIDENCE_LABELS else ""


def source_rows(sources: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for s in sources:
        level = confidence_level(s.confidence)
        rows.append(
            {
                "label": s.label,
                "source": s.source,
                "url": first_url(s.url),
                "confidence": s.confidence,
                "confidence_level": level,
                "confidence_label": CONFIDENCE_LABELS.get(level, ""),
            }
        )
    return rows


def own_evidence(target: Any, network: str) -> list[str]:
    """What the user noted of a target on a network: behaviour, inactivity, evidence."""
    found = []
    if network in target.inactive:
        found.append(_("Present there but not active."))
    behaviour = target.behaviour.get(network, [])
    if behaviour:
        found.append(
            _("They %(what)s.")
            % {"what": ", ".join(str(catalogue.BEHAVIOURS.get(b, b)) for b in behaviour)}
        )
    if found and target.evidence.strip():
        found.append(target.evidence.strip())
    return found


def _tooltip(cell: AffinityCell, target_name: str) -> str:
    network = catalogue.network_label(cell.network)
    head = (
        _("%(target)s on %(network)s: %(score)s/100")
        % {"target": target_name, "network": network, "score": round(cell.score)}
        if cell.score is not None
        else _("%(target)s on %(network)s: no data") % {"target": target_name, "network": network}
    )
    lines = [head, cell.explanation, *(s.label for s in cell.sources), *cell.evidence]
    return "\n".join(line for line in lines if line)


def affinity_context(membership: Membership) -> dict[str, Any]:
    workspace = membership.workspace
    doc = export_document(workspace)
    ctx = context_for_workspace(workspace)
    matrix = affinity_matrix(doc, ctx)
    advice = recommend(doc, ctx)
    names = {t.id: t.name for t in doc.targets}
    picked = {(tid, p.network) for tid, picks in advice.per_target.items() for p in picks}
    columns = [catalogue.network_label(n) for n in matrix.networks]
    rows = [names.get(tid, tid) for tid in matrix.targets]
    cells = [
        [
            Cell(
                value=(c := matrix.cell(tid, network)).score,
                title=_tooltip(c, names.get(tid, tid)),
                href=f"#{cell_anchor(tid, network)}",
                marked=(tid, network) in picked,
            )
            for network in matrix.networks
        ]
        for tid in matrix.targets
    ]
    svg = (
        matrix_heatmap(
            rows,
            columns,
            cells,
            title=_("Affinity of each target with each network, from 0 to 100"),
            legend_low=_("low affinity"),
            legend_high=_("high affinity"),
            no_data=_("no data"),
            marked_label=_("recommended"),
            uid="affinity",
        )
        if matrix.targets
        else ""
    )
    tables = []
    for tid in matrix.targets:
        target = doc.target(tid)
        rows = []
        for network in matrix.networks:
            c = matrix.cell(tid, network)
            own = own_evidence(target, network) if target else []
            mine = (
                _("Your evidence: %(text)s") % {"text": target.evidence.strip()} if target else ""
            )
            rows.append(
                {
                    "anchor": cell_anchor(tid, network),
                    "network": catalogue.network_label(network),
                    "cell": c,
                    "level_label": LEVEL_LABELS.get(c.level, c.level),
                    "picked": (tid, network) in picked,
                    "sources": source_rows(c.sources),
                    "reference": source_rows(c.reference),
                    "notes": [e for e in c.evidence if e != mine],
                    "own": own,
                }
            )
        tables.append(
            {
                "id": tid,
                "name": names.get(tid, tid),
                "priority": target.priority if target else None,
                "picks": [
                    (catalogue.network_label(p.network), p.network)
                    for p in advice.per_target.get(tid, [])
                ],
                "rows": rows,
            }
        )
    platforms = {p.network: p for p in doc.platforms}
    return {
        "workspace": workspace,
        "doc": doc,
        "svg": svg,
        "tables": tables,
        "high": HIGH,
        "medium": MEDIUM,
        "per_target": [
            (
                names.get(tid, tid),
                doc.target(tid).priority if doc.target(tid) else None,
                [(catalogue.network_label(p.network), p.network, p.score, p.level) for p in picks],
            )
            for tid, picks in advice.per_target.items()
        ],
        "focused": [
            (
                catalogue.network_label(n),
                n,
                catalogue.STAGES.get(platforms[n].stage) if n in platforms else None,
            )
            for n in advice.focused
        ],
        "unused": [(catalogue.network_label(n), n) for n in advice.unused],
        "alternatives": [
            {
                "a": catalogue.network_label(alt.a),
                "b": catalogue.network_label(alt.b),
                "a_code": alt.a,
                "b_code": alt.b,
                "a_stage": catalogue.STAGES.get(platforms[alt.a].stage)
                if alt.a in platforms
                else None,
                "b_stage": catalogue.STAGES.get(platforms[alt.b].stage)
                if alt.b in platforms
                else None,
                "preferred": alt.preferred,
                "verdict": alt.verdict,
                "rows": [
                    {
                        "target": names.get(row.target_id, row.target_id),
                        "a": row.a,
                        "b": row.b,
                    }
                    for row in alt.rows
                ],
            }
            for alt in advice.alternatives
        ],
        "notes": advice.notes,
    }


@workspace_view()
def affinity_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(request, "strategy/affinity.html", affinity_context(membership))
