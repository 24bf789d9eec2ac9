"""Numbers written the way the reader's language writes them.

French puts a (non-breaking) space between thousands and before the per cent sign
("12 345", "40 %"), English a comma and nothing ("12,345", "40%"). The report writes
every figure through these functions, in the language it is built in, so that the
infographic, the HTML, the PDF and the e-mail say the same thing the same way. Missing
values are written "—", never 0.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

#: Non-breaking space: a figure never wraps between its digits and its unit.
NBSP = "\u00a0"
MISSING = "—"


def _french() -> bool:
    return (get_language() or "en").startswith("fr")


def number(value: float | None, decimals: int = 0) -> str:
    """12345 → "12 345" (fr) / "12,345" (en); 2.5 with decimals=1 → "2,5" / "2.5"."""
    if value is None:
        return MISSING
    text = f"{value:,.{decimals}f}"
    if _french():
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", "−")


def percent(ratio: float | None) -> str:
    """0.4 → "40 %" (fr) / "40%" (en); one decimal below 10 % ("4,5 %")."""
    if ratio is None:
        return MISSING
    value = ratio * 100
    decimals = 1 if 0 < abs(value) < 10 and round(value, 1) != round(value) else 0
    return number(value, decimals) + (NBSP + "%" if _french() else "%")


def compact(value: float | None) -> str:
    """Big counts shortened for the infographic: 12 345 → "12 345", 1 234 567 → "1,2 M"."""
    if value is None:
        return MISSING
    if abs(value) >= 1_000_000:
        return _("%(n)s M") % {"n": number(value / 1_000_000, 1)}
    if abs(value) >= 100_000:
        return _("%(n)s k") % {"n": number(value / 1_000, 0)}
    return number(value, 0 if float(value).is_integer() or abs(value) >= 100 else 1)


def signed(value: float, decimals: int = 0) -> str:
    """+12 / −3 with the language's decimal sign."""
    text = number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def by_unit(value: float | None, unit: str) -> str:
    """A KPI's value in its unit (ratio, count, rate per post, per week, currency)."""
    if value is None:
        return MISSING
    if unit == "ratio":
        return percent(value)
    if unit == "count":
        return number(value, 0 if float(value).is_integer() else 1)
    if unit == "per_week":
        return number(value, 1)
    if unit == "currency":
        return number(value, 2)
    if unit == "hours":
        return number(value, 0 if float(round(value, 1)).is_integer() else 1) + NBSP + "h"
    return number(value, 2 if abs(value) < 10 else 1)
