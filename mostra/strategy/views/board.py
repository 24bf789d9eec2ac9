"""The strategy overview: Mission → Objectives → Strategies → Tactics, checked.

Everything on the page is read from the workspace's :class:`StrategyDocument` (one
export, a fixed number of queries whatever the strategy's size) and the checks run on
that document: the SMART letters, the lint and the readiness per network. The page
and every htmx answer after a change are built by :func:`board_context`, so what a
save shows is exactly what a reload would show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.checks import CheckContext, Finding
from mostra.strategy.checks.affinity import affinity_matrix
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.checks.lint import lint
from mostra.strategy.checks.readiness import READINESS_RULES, Readiness, readiness_all
from mostra.strategy.checks.smart import LETTERS, SmartResult, smart_summary
from mostra.strategy.kpis.objective import unit_of
from mostra.strategy.kpis.units import format_measure
from mostra.strategy.services.export import export_document
from mostra.strategy.services.pending_owners import owner_labels

LETTER_NAMES = {
    "S": gettext_lazy("Specific"),
    "M": gettext_lazy("Measurable"),
    "A": gettext_lazy("Achievable"),
    "R": gettext_lazy("Realistic"),
    "T": gettext_lazy("Time-bound"),
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {
    "error": gettext_lazy("Error"),
    "warning": gettext_lazy("Warning"),
    "info": gettext_lazy("Note"),
}


def dom_id(kind: str, key: str = "") -> str:
    """The id of an element's card on the page (and the anchor the lint links to)."""
    return f"{kind}-{key}" if key else kind


@lru_cache(maxsize=16)
def board_words(language: str | None) -> dict[str, str]:
    """The words every letter of every objective repeats, translated once per language
    (each translation reads the active language through a lock all of a process's
    threads share, and the board shows five letters per objective)."""
    words = {f"letter {code}": str(name) for code, name in LETTER_NAMES.items()}
    words.update(
        {
            "cannot tell": _("cannot tell yet"),
            "waiting": _("yes, but nothing measures it yet"),
            "yes": _("yes"),
            "no": _("no"),
        }
    )
    return words


@dataclass
class LetterView:
    code: str
    name: str
    ok: bool | None
    reasons: list[str]
    #: Passes, but waits for something (amber): see ``action``.
    waiting: bool = False
    #: (address, label) of what to do about it, such as recording the KPI's values.
    action: tuple[str, str] | None = None

    @property
    def state(self) -> str:
        if self.ok and self.waiting:
            return "warn"
        return "unknown" if self.ok is None else ("ok" if self.ok else "fail")

    @property
    def verdict(self) -> str:
        words = board_words(translation.get_language())
        if self.ok is None:
            return words["cannot tell"]
        if self.ok and self.waiting:
            return words["waiting"]
        return words["yes"] if self.ok else words["no"]


@dataclass
class Card:
    """One element on the board: its document part, and what the page shows of it."""

    kind: str
    key: str
    part: Any
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def dom_id(self) -> str:
        return dom_id(self.kind, self.key)

    @property
    def worst(self) -> str:
        if not self.findings:
            return ""
        return min(self.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)).severity

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Analysis:
    """A document and what the checks say about it."""

    doc: d.StrategyDocument
    ctx: CheckContext
    smart: dict[str, SmartResult]
    findings: list[Finding]
    readiness: dict[str, Readiness]


def analyse(membership: Membership) -> Analysis:
    workspace = membership.workspace
    doc = export_document(workspace)
    # the history of the objectives' KPIs only: all the checks below read of it
    ctx = context_for_workspace(workspace, kpis={o.kpi for o in doc.objectives if o.kpi})
    return Analysis(
        doc=doc,
        ctx=ctx,
        smart=smart_summary(doc, ctx),
        findings=lint(doc, ctx, affinity_matrix(doc, ctx)),
        readiness=readiness_all(doc, ctx),
    )


def slot_label(slot: d.Slot) -> str:
    where = f" · {catalogue.network_label(slot.network)}" if slot.network else ""
    return f"{catalogue.DAYS[slot.day]} {slot.time}{where}"


def _labels(codes: list[str], mapping: dict[str, Any]) -> list[str]:
    return [str(mapping.get(c, c)) for c in codes]


def anchors(doc: d.StrategyDocument) -> dict[str, str]:
    """Element id (or network code) -> the card's DOM id, for the lint's links."""
    found: dict[str, str] = {}
    for m in doc.mission.networks:
        found[m.network] = dom_id("network", m.network)
    for p in doc.platforms:  # a network's platform card wins over its mission card
        found[p.network] = dom_id("platform", p.network)
    for kind, items in (
        ("target", doc.targets),
        ("objective", doc.objectives),
        ("strategy", doc.strategies),
        ("tactic", doc.tactics),
    ):
        for item in items:
            found[item.id] = dom_id(kind, item.id)
    return found


def link_for(finding: Finding, links: dict[str, str], workspace_slug: str) -> str:
    """Where a finding's element is: its card, the mission, or the RACI matrix."""
    if finding.ref:
        anchor = links.get(finding.ref)
        return f"#{anchor}" if anchor else ""
    if finding.code == "strategy-no-accountable":
        return reverse("core:organisation", args=[workspace_slug]) + "#raci"
    return "#mission"


def subjects(doc: d.StrategyDocument) -> dict[str, str]:
    """Element id (or network code) -> the name a person knows it by."""
    found = {code: catalogue.network_label(code) for code in catalogue.NETWORKS}
    found.update({t.id: t.name for t in doc.targets})
    found.update({o.id: o.title for o in doc.objectives})
    found.update({s.id: s.title or s.id for s in doc.strategies})
    found.update({t.id: t.title or t.id for t in doc.tactics})
    return found


def lint_items(analysis: Analysis, workspace_slug: str) -> list[dict[str, Any]]:
    links = anchors(analysis.doc)
    names = subjects(analysis.doc)
    return [
        {
            "finding": f,
            "label": SEVERITY_LABELS.get(f.severity, f.severity),
            "subject": names.get(f.ref, f.ref) if f.ref else "",
            "href": link_for(f, links, workspace_slug),
        }
        for f in analysis.findings
    ]


def lint_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def letters_of(
    result: SmartResult | None, actions: dict[str, tuple[str, str]] | None = None
) -> list[LetterView]:
    """The letters as the board shows them; ``actions`` maps an issue code to what to
    do about it (address, label), linked from the letter that waits on it."""
    if result is None:
        return []
    actions = actions or {}
    return [
        LetterView(
            code=code,
            name=board_words(translation.get_language())[f"letter {code}"],
            ok=result.letters[code].ok,
            reasons=list(result.letters[code].reasons),
            waiting=bool(result.letters[code].waiting),
            action=next(
                (actions[i.code] for i in result.letters[code].issues if i.code in actions),
                None,
            ),
        )
        for code in LETTERS
        if code in result.letters
    ]


def feeding_action(
    kpi: str | None, ctx: CheckContext, workspace_slug: str
) -> dict[str, tuple[str, str]]:
    """Where to feed an objective's KPI that nothing feeds yet: its values' page for a
    KPI the team records, the imports for one mostra computes."""
    if not kpi:
        return {}
    if ctx.sources is not None and kpi in ctx.sources.computed:
        url, label = reverse("analytics:imports", args=[workspace_slug]), _("Import data")
    else:
        url = reverse("analytics:kpi_values", args=[workspace_slug, kpi])
        label = _("Enter or import its values")
    return {"objective-kpi-not-fed": (url, label)}


def board_context(
    membership: Membership, analysis: Analysis | None = None, **extra: Any
) -> dict[str, Any]:
    """Everything the overview shows: the four columns, targets, platforms, panels."""
    analysis = analysis or analyse(membership)
    doc = analysis.doc
    workspace = membership.workspace
    by_ref: dict[str, list[Finding]] = defaultdict(list)
    for f in analysis.findings:
        by_ref[f.ref or ""].append(f)
    names = owner_labels(workspace, [o.owner for o in doc.objectives if o.owner])
    target_names = {t.id: t.name for t in doc.targets}
    objective_titles = {o.id: o.title for o in doc.objectives}
    strategy_titles = {s.id: s.title or s.id for s in doc.strategies}
    strategies_by_objective: dict[str, list[d.Strategy]] = defaultdict(list)
    for s in doc.strategies:
        strategies_by_objective[s.objective].append(s)
    tactics_by_strategy: dict[str, list[d.Tactic]] = defaultdict(list)
    for t in doc.tactics:
        tactics_by_strategy[t.strategy].append(t)

    mission_cards = [
        Card(
            "network",
            m.network,
            m,
            by_ref.get(m.network, []) if doc.platform(m.network) is None else [],
            {
                "label": catalogue.network_label(m.network),
                "behaviour_labels": _labels(m.behaviour, catalogue.BEHAVIOURS),
                "presence": [
                    (_("Ideal customer"), m.audience_present),
                    (_("Competitors"), m.competitors_present),
                    (_("Partners"), m.partners_present),
                    (_("Active"), m.active),
                ],
            },
        )
        for m in doc.mission.networks
    ]

    objective_cards: dict[str, list[Card]] = {axis: [] for axis in catalogue.AXES}
    own_units = {k.id: k.unit for k in doc.kpis}
    for o in doc.objectives:
        kpi = doc.kpi(o.kpi)
        result = analysis.smart.get(o.id)
        unit = unit_of(o.kpi, own_units)
        card = Card(
            "objective",
            o.id,
            o,
            by_ref.get(o.id, []),
            {
                "kpi_label": str(kpi.label) if kpi else "",
                "baseline_text": format_measure(o.baseline.value, unit) if o.baseline else "?",
                "target_text": format_measure(o.target, unit) if o.target is not None else "?",
                "network_labels": _labels(o.networks, catalogue.NETWORKS),
                "owner_name": names.get((o.owner or "").lower(), o.owner or ""),
                "target_names": [target_names.get(k, k) for k in o.targets],
                "letters": letters_of(result, feeding_action(o.kpi, analysis.ctx, workspace.slug)),
                "passed": result.passed if result else 0,
                "advice": list(result.advice) if result else [],
                "strategy_count": len(strategies_by_objective.get(o.id, [])),
            },
        )
        objective_cards.setdefault(o.axis, []).append(card)

    # Strategies in the order of their objectives, tactics in the order of strategies,
    # so that each column reads level with the one before it.
    order = {o.id: i for i, o in enumerate(doc.objectives)}
    strategies = sorted(doc.strategies, key=lambda s: order.get(s.objective, len(order)))
    strategy_cards = [
        Card(
            "strategy",
            s.id,
            s,
            by_ref.get(s.id, []),
            {
                "objective_title": objective_titles.get(s.objective, s.objective),
                "objective_anchor": dom_id("objective", s.objective),
                "tactic_count": len(tactics_by_strategy.get(s.id, [])),
            },
        )
        for s in strategies
    ]
    s_order = {s.id: i for i, s in enumerate(strategies)}
    tactics = sorted(doc.tactics, key=lambda t: s_order.get(t.strategy, len(s_order)))
    tactic_cards = [
        Card(
            "tactic",
            t.id,
            t,
            by_ref.get(t.id, []),
            {
                "strategy_title": strategy_titles.get(t.strategy, t.strategy),
                "strategy_anchor": dom_id("strategy", t.strategy),
                "networks": [(n, catalogue.network_label(n)) for n in t.networks],
                "content_labels": _labels(t.content_types, catalogue.CONTENT_TYPES),
                "format_labels": _labels(t.formats, catalogue.FORMATS),
                "target_names": [target_names.get(k, k) for k in t.targets],
                "slot_labels": [slot_label(slot) for slot in t.slots],
            },
        )
        for t in tactics
    ]

    ranked = doc.priority_targets()
    others = [t for t in doc.targets if t.priority is None]
    target_cards = []
    for position, t in enumerate([*ranked, *others]):
        segments = t.segments
        target_cards.append(
            Card(
                "target",
                t.id,
                t,
                by_ref.get(t.id, []),
                {
                    "rank": position + 1 if t.priority is not None else None,
                    "first": position == 0,
                    "last": position == len(ranked) - 1,
                    "kind_label": catalogue.TARGET_KINDS.get(t.kind, t.kind),
                    "typology_label": catalogue.TYPOLOGIES.get(t.typology, t.typology),
                    "segments": [
                        *segments.age,
                        *_labels(segments.gender, catalogue.GENDERS),
                        *_labels(segments.education, catalogue.EDUCATION),
                        *([segments.country] if segments.country else []),
                    ],
                    "behaviour": [
                        (
                            catalogue.network_label(network),
                            _labels(behaviour, catalogue.BEHAVIOURS),
                        )
                        for network, behaviour in t.behaviour.items()
                    ],
                    "inactive_labels": _labels(t.inactive, catalogue.NETWORKS),
                },
            )
        )

    platform_cards = []
    for p in doc.platforms:
        used_by = [t.title or t.id for t in doc.tactics if p.network in t.networks]
        platform_cards.append(
            Card(
                "platform",
                p.network,
                p,
                by_ref.get(p.network, []),
                {
                    "label": catalogue.network_label(p.network),
                    "stage_label": catalogue.STAGES.get(p.stage, p.stage),
                    "tactic_count": len(used_by),
                },
            )
        )

    context: dict[str, Any] = {
        "workspace": workspace,
        "doc": doc,
        "kpi_cards": kpi_cards(doc, workspace.slug),
        "can_edit": has_perm(membership, Perm.EDIT_STRATEGY),
        "profile_findings": by_ref.get("", []),
        "mission_cards": mission_cards,
        "axes": [
            (axis, label, objective_cards.get(axis, [])) for axis, label in catalogue.AXES.items()
        ],
        "objective_count": len(doc.objectives),
        "strategy_cards": strategy_cards,
        "tactic_cards": tactic_cards,
        "target_cards": target_cards,
        "platform_cards": platform_cards,
        "planned_volume": sum(t.per_week or 0 for t in doc.tactics),
        "lint_items": lint_items(analysis, workspace.slug),
        "lint_counts": lint_counts(analysis.findings),
        "readiness": readiness_rows(analysis, workspace.slug),
        "can_override": has_perm(membership, Perm.OVERRIDE_READINESS),
        "focus": "",
    }
    context.update(extra)
    return context


def kpi_cards(doc: d.StrategyDocument, workspace_slug: str) -> list[Card]:
    """The workspace's own KPIs: name, unit, direction, axis, how collected, and where
    their values are recorded."""
    french = (translation.get_language() or "en").startswith("fr")
    cards = []
    for k in doc.kpis:
        cards.append(
            Card(
                "kpi",
                k.id,
                k,
                [],
                {
                    "label": k.name("fr" if french else "en"),
                    "unit_label": catalogue.KPI_UNITS.get(k.unit, k.unit),
                    "direction_label": catalogue.DIRECTIONS.get(k.direction, k.direction),
                    "axis_label": catalogue.AXES.get(k.axis, k.axis),
                    "collection_label": catalogue.COLLECTIONS.get(k.collection or "", ""),
                    "objective_count": sum(1 for o in doc.objectives if o.kpi == k.id),
                    "values_url": reverse("analytics:kpi_values", args=[workspace_slug, k.id]),
                },
            )
        )
    return cards


def readiness_row(result: Readiness, links: dict[str, str], workspace_slug: str) -> dict[str, Any]:
    """A network's readiness as shown: its label, whether it is ready, what to answer
    first (linked), the questions answered "not known yet" (with their note), the
    owner's override in force (who, when, why), and the network's readiness page."""
    page = reverse("strategy:overview", args=[workspace_slug])

    def where(finding: Finding) -> str:  # the strategy page's anchors work from any page
        href = link_for(finding, links, workspace_slug)
        return page + href if href.startswith("#") else href

    return {
        "network": result.network,
        "label": catalogue.network_label(result.network),
        "ready": result.ready,
        "missing": [(f.message, where(f)) for f in result.missing],
        "not_known": [
            {
                "question": READINESS_RULES.get(n.code, n.code),
                "note": n.note,
                "by": n.by,
                "at": n.at,
            }
            for n in result.not_known
        ],
        "override": result.override,
        "url": reverse("strategy:readiness", args=[workspace_slug, result.network]),
    }


def readiness_rows(analysis: Analysis, workspace_slug: str) -> list[dict[str, Any]]:
    """Per network: :func:`readiness_row`."""
    links = anchors(analysis.doc)
    return [readiness_row(result, links, workspace_slug) for result in analysis.readiness.values()]


@workspace_view()
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(request, "strategy/overview.html", board_context(membership))


def board_response(
    request: HttpRequest, membership: Membership, *, status: str = "", focus: str = ""
) -> HttpResponse:
    """The htmx answer to a change: the board, and the panels out of band."""
    context = board_context(membership, status_message=status, focus=focus)
    response = render(request, "strategy/partials/board_response.html", context)
    return reswap(retarget(response, "#board"), "outerHTML")
