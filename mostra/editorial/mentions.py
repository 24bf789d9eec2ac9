"""Mentions in the team's comments: ``@`` followed by a member's name or the part of
their e-mail address before the ``@``.

``@Bob Durand``, ``@bob durand``, ``@Bob_Durand`` and ``@bob`` (for bob@example.org)
all name Bob; case and accents do not matter (``@Helene`` names Hélène). When two
members could be meant, the longest name wins (``@Bob Durand`` over a member whose
address starts ``bob@``). An address in the text (``write to bob@example.org``) is not
a mention: the ``@`` must start a word.

:func:`mentioned_members` is the one parser (the comment service announces its result
with :data:`mostra.editorial.signals.comment_posted`); :func:`render` draws a comment
with its mentions highlighted, every other character escaped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

import regex
from django.utils.safestring import SafeString, mark_safe

from mostra.core.models import Membership, Workspace

#: What may separate the words of a name in a mention: spaces, ``_``, ``.`` or ``-``.
SEPARATOR = r"[\s._\-]+"


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The text without case nor accents, and for each of its characters the index of
    the original character it comes from (to highlight the original text)."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


@dataclass(frozen=True)
class Person:
    """A member as mentions know them: their user id, name and what names them."""

    user_id: int
    name: str
    keys: tuple[str, ...]
    #: The shortest way to mention them: the part of their address before the "@".
    handle: str = ""


def _key_pattern(key: str) -> str:
    words = [w for w in regex.split(r"[\s._\-]+", fold(key)[0]) if w]
    return SEPARATOR.join(regex.escape(w) for w in words)


def people(workspace: Workspace | int) -> list[Person]:
    """The workspace's members with the names that mention them (one query)."""
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    rows = (
        Membership.objects.filter(workspace_id=workspace_id)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )
    found = []
    for membership in rows:
        user = membership.user
        keys = [user.display_name.strip(), user.email.split("@")[0]]
        handle = user.email.split("@")[0]
        found.append(Person(user.pk, user.name, tuple(k for k in keys if k), handle))
    return found


def _pattern(members: list[Person]) -> tuple[regex.Pattern[str] | None, dict[str, int]]:
    """One pattern for all the keys (longest first), and each key's user id."""
    by_key: dict[str, int] = {}
    for person in members:
        for key in person.keys:
            pattern = _key_pattern(key)
            if pattern:
                by_key.setdefault(pattern, person.user_id)
    if not by_key:
        return None, {}
    ordered = sorted(by_key, key=len, reverse=True)
    groups = "|".join(f"(?P<k{i}>{p})" for i, p in enumerate(ordered))
    compiled = regex.compile(r"(?<![\w@])@(?:" + groups + r")(?![\w@])")
    return compiled, {f"k{i}": by_key[p] for i, p in enumerate(ordered)}


@dataclass(frozen=True)
class Mention:
    user_id: int
    #: Where it is in the original text: ``text[start:end]`` is "@Bob Durand".
    start: int
    end: int


def find(members: list[Person], text: str) -> list[Mention]:
    """Every mention of a member in the text, in order."""
    pattern, ids = _pattern(members)
    if pattern is None or "@" not in text:
        return []
    folded, origin = fold(text)
    found = []
    for match in pattern.finditer(folded):
        group = next(name for name, value in match.groupdict().items() if value is not None)
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        found.append(Mention(ids[group], start, end))
    return found


def mentioned_members(workspace: Workspace | int, text: str) -> list[int]:
    """The user ids of the workspace's members the text mentions, each once, in order."""
    if "@" not in (text or ""):
        return []
    return list(dict.fromkeys(m.user_id for m in find(people(workspace), text)))


def render(members: list[Person], text: str) -> SafeString:
    """The text as HTML: escaped, line breaks kept, mentions as highlighted names."""
    names = {p.user_id: p.name for p in members}
    parts = []
    position = 0
    for mention in find(members, text):
        parts.append(escape(text[position : mention.start]))
        parts.append(
            f'<strong class="mention" data-user="{mention.user_id}" '
            f'title="{escape(names.get(mention.user_id, ""))}">'
            f"{escape(text[mention.start : mention.end])}</strong>"
        )
        position = mention.end
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - every piece of the text is escaped above
