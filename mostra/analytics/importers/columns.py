"""Headers of the networks' table exports mapped to mostra's fields, by aliases.

The aliases are data (mostra/analytics/data/export_columns.json, versioned) so that a
renamed column is one line to add. Matching never guesses: a header is either an alias
(English or French), a known column mostra does not store, or *unknown*, and unknown
columns are reported to the user.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "export_columns.json"
_SPACES = re.compile(r"\s+")


def normalise(header: Any) -> str:
    """A header as compared: NFKC, case-folded, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Aliases:
    #: normalised alias → (field, priority, language) for post sheets and follower sheets.
    posts: dict[str, tuple[str, int, str]]
    followers: dict[str, tuple[str, int, str]]
    #: normalised ignored header → language.
    ignored: dict[str, str]
    #: Headers that exist in one language only, for telling the export's language.
    english_only: frozenset[str]
    french_only: frozenset[str]


def _table(section: dict[str, dict[str, list[str]]]) -> dict[str, tuple[str, int, str]]:
    out: dict[str, tuple[str, int, str]] = {}
    for field_name, by_language in section.items():
        for language, names in by_language.items():
            for priority, name in enumerate(names):
                out.setdefault(normalise(name), (field_name, priority, language))
    return out


@functools.cache
def aliases() -> Aliases:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    by_language: dict[str, set[str]] = {"en": set(), "fr": set()}
    for section in (raw["posts"], raw["followers"]):
        for by_lang in section.values():
            for language, names in by_lang.items():
                by_language[language].update(normalise(n) for n in names)
    ignored: dict[str, str] = {}
    for language, names in raw["ignored"].items():
        for name in names:
            ignored.setdefault(normalise(name), language)
            by_language[language].add(normalise(name))
    return Aliases(
        posts=_table(raw["posts"]),
        followers=_table(raw["followers"]),
        ignored=ignored,
        english_only=frozenset(by_language["en"] - by_language["fr"]),
        french_only=frozenset(by_language["fr"] - by_language["en"]),
    )


@dataclass
class Mapping:
    """Which column holds which field, and what was not used."""

    #: field → column index.
    columns: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: "en" or "fr": the export's language, from the headers that exist in one only.
    language: str = "en"


def map_headers(headers: list[Any], table: dict[str, tuple[str, int, str]]) -> Mapping:
    """Map each header to a field of ``table``; ignored and unknown headers listed.

    When two headers map to one field, the alias listed first in the data wins and the
    other is listed as not imported.
    """
    known = aliases()
    mapping = Mapping()
    chosen: dict[str, tuple[int, int]] = {}
    english = french = 0
    for index, header in enumerate(headers):
        name = normalise(header)
        if not name:
            continue
        english += name in known.english_only
        french += name in known.french_only
        if name in table:
            field_name, priority, _language = table[name]
            previous = chosen.get(field_name)
            if previous is None or priority < previous[1]:
                if previous is not None:
                    mapping.ignored.append(str(headers[previous[0]]).strip())
                chosen[field_name] = (index, priority)
            else:
                mapping.ignored.append(str(header).strip())
        elif name in known.ignored:
            mapping.ignored.append(str(header).strip())
        else:
            mapping.unknown.append(str(header).strip())
    mapping.columns = {name: index for name, (index, _p) in chosen.items()}
    mapping.language = "fr" if french > english else "en"
    return mapping


def score(headers: list[Any], table: dict[str, tuple[str, int, str]]) -> int:
    """How many of ``headers`` are aliases of ``table``: finds the header row."""
    return sum(normalise(h) in table for h in headers)
