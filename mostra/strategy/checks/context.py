"""The two database-aware entry points of the checks (everything else is pure).

:func:`context_for_workspace` gathers what only the database knows (members, the
RACI matrix, the account's history); :func:`readiness_for_workspace` is what
the editorial calendar calls before letting a post be scheduled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import TypeVar

from mostra.core.models import Activity, Membership, RaciAssignment, Workspace
from mostra.strategy.checks import CheckContext, HistoryPoint, KpiSources, NotKnownYet, Override
from mostra.strategy.checks.readiness import Readiness, readiness
from mostra.strategy.kpis.catalogue import CATALOGUE, RECORDED
from mostra.strategy.services.export import export_document

#: The RACI activity whose Accountable answers for the strategy.
STRATEGY_ACTIVITY = "strategy"

History = dict[tuple[str, str], list[HistoryPoint]]

#: What the checks read of the data the analytics layer keeps (a layer above): it fills
#: these when it is ready (:mod:`mostra.analytics.for_strategy`). HISTORY: (workspace,
#: today, kpis) -> the own accounts' monthly KPIs per (network, KPI), three queries;
#: ``kpis`` (None: all) limits the KPIs computed, the followers always included.
HISTORY: list[Callable[[Workspace, dt.date, Collection[str] | None], History]] = []
#: OBSERVED: workspace -> (the networks with an own tracked account, the KPIs with at
#: least one recorded value), two queries.
OBSERVED: list[Callable[[Workspace], tuple[frozenset[str], frozenset[str]]]] = []

_Filled = TypeVar("_Filled")


def _filled(slot: list[_Filled], name: str) -> _Filled:
    """The one function a higher layer put in ``slot``; an empty slot is an error, never
    a check that quietly passes."""
    if not slot:
        raise RuntimeError(
            f"mostra.strategy.checks.context.{name} is empty: the analytics app fills it "
            "when it is ready (is mostra.analytics in INSTALLED_APPS?)"
        )
    return slot[0]


def context_for_workspace(
    workspace: Workspace, today: dt.date | None = None, *, kpis: Collection[str] | None = None
) -> CheckContext:
    """Members' e-mail addresses, whether the strategy has an Accountable, the history.

    ``kpis``: the only KPIs whose history the caller's checks will read (the
    objectives' own, as the Achievable letter and the summary read (network, the
    objective's KPI)); None computes every KPI's.

    Steps:
    1. members: the e-mail address of every membership of the workspace (lowercase).
    2. strategy_accountable: an "A" on the workspace's "strategy" activity; False when
       the activity has no A, or when the activity itself was removed (nobody answers
       for the strategy either way).
    3. history: the own accounts' monthly KPIs per (network, KPI), from the imported
       and collected data (:data:`HISTORY`, filled by
       :func:`mostra.analytics.progress.history.workspace_history`, three queries);
       empty when nothing was imported yet.
    4. sources: what feeds the KPIs (:func:`kpi_sources`, two queries).
    5. not_known and overrides: the readiness questions answered "not known yet" and
       the owners' overrides in force (:func:`readiness_answers`, two queries).
    """
    members = {
        email.lower()
        for email in Membership.objects.filter(workspace=workspace).values_list(
            "user__email", flat=True
        )
    }
    activity = Activity.objects.filter(workspace=workspace, key=STRATEGY_ACTIVITY).first()
    accountable = (
        activity is not None
        and RaciAssignment.objects.filter(activity=activity, letter="A").exists()
    )
    today = today or dt.date.today()
    return CheckContext(
        today=today,
        members=members,
        strategy_accountable=accountable,
        history=_filled(HISTORY, "HISTORY")(workspace, today, kpis),
        sources=kpi_sources(workspace),
        **readiness_answers(workspace),
    )


def readiness_answers(workspace: Workspace) -> dict[str, dict]:
    """The answers "not known yet" per (network, code) and the overrides in force per
    network (two queries)."""
    from mostra.strategy.models import ReadinessOverride, ReadinessUnknown

    not_known = {
        (u.network, u.code): NotKnownYet(
            code=u.code, note=u.note, by=u.answered_by_label, at=u.answered_at
        )
        for u in ReadinessUnknown.objects.filter(workspace=workspace)
    }
    overrides = {
        o.network: Override(
            network=o.network, reason=o.reason, by=o.created_by_label, at=o.created_at, id=o.pk
        )
        for o in ReadinessOverride.objects.filter(workspace=workspace, revoked_at__isnull=True)
    }
    return {"not_known": not_known, "overrides": overrides}


def kpi_sources(workspace: Workspace) -> KpiSources:
    """The KPIs mostra computes, the networks with an own tracked account, and the KPIs
    with at least one recorded value (two queries)."""
    tracked_networks, recorded = _filled(OBSERVED, "OBSERVED")(workspace)
    return KpiSources(
        computed=frozenset(code for code in CATALOGUE if code not in RECORDED),
        tracked_networks=tracked_networks,
        recorded=recorded,
    )


def readiness_for_workspace(workspace: Workspace, network: str) -> Readiness:
    """Whether every MOST question has an answer for ``network`` in this workspace."""
    return readiness(export_document(workspace), context_for_workspace(workspace), network)
