"""An objective's funnel as the objectives page and the monthly report show it: each
step's label, value and rate in the reader's language, "unknown" where nothing measures
it (never 0)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mostra.analytics.conversions.funnel import Funnel


@dataclass(frozen=True)
class StepLine:
    code: str
    label: str
    value: str
    rate: str
    known: bool


@dataclass(frozen=True)
class FunnelLines:
    steps: list[StepLine]
    spend: str
    cost_per_conversion: str
    tags: str
    known: bool


def _labels() -> dict[str, str]:
    return {
        "reach": _("Reach (paid campaigns)"),
        "clicks": _("Clicks (tracked links and ads)"),
        "visits": _("Visits (web analytics)"),
        "conversions": _("Conversions"),
    }


def _money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return _("unknown")
    return f"{number_format(amount, 2, use_l10n=True)} {currency}".strip()


def lines(funnel: Funnel) -> FunnelLines:
    labels, unknown = _labels(), _("unknown")
    steps = [
        StepLine(
            step.code,
            labels[step.code],
            unknown
            if step.value is None
            else number_format(step.value, use_l10n=True, force_grouping=True),
            ""
            if step.rate is None
            else number_format(round(step.rate * 100, 1), 1, use_l10n=True) + " %",
            step.value is not None,
        )
        for step in funnel.steps
    ]
    return FunnelLines(
        steps,
        _money(funnel.spend, funnel.currency),
        _money(funnel.cost_per_conversion, funnel.currency),
        ", ".join(funnel.tags),
        funnel.known,
    )
