"""The KPIs an objective can name, as data: the catalogue of definitions (code, label,
formula in words, numerator, denominator, source, unit, direction, group), the KPIs the
team records rather than mostra computes, the units an objective's values are read in,
and a KPI as an objective reads it (the catalogue's or the workspace's own).

The computation (what the posts and follower counts give) is the analytics layer's
(:mod:`mostra.analytics.kpis`), which reads these definitions from here.
"""
