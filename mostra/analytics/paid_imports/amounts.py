"""Amounts as the ad managers write them: ``1234.56``, ``1,234.56``, ``1 234,56``, ``12,5``.

The last of ``.`` and ``,`` is the decimal mark when both appear; a lone ``,`` is the
decimal mark unless it groups thousands (``1,234`` in an English file). An empty cell
or ``--`` is "not given" (None), never 0.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from mostra.analytics.importers.values import EMPTY

_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")


def parse_amount(value: Any, language: str) -> Decimal | None:
    """A money cell as a Decimal to the cent; ValueError when it is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"[\s\u00a0\u202f€$£]", "", str(value))
        if text.lower() in EMPTY:
            return None
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif "," in text:
            if language == "en" and _THOUSANDS.match(text):
                text = text.replace(",", "")
            else:
                text = text.replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ValueError(value)
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if amount < 0 or not amount.is_finite():
        raise ValueError(value)
    return amount.quantize(Decimal("0.01"))
