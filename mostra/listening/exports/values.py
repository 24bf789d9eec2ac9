"""Cells of the listening tools' exports read as mostra's values, never guessed.

- Headers are compared without case, accents or punctuation (``Date de publication`` and
  ``date_de_publication`` are one).
- Dates: the spreadsheet's own dates; ISO (``2024-03-05T14:30:00+01:00``,
  ``2024-03-05 14:30:00.0``); slashed (``05/03/2024 14:30``), day first in a French export
  and month first in an English one unless the file's own dates show otherwise (a first
  number above 12 is a day); Unix times in seconds or milliseconds (Talkwalker). A date
  without a zone is in the zone the import is given (the workspace's: the tools export in
  their user's zone).
- Counts: ``1234``, ``1,234``, ``1 234``, ``1.2K``; empty or ``-`` is not given (None).
- Sentiment: the tools' words in English and French, or a signed score (Talkwalker's
  -5…5, Mention's -1/0/1), as ``positive``, ``negative`` or ``neutral``.
- Network: from the row's domain or URL (``twitter.com`` → ``x``), else its source type.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from typing import Any

from mostra.strategy.networks import NETWORKS

SLASHED = re.compile(
    r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?$"
)
EPOCH = re.compile(r"^\d{10}(\d{3})?$")
EMPTY = {"", "-", "--", "—", "n/a", "na", "null", "none", "nan"}
COUNT = re.compile(r"^(\d{1,3}(?:[ ,.'\u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?\s*([kKmM])?$")

SENTIMENTS = {
    "positive": "positive",
    "positif": "positive",
    "positive sentiment": "positive",
    "negative": "negative",
    "negatif": "negative",
    "neutral": "neutral",
    "neutre": "neutral",
}
#: The hosts of the networks mostra knows (codes of :mod:`mostra.strategy.networks`).
HOSTS = {
    "twitter.com": "x",
    "x.com": "x",
    "t.co": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "linkedin.com": "linkedin",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
    "threads.net": "threads",
    "bsky.app": "bluesky",
    "reddit.com": "reddit",
    "pinterest.com": "pinterest",
    "pinterest.fr": "pinterest",
    "dailymotion.com": "dailymotion",
}
#: The tools' source types (Brandwatch's page types, Mention's and Talkwalker's source
#: types), folded: a network's code, or where on the web (``news``, ``blog``, ``forum``,
#: ``web``, ``review``, ``podcast``).
SOURCE_TYPES = {
    # Every network of mostra's registry by its code, alone or as "social <code>".
    **{code: code for code in NETWORKS},
    **{f"social {code}": code for code in NETWORKS},
    "twitter": "x",
    "social twitter": "x",
    "videos": "youtube",
    "video": "youtube",
    "news": "news",
    "online news": "news",
    "onlinenews": "news",
    "actualites": "news",
    "presse": "news",
    "print": "news",
    "blog": "blog",
    "blogs": "blog",
    "tumblr": "blog",
    "forum": "forum",
    "forums": "forum",
    "review": "review",
    "reviews": "review",
    "avis": "review",
    "podcast": "podcast",
    "web": "web",
    "website": "web",
    "websites": "web",
    "sites web": "web",
    "other": "web",
    "autre": "web",
}
#: What kind of item a place gives when the row does not say.
KIND_OF = {"news": "article", "blog": "article", "web": "article", "forum": "comment"}


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def fold(text: Any) -> str:
    """Lower case, no accents, punctuation and underscores as single spaces (headers and
    the tools' category words repeat: their folding is remembered)."""
    return _fold(str(text or ""))


def text_of(value: Any) -> str:
    """A text cell as a string (an integer id from a spreadsheet without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def slashed_order(values: list[Any], french: bool) -> bool:
    """Whether the file's slashed dates are day first: a first number above 12 says so, a
    second above 12 says month first, otherwise the export's language decides.
    ValueError when the file shows both orders."""
    firsts = seconds = False
    for value in values:
        match = SLASHED.match(value.strip()) if isinstance(value, str) else None
        if match:  # a date with both above 12 is no date: its row says so
            first, second = int(match.group(1)), int(match.group(2))
            firsts |= first > 12 >= second
            seconds |= second > 12 >= first
    if firsts and seconds:
        raise ValueError("both orders")
    return firsts or (french and not seconds)


def parse_date(value: Any, *, day_first: bool, zone: tzinfo) -> datetime:
    """One date cell as an aware UTC datetime; ValueError when it cannot be read."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return _epoch(int(value))
    else:
        text = str(value or "").strip()
        if text[4:5] == "-" and text[-1:].isdigit():  # ISO, the usual case
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
            return moment.astimezone(UTC)
        if EPOCH.match(text):
            return _epoch(int(text))
        match = SLASHED.match(text)
        if match:
            first, second, year, hour, minute, sec, meridian = match.groups()
            day, month = (first, second) if day_first else (second, first)
            hours = int(hour or 0)
            if meridian:
                if not 1 <= hours <= 12:
                    raise ValueError(text)
                hours = hours % 12 + (12 if meridian.lower() == "pm" else 0)
            moment = datetime(
                int(year), int(month), int(day), hours, int(minute or 0), int(sec or 0)
            )
        else:
            if text[-1:] in ("Z", "z"):
                text = text[:-1] + "+00:00"
            if text.endswith(" UTC"):
                text = text[:-4] + "+00:00"
            moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _epoch(number: int) -> datetime:
    if number > 10**11:  # milliseconds
        number //= 1000
    if not 10**8 < number < 10**10:
        raise ValueError(number)
    return datetime.fromtimestamp(number, UTC)


def parse_count(value: Any) -> int | None:
    """A count cell: None when not given; ValueError when it is not a whole count."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError(value)
        return None
    if isinstance(value, int | float):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    if text.lower() in EMPTY:
        return None
    match = COUNT.match(text)
    if not match:
        raise ValueError(text)
    whole, decimals, unit = match.groups()
    number = float(re.sub(r"\D", "", whole) + "." + (decimals or "0"))
    if unit:
        number *= 1_000 if unit in "kK" else 1_000_000
    elif decimals and int(decimals):
        raise ValueError(text)
    return round(number)


def parse_sentiment(value: Any) -> str | None:
    """``positive``, ``negative``, ``neutral`` or None (not given, mixed, unknown)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if text.lower() in EMPTY:
            return None
        known = SENTIMENTS.get(text.lower())
        if known:
            return known
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return SENTIMENTS.get(fold(text))
    if number != number:  # NaN
        return None
    return "positive" if number > 0 else "negative" if number < 0 else "neutral"


def network_of(domain: Any, url: str | None, source_type: Any) -> str:
    """The row's network: its domain's or URL's host when a network's, else its source
    type's, else ``web``."""
    for address in (text_of(domain), url or ""):
        network = _host_network(_host(address))
        if network:
            return network
    return SOURCE_TYPES.get(fold(source_type), "web")


def _host(address: str) -> str:
    """``https://www.x.com/a`` or ``www.x.com`` → ``www.x.com`` (lower case, no port)."""
    rest = address.partition("//")[2] if "//" in address else address
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    return host.lower()


@lru_cache(maxsize=4096)
def _host_network(host: str) -> str | None:
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    for known, network in HOSTS.items():
        if host == known or host.endswith("." + known):
            return network
    return None


LANGUAGE_NAMES = {"french": "fr", "francais": "fr", "english": "en", "anglais": "en",
                  "spanish": "es", "espagnol": "es", "german": "de", "allemand": "de",
                  "italian": "it", "italien": "it", "portuguese": "pt", "portugais": "pt",
                  "dutch": "nl", "neerlandais": "nl"}  # fmt: skip
TWO_LETTERS = re.compile(r"[a-z]{2}")


def language(value: Any) -> str | None:
    """``fr``, ``fr-FR``, ``French``, ``Français`` → ``fr``; None when not a language."""
    if isinstance(value, str) and len(value) == 2 and value.islower() and value.isalpha():
        return value
    text = fold(value)
    if text in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[text]
    code = text.split(" ")[0]
    return code if TWO_LETTERS.fullmatch(code) else None


#: The countries the tools name most often in mostra's users' exports, in English and
#: French (folded); another name is left unknown rather than guessed.
COUNTRIES = {
    "france": "FR", "belgium": "BE", "belgique": "BE", "switzerland": "CH", "suisse": "CH",
    "luxembourg": "LU", "canada": "CA", "united states": "US", "etats unis": "US",
    "united states of america": "US", "usa": "US", "united kingdom": "GB",
    "royaume uni": "GB", "uk": "GB", "germany": "DE", "allemagne": "DE", "spain": "ES",
    "espagne": "ES", "italy": "IT", "italie": "IT", "portugal": "PT", "netherlands": "NL",
    "pays bas": "NL", "ireland": "IE", "irlande": "IE", "morocco": "MA", "maroc": "MA",
    "algeria": "DZ", "algerie": "DZ", "tunisia": "TN", "tunisie": "TN", "senegal": "SN",
    "ivory coast": "CI", "cote d ivoire": "CI", "monaco": "MC", "austria": "AT",
    "autriche": "AT",
}  # fmt: skip


def country(value: Any) -> str | None:
    """An ISO 3166-1 alpha-2 code (``FR``, ``fr``) or a name of :data:`COUNTRIES`."""
    text = text_of(value)
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    return COUNTRIES.get(fold(text))
