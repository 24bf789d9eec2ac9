"""The units an objective's values are read in, and the one function that writes them.

An objective writes its KPI on its own scale: a percentage as 3.2 for 3.2 %, a rate
per post as 0.45, an amount in euros as 12.5. Every page that shows an objective's
baseline, current value, target or forecast (the objectives page, the strategy page,
the dashboard, the report, ``mostra objectives``) and every value a team records
(:mod:`mostra.analytics.measurements`) writes it through :func:`format_measure`, in
the active language:

========== ================ =================
unit       English          French
========== ================ =================
count      12,345           12 345
people     45 people        45 personnes
percent    3.2%             3,2 %
permille   3.2‰             3,2 ‰
per_post   3.20 per post    3,20 par publication
per_week   2.5 per week     2,5 par semaine
hours      5.5 h            5,5 h
euro       €1,234.50        1 234,50 €
========== ================ =================

A French sign or word is set after a no-break space, so that a figure never wraps
away from its unit. "—" stands for a value that is missing, never 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

NBSP = "\u00a0"
#: Shown for a value that is missing (never 0).
MISSING_MARK = "—"

#: Every unit an objective's value can be in: code -> its name (a page's "Unit:").
UNITS: dict[str, Promise] = {
    "count": _("a number"),
    "people": _("people"),
    "percent": _("per cent (%)"),
    "permille": _("per thousand (‰)"),
    "per_post": _("per post"),
    "per_week": _("per week"),
    "euro": _("euros (€)"),
    "hours": _("hours (h)"),
}

#: The strategy catalogue's units (mostra.strategy.catalogue.Kpi.unit) on the objective's
#: scale: its "ratio" KPIs are the per-post rates (conversation, amplification, applause).
STRATEGY_UNITS = {
    "count": "count",
    "percent": "percent",
    "ratio": "per_post",
    "currency": "euro",
    "hours": "hours",
}
#: The engine's units (mostra.strategy.kpis.definition.Unit) on the objective's scale.
ENGINE_UNITS = {
    "count": "count",
    "ratio": "percent",
    "rate": "per_post",
    "per_week": "per_week",
    "currency": "euro",
    "hours": "hours",
}


def _number(value: float, decimals: int) -> str:
    """``value`` rounded half-even to ``decimals``, grouped in the active language."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN)
    return number_format(rounded, decimals, force_grouping=True)


def _french() -> bool:
    return (translation.get_language() or "en").startswith("fr")


def _trimmed(value: float, decimals: int) -> str:
    """The number with ``decimals`` decimals, or none when it is whole at that precision."""
    if round(value, decimals) == round(value):
        decimals = 0
    return _number(value, decimals)


def format_measure(value: float | None, unit: str) -> str:
    """``value`` (on the objective's scale) in ``unit``, in the active language.

    Decimals: counts and people whole (one decimal below 10: a forecast of 2.6 leads is
    not 3); per cent and per thousand one, dropped when whole ("50%", "3.2%"); rates per
    post two; per week one; euros two, dropped when whole ("€1,200", "€0.45").
    An unknown unit is written as a plain number with up to two decimals.
    """
    if value is None:
        return MISSING_MARK
    french = _french()
    if unit in ("count", "people"):
        text = _trimmed(value, 1) if abs(value) < 10 else _number(value, 0)
        if unit == "count":
            return text
        return ngettext("%(n)s person", "%(n)s people", max(1, round(abs(value)))) % {"n": text}
    if unit in ("percent", "permille"):
        sign = "%" if unit == "percent" else "‰"
        text = _trimmed(value, 1)
        return f"{text}{NBSP}{sign}" if french else f"{text}{sign}"
    if unit == "per_post":
        return gettext("%(n)s per post") % {"n": _number(value, 2)}
    if unit == "per_week":
        return gettext("%(n)s per week") % {"n": _number(value, 1)}
    if unit == "hours":
        return f"{_trimmed(value, 1)}{NBSP}h"
    if unit == "euro":
        text = _trimmed(value, 2)
        if french:
            return f"{text}{NBSP}€"
        return f"−€{text.lstrip('-')}" if value < 0 else f"€{text}"
    return _trimmed(value, 2)


def unit_name(unit: str) -> str:
    """The unit's name for a page ("per cent (%)", "people", "per post")."""
    return str(UNITS.get(unit, ""))
