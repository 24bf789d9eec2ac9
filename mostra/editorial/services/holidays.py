"""Public holidays of a workspace's country, from the ``holidays`` package.

Holidays are computed, never stored: the package knows each country's rules (Easter
Monday, Whit Monday…) and, for some countries, the names in several languages. The
names follow the active language when the package has it, else the country's own.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holidays_package
from django.utils import translation

#: mostra's language -> the package's language codes to try, best first.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "fr": ("fr", "fr_FR", "fr_BE", "fr_CA", "fr_CH"),
    "en": ("en_US", "en_GB", "en"),
}


def _language_for(country: str, language: str) -> str | None:
    """The package's language code closest to ``language``, else the country's own.

    The country's own language is asked for explicitly: left unset, the package follows
    the process's locale (``LANG``), which is not the reader's language.
    """
    try:
        country_holidays = holidays_package.country_holidays(country)
    except (NotImplementedError, KeyError):
        return None
    supported = getattr(country_holidays, "supported_languages", ())
    for code in LANGUAGES.get(language[:2], (language,)):
        if code in supported:
            return code
    return getattr(country_holidays, "default_language", None)


@lru_cache(maxsize=256)
def _holidays_of_year(country: str, year: int, language: str) -> tuple[tuple[dt.date, str], ...]:
    code = _language_for(country, language)
    try:
        found = holidays_package.country_holidays(country, years=year, language=code)
    except (NotImplementedError, KeyError):
        return ()
    return tuple(sorted(found.items()))


def holidays_between(
    country: str, first: dt.date, last: dt.date, language: str | None = None
) -> dict[dt.date, list[str]]:
    """Day -> names of the public holidays from ``first`` to ``last`` (both included).

    An unknown country gives no holidays rather than an error: the calendar still works.
    """
    language = language or translation.get_language() or "en"
    country = (country or "").upper()
    found: dict[dt.date, list[str]] = {}
    if not country:
        return found
    for year in range(first.year, last.year + 1):
        for day, names in _holidays_of_year(country, year, language):
            if first <= day <= last:
                # The package joins two holidays on the same day with "; ".
                found.setdefault(day, []).extend(n.strip() for n in names.split(";"))
    return found
