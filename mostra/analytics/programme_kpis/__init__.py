"""The programme KPIs (reach, engagements, engagement rate, clicks and conversions of
the members' tracked links, the disclosure's compliance rate, cost per engagement and
per click of the paid influencers), measured for the whole workspace from the
ambassadors and influencers programme (:mod:`mostra.ambassadors`), as paid's are from
the campaigns: the per-account engine answers them "measured from the programme".

Unknown is not zero: without a tracked post, a tracked link or a fee, the KPI is
missing with what to do.
"""

from mostra.analytics.programme_kpis.figures import Figures, ProgrammeFigures, gather
from mostra.analytics.programme_kpis.measure import (
    CODES,
    as_data,
    for_objective,
    measure,
)

__all__ = [
    "CODES",
    "Figures",
    "ProgrammeFigures",
    "as_data",
    "for_objective",
    "gather",
    "measure",
]
