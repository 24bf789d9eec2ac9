"""The listening KPIs: what is said about the brand, measured for the whole workspace.

Listening's mentions are the workspace's, not an account's: these KPIs are measured
here, per workspace and period, rather than by the per-account engine
(:mod:`mostra.analytics.kpis`, which answers them "measured by listening"). The
catalogue (:mod:`mostra.strategy.kpis.definitions_other`) defines them:

* :mod:`.tally`: the counts per day (brand mentions, sentiment, reach, competitors,
  response times), a few queries whatever the number of mentions;
* :mod:`.formulas`: each KPI from the counts, "missing" with its reason, never a 0
  standing for unknown;
* :mod:`.measure`: a period's figures (the report, the dashboard, ``mostra kpi
  listening``) and an objective's readings (the objectives' progress);
* :mod:`.freshness`: listening's writes move the workspace's data version, so that
  cached figures are computed again.
"""

from mostra.analytics.listening_kpis.formulas import CODES
from mostra.analytics.listening_kpis.measure import ListeningFigures, for_objective, measure

__all__ = ["CODES", "ListeningFigures", "for_objective", "measure"]
