"""Charts as inline SVG, drawn on the server: the dashboard's, the report's, the objectives'.

Every function returns a :class:`~django.utils.safestring.SafeString` holding one
``<svg>`` element: embed it as is in a template (``{{ chart }}``), write it to a file,
or hand it to CairoSVG / WeasyPrint. Each chart carries a ``<title>`` and an
``aria-label`` (``title``), escapes all text (labels are user content), uses no external
font (``system-ui, DejaVu Sans``) and formats numbers in the active language (decimal
comma in French). A value of None is drawn as "no data", never as 0.

Signatures (all keyword arguments after the data are optional except ``title``):

- ``bar_chart(items: [(label, value | None)], *, title, fmt=number, width=560, fill=BRAND)``
  — horizontal bars proportional to the values (negative values to the left of zero).
- ``grouped_bar_chart(categories: [label], series: [(name, [value | None per
  category])], *, title, fmt=percent, width=640)`` — side-by-side comparison, one colour
  per series, with a legend (e.g. categories = ratio KPIs, series = accounts).
- ``line_chart(series: [(name, [(date, value | None)])], *, title, fmt=number,
  target=None, forecast=None, width=640, height=240)`` — ``forecast`` is any object with
  ``value``, ``low``, ``high`` and ``at`` (a date): dashed line from the first series'
  last known point, band between ``low`` and ``high``; ``target`` a dashed line.
- ``progress_bar(fraction | None, *, title, width=240, height=18, fill=OK)`` — 0..1,
  beyond 1 full and labelled "beyond the target".
- ``heatmap(cells: 7×24 [[value | None]], *, title, counts=None, fmt=…×, cell=22)`` —
  Monday first; None cells hatched "not enough data"; ``counts`` for the tooltips.
- ``sparkline(values: [value | None], *, title, width=120, height=28)``.

Formatters: :func:`number` (localised, thousands grouped) and :func:`percent` (a ratio
0..1 shown as ``40%`` / ``40 %``); any ``Callable[[float], str]`` will do, e.g. the KPI
engine's.
"""

from mostra.reports.charts._svg import Formatter, number, percent
from mostra.reports.charts.bars import bar_chart, grouped_bar_chart, progress_bar
from mostra.reports.charts.heatmap import heatmap
from mostra.reports.charts.lines import line_chart, sparkline

__all__ = [
    "Formatter",
    "bar_chart",
    "grouped_bar_chart",
    "heatmap",
    "line_chart",
    "number",
    "percent",
    "progress_bar",
    "sparkline",
]
