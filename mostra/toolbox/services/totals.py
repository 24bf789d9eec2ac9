"""The toolbox's monthly cost: per category, summed only within one currency.

Amounts in different currencies are never converted: a category paid in euros and in
dollars shows one line per currency. Tools whose cost is unknown are counted apart
(unknown is not zero).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mostra.core.models import Workspace
from mostra.toolbox.models import Category, Tool


@dataclass
class CategoryCost:
    category: str
    label: str
    #: {currency: monthly total}, currencies in alphabetical order.
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    tools: int = 0
    #: Tools of the category whose cost is not given.
    unknown: int = 0


@dataclass
class Totals:
    categories: list[CategoryCost]
    #: The whole toolbox's monthly cost, per currency.
    by_currency: dict[str, Decimal]
    unknown: int

    @property
    def empty(self) -> bool:
        return not any(c.tools for c in self.categories)


def totals_of(tools: list[Tool]) -> Totals:
    lines = {c: CategoryCost(c, str(label)) for c, label in Category.choices}
    overall: dict[str, Decimal] = {}
    unknown = 0
    for tool in tools:
        line = lines[tool.category] if tool.category in lines else lines[Category.OTHER]
        line.tools += 1
        if tool.monthly_cost is None:
            line.unknown += 1
            unknown += 1
            continue
        line.by_currency[tool.currency] = (
            line.by_currency.get(tool.currency, Decimal(0)) + tool.monthly_cost
        )
        overall[tool.currency] = overall.get(tool.currency, Decimal(0)) + tool.monthly_cost
    for line in lines.values():
        line.by_currency = dict(sorted(line.by_currency.items()))
    return Totals(list(lines.values()), dict(sorted(overall.items())), unknown)


def monthly_totals(workspace: Workspace) -> Totals:
    """One query."""
    tools = list(
        Tool.objects.filter(workspace=workspace).only("category", "monthly_cost", "currency")
    )
    return totals_of(tools)
