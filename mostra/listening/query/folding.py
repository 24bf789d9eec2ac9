"""Folding and tokenising: what a query and an item are compared on.

Folding removes accents and case (``Élan`` → ``elan``, ``Straße`` → ``strasse``,
``Œuvre`` → ``oeuvre``) character by character, and maps every letter or digit to
letters or digits only and every other character to itself: the words of a text and of
its folded form are therefore the same runs, one for one, so that a word's position is
the same in both (the case-sensitive ``{Term}`` reads the unfolded words at the folded
words' positions).

A word is a run of letters, digits and ``_``; ``#`` or ``@`` right before a run makes it
a hashtag or a mention, a word of its own kind (``#réparation`` is the token
``#reparation``, which the plain word ``reparation`` matches too).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

#: A token: an optional ``#`` or ``@``, then a run of word characters.
TOKEN = re.compile(r"[#@]?\w+")

#: What separates tokens in the presearch text (never in a folded word).
SEP = "\x1f"

#: Runs of characters outside tokens (and ``#`` and ``@``, which start one): the
#: boundaries that :func:`presearch_text` turns into :data:`SEP`.
_BOUNDARY = re.compile(r"[^\w#@]+")

#: The ranges folded besides the Basic Multilingual Plane's: the mathematical letters
#: and digits of "fancy" posts (𝐀𝐂𝐌𝐄 → acme).
_EXTRA_RANGES = (range(0x1D400, 0x1D800),)


def _fold_char(char: str) -> str | None:
    """The folded form of one letter or digit, or None when it folds to itself."""
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if stripped and stripped != char and all(c.isalnum() for c in stripped):
        return stripped
    lowered = char.lower()
    if lowered != char and lowered and all(c.isalnum() for c in lowered):
        return lowered
    return None


@cache
def _table() -> dict[int, str]:
    """The translation table of :func:`fold`, built once (about 0.1 s)."""
    table: dict[int, str] = {}
    codes = [*range(0x10000), *(c for r in _EXTRA_RANGES for c in r)]
    for code in codes:
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        if not char.isalnum():
            continue
        folded = _fold_char(char)
        if folded is not None:
            table[code] = folded
    for code in (0x0152, 0x0153):  # Œ œ: NFKD keeps them whole
        table[code] = "oe"
    for code in (0x00C6, 0x00E6):  # Æ æ
        table[code] = "ae"
    return table


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): ``e`` + a combining accent, as some
    systems write ``é``, becomes one letter, so that the accent does not split words."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """``text`` without accents or case; its words are the same runs as those of
    ``composed(text)``.

    Three ways to the same result, the fastest that applies: ``lower()`` for ASCII; a
    byte table for text that Windows-1252 can encode (French and English as typed, with
    ’ « » … œ €: one pass in C); the translation table for the rest (emoji, other
    scripts, decomposed accents)."""
    if text.isascii():
        return text.lower()
    try:
        encoded = text.encode("cp1252")
    except UnicodeEncodeError:
        return unicodedata.normalize("NFC", text).translate(_table())
    bytes_table, wider = _cp1252()
    folded = encoded.translate(bytes_table).decode("cp1252")
    for char, replacement in wider:
        if char in folded:
            folded = folded.replace(char, replacement)
    return folded


def fold_words(text: str) -> str:
    """:func:`fold` for tokenising only: the same words at the same places, but
    characters that are no part of a word and that Windows-1252 lacks (emoji, mostly)
    may become ``\x1f`` (a boundary as well), so that a post with an emoji is folded
    by the byte table too. Never for a value compared whole (a field, a phrase)."""
    if text.isascii():
        return text.lower()
    try:
        encoded = text.encode("cp1252", errors="mostra-boundary")
    except UnicodeEncodeError:
        return unicodedata.normalize("NFC", text).translate(_table())
    bytes_table, wider = _cp1252()
    folded = encoded.translate(bytes_table).decode("cp1252")
    for char, replacement in wider:
        if char in folded:
            folded = folded.replace(char, replacement)
    return folded


def _boundary(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler of :func:`fold_words`: a run of characters that are no
    part of a word becomes one ``\x1f``; a letter, a digit or a combining accent
    stops the byte table's way (the translation table folds it)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    run = error.object[error.start : error.end]
    if any(c.isalnum() or c == "_" or unicodedata.combining(c) for c in run):
        raise error
    return SEP, error.end


codecs.register_error("mostra-boundary", _boundary)


@cache
def _cp1252() -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """For :func:`fold`: Windows-1252's bytes mapped to their folded byte where the
    folded letter is one character of that code page, and the few letters folded
    wider (ß → ss, œ → oe…) to replace after, checked equal to the translation table."""
    table, wider = bytearray(range(256)), []
    for code in range(256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        folded = char.translate(_table())
        try:
            target = folded.encode("cp1252")
        except UnicodeEncodeError:
            target = b""
        if len(target) == 1:
            table[code] = target[0]
        elif folded != char:
            wider.append((char.lower() if len(char.lower()) == 1 else char, folded))
            table[code] = (char.lower() if len(char.lower()) == 1 else char).encode("cp1252")[0]
    result = (bytes(table), tuple(dict(wider).items()))
    return result


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as it is (fold it first for the folded tokens)."""
    return TOKEN.findall(text)


def bare(token: str) -> str:
    """A token without its ``#`` or ``@``."""
    return token[1:] if token[:1] in ("#", "@") else token


#: For a folded text whose letters and digits are all ASCII: every byte that is no
#: part of a token becomes SEP (the bytes of other characters too: emoji, « », …).
_BYTE_BOUNDARIES = bytes(
    c if c < 0x80 and (chr(c).isalnum() or chr(c) in "_#@") and not chr(c).isupper() else 0x1F
    for c in range(256)
)
#: A letter or digit outside ASCII (left by folding: Greek, Cyrillic, CJK…).
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")


def presearch_text(folded: str) -> str:
    """``folded`` with every boundary between tokens as :data:`SEP`, and SEP around it:
    the token ``velo`` is then the substring ``SEP velo SEP``, the hashtag ``#velo``
    ``SEP #velo SEP``, whatever surrounded them.

    A folded text's letters are mostly ASCII (accents are gone): its UTF-8 bytes are
    then mapped in one pass (an emoji's bytes becoming separators); a text with other
    letters left takes the regex."""
    if folded.isascii() or not _NON_ASCII_WORD.search(folded):
        separated = folded.encode("utf-8").translate(_BYTE_BOUNDARIES).decode("ascii")
    else:
        separated = _BOUNDARY.sub(SEP, folded)
    if "#" in separated:
        separated = separated.replace("#", SEP + "#")
    if "@" in separated:
        separated = separated.replace("@", SEP + "@")
    return SEP + separated + SEP


def warm_up() -> None:
    """Build the folding table now rather than at the first accented text."""
    _table()
