"""The values a team records for the KPIs mostra does not compute: registrations, sales,
leads, share of voice, net sentiment, cost per result, and the workspace's own KPIs.

* :mod:`.kpis`: the KPIs an objective can name, computed or recorded, described alike;
* :mod:`.services`: recording a value, changing or deleting it, importing a file (who
  may, the checks, the audit log);
* :mod:`.files`: reading a CSV or XLSX of dates and values (ticketing, shop or CRM
  exports), every bad line reported;
* :mod:`.series`: a recorded KPI's current value and weekly series, which the
  objectives' progress (:mod:`mostra.analytics.progress`) reads as it reads the
  engine's figures: one progress, one forecast, whatever the source.

Values live in :class:`~mostra.analytics.models.Measurement`, one a day per KPI.
"""
