"""Dates and numbers as the networks' table exports write them, read without guessing.

Dates come as ISO (``2024-03-05T14:30:00+0000``), as ``03/05/2024 14:30`` (month
first, English exports) or ``05/03/2024 14:30`` (day first, French ones), or as the
spreadsheet's own dates. Day and month are told apart per file: a first number above 12
means day first, a second one above 12 month first, both in one file is refused;
otherwise the export's language decides (and the import says which reading it chose).
A date without a time zone is in the workspace's time zone. Numbers may carry thousands
separators (``1,234``, ``1 234``); an empty cell or ``--`` is "not given" (None), never 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused

SLASHED = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
GROUPED = re.compile(r"^\d{1,3}(?:[ ,.'\u00a0\u202f]\d{3})+$")
EMPTY = {"", "-", "--", "—", "n/a", "na", "null", "none"}


class DateOrder:
    """Tells day/month from month/day over a file's dates, seen one at a time."""

    def __init__(self) -> None:
        self.firsts = self.seconds = False

    def see(self, value: Any) -> None:
        match = SLASHED.match(str(value).strip()) if isinstance(value, str) else None
        if match:
            self.firsts |= int(match.group(1)) > 12
            self.seconds |= int(match.group(2)) > 12

    def day_first(self, language: str) -> tuple[bool, bool]:
        """(day first?, decided by the language?); ImportRefused when both orders were
        seen."""
        if self.firsts and self.seconds:
            raise ImportRefused(
                _(
                    "The dates of this file are written both day first and month first: "
                    "export it again without editing the dates."
                )
            )
        if self.firsts or self.seconds:
            return self.firsts, False
        return language == "fr", True


def day_first(values: Iterable[Any], language: str) -> tuple[bool, bool]:
    """(day first?, decided by the language?) for the slashed dates of one file.

    Raises ImportRefused when the file mixes both orders.
    """
    order = DateOrder()
    for value in values:
        order.see(value)
    return order.day_first(language)


def parse_date(value: Any, *, dayfirst: bool, zone: tzinfo) -> datetime:
    """One date cell as an aware UTC datetime; ValueError when it cannot be read."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = str(value).strip()
        match = SLASHED.match(text)
        if match:
            first, second, year, hour, minute, second_s, meridian = match.groups()
            day, month = (first, second) if dayfirst else (second, first)
            hours = int(hour or 0)
            if meridian:
                if not 1 <= hours <= 12:
                    raise ValueError(text)
                hours = hours % 12 + (12 if meridian.lower() == "pm" else 0)
            moment = datetime(
                int(year), int(month), int(day), hours, int(minute or 0), int(second_s or 0)
            )
        else:
            if text.endswith(("Z", "z")):
                text = text[:-1] + "+00:00"
            moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def parse_count(value: Any) -> int | None:
    """A count cell: None when empty, an int otherwise; ValueError when it is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(value)
        return value
    if isinstance(value, float):
        if value < 0 or value != int(value):
            raise ValueError(value)
        return int(value)
    text = str(value).strip()
    if text.lower() in EMPTY:
        return None
    if text.isdigit():
        return int(text)
    if GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    if re.fullmatch(r"\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    raise ValueError(text)


def cell_text(value: Any) -> str:
    """A text cell as a string (an integer id from a spreadsheet without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()
