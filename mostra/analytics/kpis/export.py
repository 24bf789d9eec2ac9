"""The KPIs of chosen accounts as data: the accounts named by their handles, and the
JSON and CSV that ``mostra kpi``, the REST API and the comparison page's download write.

One place, so that a script reading the command's JSON, the API's answer or the page's
CSV reads the same fields: per account its handle, network, competitor flag and the
period; per KPI its value (a ratio as a number between 0 and 1), numerator,
denominator, the missing data and the note.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.kpis import CATALOGUE, KpiValue, Period
from mostra.analytics.models import TrackedAccount, normalise_handle
from mostra.core.csv_export import COMMA, CsvStyle, write_csv
from mostra.core.errors import DomainError
from mostra.core.models import Workspace

#: The default period of the command and the API: this many days up to today.
DEFAULT_DAYS = 30


class UnknownAccount(DomainError):
    """A handle the workspace does not track; the message lists the known ones."""


def choose_accounts(workspace: Workspace, handles: list[str] | tuple[str, ...]) -> list:
    """The workspace's tracked accounts (own first), or those named, in one query.

    A handle matches with or without its ``@``, in any case; one naming no tracked
    account raises :class:`UnknownAccount`.
    """
    accounts = list(
        TrackedAccount.objects.filter(workspace=workspace)
        .select_related("workspace")
        .order_by("is_competitor", "network", "handle")
    )
    if not handles:
        return accounts
    chosen: list[TrackedAccount] = []
    for handle in handles:
        found = [a for a in accounts if a.handle == normalise_handle(a.network, handle)]
        if not found:
            known = ", ".join(f"@{a.handle} ({a.network})" for a in accounts) or _("none yet")
            raise UnknownAccount(
                _("no tracked account has the handle %(handle)s. Known accounts: %(list)s.")
                % {"handle": repr(handle), "list": known}
            )
        chosen.extend(a for a in found if a not in chosen)
    return chosen


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def kpi_fields(value: KpiValue) -> dict[str, Any]:
    return {
        "value": _number(value.value),
        "numerator": _number(value.numerator),
        "denominator": _number(value.denominator),
        "missing": value.missing,
        "note": value.note,
    }


def as_rows(accounts: list[TrackedAccount], period: Period, values: dict) -> list[dict]:
    """Per account: handle, network, competitor, period, and its KPIs' fields."""
    return [
        {
            "handle": account.handle,
            "network": account.network,
            "competitor": account.is_competitor,
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "kpis": {code: kpi_fields(v) for code, v in values[account.pk].items()},
        }
        for account in accounts
    ]


def as_json(accounts: list[TrackedAccount], period: Period, values: dict) -> str:
    return json.dumps(as_rows(accounts, period, values), ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = [
    "handle",
    "network",
    "competitor",
    "from",
    "to",
    "kpi",
    "label",
    "value",
    "numerator",
    "denominator",
    "missing",
    "note",
]


def as_csv(
    accounts: list[TrackedAccount], period: Period, values: dict, style: CsvStyle = COMMA
) -> str:
    """One row per account and KPI, the JSON's fields; numbers stay numbers (with decimal
    commas in the French ``style``: ``;`` between cells), a text a spreadsheet would run
    (a handle ``=HYPERLINK(…)``) starts with ``'``."""
    rows = (
        {
            "handle": account.handle,
            "network": account.network,
            "competitor": "yes" if account.is_competitor else "no",
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "kpi": code,
            "label": str(CATALOGUE[code].label),
            **kpi_fields(value),
        }
        for account in accounts
        for code, value in values[account.pk].items()
    )
    return write_csv(
        CSV_FIELDS,
        ([row[f] for f in CSV_FIELDS] for row in rows),
        delimiter=style.delimiter,
        decimal_comma=style.decimal_comma,
        lineterminator="\n",
    )
