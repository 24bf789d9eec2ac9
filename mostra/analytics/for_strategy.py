"""What the strategy layer (below) reads and changes of the analytics data, given to it
when the analytics app is ready (:meth:`mostra.analytics.apps.AnalyticsConfig.ready`
fills :data:`mostra.strategy.checks.context.HISTORY` and ``OBSERVED``, and
:data:`mostra.strategy.services.objects.KPI_RENAMED`).
"""

from __future__ import annotations

from mostra.analytics.models import Measurement, TrackedAccount
from mostra.core.models import Workspace


def observed(workspace: Workspace) -> tuple[frozenset[str], frozenset[str]]:
    """The networks with an own tracked account, and the KPIs with at least one recorded
    value (two queries)."""
    networks = TrackedAccount.objects.filter(workspace=workspace, is_competitor=False)
    recorded = Measurement.objects.filter(workspace=workspace)
    return (
        frozenset(networks.values_list("network", flat=True).distinct()),
        frozenset(recorded.values_list("kpi", flat=True).distinct()),
    )


def rename_recorded(workspace: Workspace, old: str, new: str) -> None:
    """The values recorded under a workspace's own KPI ``old`` now read ``new``."""
    Measurement.objects.filter(workspace=workspace, kpi=old).update(kpi=new)
