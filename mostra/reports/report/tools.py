"""The report appendix's toolbox lines: what the team's tools cost a month, per
category, summed within one currency only (never converted); left out when the
workspace lists no tool. One query."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.toolbox.services.totals import Totals, monthly_totals


def tool_costs(workspace: Workspace) -> Totals | None:
    totals = monthly_totals(workspace)
    return None if totals.empty else totals
