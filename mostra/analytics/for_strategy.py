"""What the strategy layer (below) reads and changes of the analytics data, given to it
when the analytics app is ready (:meth:`mostra.analytics.apps.AnalyticsConfig.ready`
fills :data:`mostra.strategy.checks.context.HISTORY` and ``OBSERVED``, and
:data:`mostra.strategy.services.objects.KPI_RENAMED`).
"""

from __future__ import annotations

from django.db.models import CharField, Value
from django.db.models.functions import Concat

from mostra.analytics.models import Measurement, TrackedAccount
from mostra.core.models import Workspace
from mostra.listening.models import ListeningQuery
from mostra.strategy.kpis.definitions_other import LISTENING_NEEDS

#: Marks a listening query group among the recorded KPIs' codes (one query reads both).
_GROUP = "listening-group:"


def observed(workspace: Workspace) -> tuple[frozenset[str], frozenset[str]]:
    """The networks with an own tracked account, and the KPIs fed by at least one
    recorded value or by listening's queries (the groups a KPI needs: an own-brand query
    and a competitor query for the share of voice), two queries."""
    networks = TrackedAccount.objects.filter(workspace=workspace, is_competitor=False)
    recorded = Measurement.objects.filter(workspace=workspace).order_by()
    groups = (
        ListeningQuery.objects.filter(workspace=workspace)
        .order_by()
        .annotate(code=Concat(Value(_GROUP), "group", output_field=CharField()))
        .values_list("code", flat=True)
    )
    found = set(recorded.values_list("kpi", flat=True).union(groups))
    present = {code.removeprefix(_GROUP) for code in found if code.startswith(_GROUP)}
    listened = {
        code
        for code, needed in LISTENING_NEEDS.items()
        if (all(g in present for g in needed) if needed else present)
    }
    return (
        frozenset(networks.values_list("network", flat=True).distinct()),
        frozenset({code for code in found if not code.startswith(_GROUP)} | listened),
    )


def rename_recorded(workspace: Workspace, old: str, new: str) -> None:
    """The values recorded under a workspace's own KPI ``old`` now read ``new``."""
    Measurement.objects.filter(workspace=workspace, kpi=old).update(kpi=new)
