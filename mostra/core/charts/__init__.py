"""mostra's one chart kit: inline SVG drawn on the server, for every page that draws one
(the strategy's affinity and week, the objectives, the comparison, the dashboard, the report).

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
- ``matrix_heatmap(rows, columns, cells: [[Cell]], *, title, legend_low, legend_high,
  no_data, marked_label="", uid="heatmap")`` — rows × columns scores from 0 to 100
  (the strategy's affinity), cells hatched without data, linked and outlined at will.
- ``week_grid(slots: [WeekSlot], *, days, network_labels, title, any_network,
  colours=None)`` — a week at a glance, a pill per slot in its network's colour.

Formatters: :func:`number` (localised, thousands grouped) and :func:`percent` (a ratio
0..1 shown as ``40%`` / ``40 %``); any ``Callable[[float], str]`` will do, e.g. the KPI
engine's.
"""

from mostra.core.charts._svg import Formatter, number, percent
from mostra.core.charts.bars import bar_chart, grouped_bar_chart, progress_bar
from mostra.core.charts.heatmap import heatmap
from mostra.core.charts.lines import line_chart, sparkline
from mostra.core.charts.matrix import Cell, ink_on, matrix_heatmap, scale_colour
from mostra.core.charts.week import WeekSlot, week_grid

__all__ = [
    "Cell",
    "Formatter",
    "WeekSlot",
    "bar_chart",
    "grouped_bar_chart",
    "heatmap",
    "ink_on",
    "line_chart",
    "matrix_heatmap",
    "number",
    "percent",
    "progress_bar",
    "scale_colour",
    "sparkline",
    "week_grid",
]
