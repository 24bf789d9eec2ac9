"""The columns of a calendar CSV file, their French and English names, and their values.

One line is one variant (a post on one network); the lines of one post share the
``post`` value, or, without it, the same date, time and title. The table of columns
is in docs/calendar-import-export.md.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str  # as the export writes it
    aliases: tuple[str, ...]  # other accepted headers, already normalised
    required: bool = False
    #: Written by the export for information; read and ignored by the import.
    informational: bool = False
    #: Shared by every line of a post: must not differ between them.
    per_post: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("post", ("publication",), per_post=True),
    Column("date", (), required=True, per_post=True),
    Column("time", ("heure",), required=True, per_post=True),
    Column("network", ("reseau",), required=True),
    Column("text", ("texte",), required=True),
    Column("link", ("lien", "url")),
    Column("first_comment", ("premier_commentaire",)),
    Column("tactic", ("tactique",), per_post=True),
    Column("pillar", ("pilier",), per_post=True),
    Column("title", ("titre",), per_post=True),
    Column("sensitive", ("sensible",), per_post=True),
    Column("sponsored", ("sponsorise",), per_post=True),
    Column("status", ("statut",), informational=True),
)
BY_NAME = {c.name: c for c in COLUMNS}
#: Every accepted (normalised) header → the column's name.
HEADERS: dict[str, str] = {alias: c.name for c in COLUMNS for alias in (c.name, *c.aliases)}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
PER_POST = tuple(c.name for c in COLUMNS if c.per_post)

#: What a yes/no column accepts (lower-cased); an empty cell means no.
TRUE_WORDS = frozenset({"yes", "y", "oui", "o", "true", "vrai", "1", "x"})
FALSE_WORDS = frozenset({"no", "n", "non", "false", "faux", "0", ""})

#: Guards against files that are not a calendar (checked before reading).
MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 10_000

LABELS: dict[str, Promise] = {
    "post": _("post"),
    "date": _("date"),
    "time": _("time"),
    "network": _("network"),
    "text": _("text"),
    "link": _("link"),
    "first_comment": _("first comment"),
    "tactic": _("tactic"),
    "pillar": _("content pillar"),
    "title": _("working title"),
    "sensitive": _("sensitive"),
    "sponsored": _("sponsored"),
    "status": _("status"),
}


def normalise_header(header: str) -> str:
    """``" Réseau "`` → ``reseau``, ``Premier commentaire`` → ``premier_commentaire``."""
    text = unicodedata.normalize("NFKD", header.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "_".join(text.replace("-", " ").split())
