"""The programme KPIs (reach, engagements, engagement rate, clicks and conversions of
the members' tracked links, the disclosure's compliance rate, cost per engagement and
per click of the paid influencers), measured for the whole workspace from the
ambassadors and influencers programme (:mod:`mostra.ambassadors`), as paid's are from
the campaigns: the per-account engine answers them "measured from the programme".

Unknown is not zero: without a tracked post, a tracked link or a fee, the KPI is
missing with what to do. :func:`programme_rows` gives the per-member rows (for a
command listing the members, which cannot import analytics itself).
"""

from typing import Any

from mostra.analytics.kpis import Period
from mostra.analytics.programme_kpis.figures import Figures, ProgrammeFigures, gather
from mostra.analytics.programme_kpis.measure import (
    CODES,
    as_data,
    for_objective,
    line_data,
    measure,
)
from mostra.core.models import Workspace


def programme_rows(workspace: Workspace, period: Period) -> list[dict[str, Any]]:
    """Each member's figures over ``period``: name, posts, reach, engagements, clicks,
    conversions, compliance and costs (JSON values)."""
    return [line_data(m) for m in gather(workspace, period, conversions=True).members]


__all__ = [
    "CODES",
    "Figures",
    "ProgrammeFigures",
    "as_data",
    "for_objective",
    "gather",
    "measure",
    "programme_rows",
]
