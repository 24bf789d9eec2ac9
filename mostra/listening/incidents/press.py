"""What counts as a press request: a mention in which a journalist or a media outlet
asks something of us, read from its words.

A mention is a press request when its title or text, folded (case, accents, curly
apostrophes), holds one of the phrases of :data:`PHRASES`, French or English: a
journalist saying who they are ("je suis journaliste", "I'm a reporter"), an interview
or comment asked for ("demande d'interview", "request for comment", "for a story"),
the press office sought ("service de presse", "press inquiry"), or a newsroom's call
for witnesses ("appel à témoignages", "looking to speak to").

An article *about* us (a news-alert feed's item, a journalist's post reporting on us)
is no request: it is coverage, which the volume and negative triggers measure. The
default playbook calls one press request a crisis; counting every news item would make
each article one.

Each phrase has a stem, the plain ASCII letters every one of its spellings contains:
the database narrows the window's mentions to those holding a stem (one query), and
only those are read in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db.models import Q

#: (stem, pattern): the pattern matched on the folded text; the stem found in every
#: text the pattern matches (case aside), for the database's first pass.
PHRASES: tuple[tuple[str, str], ...] = (
    # --- A journalist says who they are
    ("journalist", r"\bje suis journaliste\b"),
    ("journalist", r"\ben tant que journaliste\b"),
    ("journalist", r"\bi(?:'m| am) an? (?:\w+ )?journalist\b"),
    ("journalist", r"\bas an? journalist\b"),
    ("reporter", r"\bi(?:'m| am) an? (?:\w+ )?reporter\b"),
    # --- An interview, a comment, a statement asked for
    ("interview", r"\bdemande d'interview\b"),
    ("interview", r"\binterview request\b"),
    ("interview", r"\brequest(?:ing)? an interview\b"),
    ("interview", r"\b(?:une|votre) interview pour\b"),
    ("entretien", r"\bdemande d'entretien\b"),
    ("demande de", r"\bdemande de (?:reaction|commentaire|precisions)\b"),
    ("sollicit", r"\bsollicit\w* (?:presse|media|mediatique)s?\b"),
    ("comment", r"\brequest(?:s|ing)? for comment\b"),
    ("comment", r"\bcomment for (?:a|an|my|our) (?:story|article|piece|report)\b"),
    ("story", r"\bfor (?:a|my|our) story\b"),
    ("article", r"\bfor (?:an|my|our) article\b"),
    ("article", r"\bpour (?:un|mon|notre) article\b"),
    ("reportage", r"\bpour (?:un|mon|notre) reportage\b"),
    ("sujet", r"\bpour (?:un|mon|notre) sujet (?:sur|a propos)\b"),
    ("enqu", r"\bpour (?:une|mon|notre) enquete\b"),
    ("record", r"\bon the record\b"),
    # --- The press office sought
    ("press", r"\b(?:press|media) (?:inquiry|enquiry|inquiries|enquiries|request)\b"),
    ("press", r"\bpress (?:office|contact)\b"),
    ("presse", r"\b(?:service|contact|attachee?|relations) (?:de )?presse\b"),
    # --- A newsroom looks for witnesses
    ("moignage", r"\bappel a temoignages?\b"),
    ("moignage", r"\brecherch\w* (?:des )?temoignages?\b"),
    ("speak", r"\blooking to speak (?:to|with)\b"),
)

_MATCH = re.compile("|".join(f"(?:{pattern})" for _stem, pattern in PHRASES))
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower case, accents dropped, curly apostrophes straight, spaces single."""
    plain = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def is_press_request(*texts: str) -> bool:
    """Whether these words (a mention's title and text) ask as the press asks."""
    return any(_MATCH.search(fold(t)) for t in texts if t)


def candidates() -> Q:
    """Mentions whose title or text holds one of the stems (the database's first pass:
    every press request is among them)."""
    found = Q()
    for stem in dict.fromkeys(stem for stem, _pattern in PHRASES):
        found |= Q(text__icontains=stem) | Q(title__icontains=stem)
    return found


def requests(rows: Iterable[tuple[str, str, str]]) -> list[str]:
    """``rows``: (title, text, author), newest first; the authors of the press
    requests among them, in that order."""
    return [author for title, text, author in rows if is_press_request(title, text)]
