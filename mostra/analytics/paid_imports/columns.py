"""The columns mostra reads in Meta Ads Manager and LinkedIn Campaign Manager exports.

English and French headers, compared as :func:`mostra.analytics.importers.columns.normalise`
does. A spend header may carry its currency in brackets (``Amount spent (EUR)``,
``Montant dépensé (EUR)``): the currency is read from there, else from a currency
column. Every other header is left unread (listed to the user).
"""

from __future__ import annotations

import re

from mostra.analytics.importers.columns import normalise

#: field → headers, per network. Documented in docs/paid.md.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "meta": {
        "campaign": ("Campaign name", "Nom de la campagne"),
        "day": ("Day", "Jour"),
        "starts": ("Reporting starts", "Début des rapports"),
        "ends": ("Reporting ends", "Fin des rapports"),
        "spend": ("Amount spent", "Montant dépensé"),
        "currency": ("Currency", "Devise"),
        "impressions": ("Impressions",),
        "reach": ("Reach", "Couverture"),
        "clicks": ("Link clicks", "Clics sur un lien", "Clicks (all)", "Clics (tous)"),
        "results": ("Results", "Résultats"),
    },
    "linkedin": {
        "campaign": ("Campaign name", "Nom de la campagne"),
        "day": ("Start Date (in UTC)", "Date de début (en UTC)", "Date"),
        "spend": ("Total Spent", "Total dépensé", "Amount spent", "Montant dépensé"),
        "currency": ("Currency", "Devise"),
        "impressions": ("Impressions",),
        "reach": ("Approximate Member Reach", "Couverture approximative des membres"),
        "clicks": ("Clicks", "Clics"),
        "results": ("Conversions",),
    },
}
#: The columns a file must have (a day, or Meta's reporting start and end, besides).
REQUIRED = ("campaign", "spend")
_CURRENCY = re.compile(r"^(.*?)\s*\(([a-z]{3})\)$")


def split_currency(header: object) -> tuple[str, str | None]:
    """``Amount spent (EUR)`` → (``amount spent``, ``EUR``)."""
    name = normalise(header)
    match = _CURRENCY.match(name)
    if match:
        return match.group(1), match.group(2).upper()
    return name, None


def lookup(network: str) -> dict[str, str]:
    """normalised header → field, for ``network``."""
    return {normalise(alias): field for field, names in ALIASES[network].items() for alias in names}


def expected(network: str) -> str:
    """The headers a file of ``network`` must have, for a refusal's message."""
    names = ALIASES[network]
    day = " / ".join(names["day"][:2])
    if network == "meta":
        day = f"{day} (or {names['starts'][0]} + {names['ends'][0]})"
    return "; ".join([" / ".join(names["campaign"][:2]), day, " / ".join(names["spend"][:2])])
