"""The paid KPIs (cost per result, CPM, CPC, and the paid CTR), measured for the whole
workspace from its campaigns' days (:mod:`mostra.paid`), as listening's are from its
mentions: the per-account engine answers them "measured from the paid campaigns".

Unknown is not zero: without a day giving both terms of a ratio, the KPI is missing
with what to do (import the ad manager's export, or enter the days by hand).
"""

from mostra.analytics.paid_kpis.measure import CODES, for_objective, measure

__all__ = ["CODES", "for_objective", "measure"]
