"""Conversions: web-analytics exports (Matomo, Plausible, GA4) by UTM tags, matched to
tracked links, posts and paid campaigns, counted as KPIs, and each objective's funnel.

* :mod:`.exports` reads an export; :mod:`.services` stores it (re-importing a period
  replaces it) and maps goals to KPIs;
* :mod:`.matching` tells each row's link, post and campaign;
* :mod:`.kpi_values` feeds registrations, sales and leads with mapped goals;
* :mod:`.funnel` builds an objective's reach → clicks → visits → conversions.
"""
