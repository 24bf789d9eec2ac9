"""Disclosure of commercial intent and of retouched or virtual images.

France: loi n° 2023-451 du 9 juin 2023, article 5, as amended by the ordonnance
n° 2024-978 du 6 novembre 2024. The commercial intent must be stated clearly, by
« Publicité » or « Collaboration commerciale » or an equivalent mention adapted to the
format; retouched and AI-generated images of people carry « Image retouchée » and
« Image virtuelle ». mostra asks for the mention at the very start of the text (the
ARPP's recommendation, the safest reading), accepting the charter's equivalents.

United States (FTC, Disclosures 101 for Social Media Influencers): « #ad » or
« #sponsored » in the first lines, i.e. within the first 125 characters (where
captions are cut); « #sp » and « #partner » are not clear enough.
"""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _

from mostra.charter import counting
from mostra.charter.checks.findings import Finding, Severity
from mostra.charter.checks.words import contains, fold
from mostra.charter.models import Charter

FR_MENTIONS = ("Publicité", "Collaboration commerciale")
EN_TAGS = ("#ad", "#sponsored")
EN_UNCLEAR = regex.compile(r"(?<!\w)#(?:sp|spon|partner|collab)(?!\w)", regex.IGNORECASE)
FIRST_CHARACTERS = 125
_LEADING = regex.compile(r"^[\s\[\(«“\"'*_|·–—-]*")
IMAGE_MENTIONS = {
    ("fr", "retouched"): ("Image retouchée", "Images retouchées"),
    ("fr", "virtual"): ("Image virtuelle", "Images virtuelles"),
    ("en", "retouched"): ("Retouched image", "Retouched images"),
    ("en", "virtual"): ("Virtual image", "Virtual images"),
}


def _starts_with(text: str, mention: str) -> bool:
    head = fold(_LEADING.sub("", text))
    wanted = fold(mention).strip()
    return (
        bool(wanted)
        and head.startswith(wanted)
        and not head[len(wanted) : len(wanted) + 1].isalnum()
    )


def _opening(text: str) -> str:
    """The first words of the text, to show where the mention goes."""
    opening = " ".join(text.split()[:6])
    return opening if len(opening) <= 40 else opening[:39].rstrip() + "…"


def _french(text: str, charter: Charter, severity: Severity) -> list[Finding]:
    mentions = [*FR_MENTIONS, *charter.disclosure_list]
    if any(_starts_with(text, m) for m in mentions):
        return []
    if fold(_LEADING.sub("", text)).startswith(("#publicite", "#collaboration")):
        message = _(
            "Write the mention as words, not as a hashtag: start the text with « Publicité » "
            "or « Collaboration commerciale »."
        )
    elif any(contains(text, m) for m in mentions):
        message = _(
            "Move the mention « Publicité » or « Collaboration commerciale » to the very start "
            "of the text, where it is seen first (loi n° 2023-451, art. 5)."
        )
    else:
        message = _(
            "Sponsored post: start the text with « Publicité » or « Collaboration commerciale », "
            "for instance “Publicité · %(start)s” (loi n° 2023-451, art. 5)."
        ) % {"start": _opening(text)}
    return [Finding("disclosure_missing", severity, message, "text")]


def _english(text: str, charter: Charter, severity: Severity) -> list[Finding]:
    head = "".join(counting.graphemes(text)[:FIRST_CHARACTERS])
    tags = regex.compile(r"(?<!\w)#(?:ad|sponsored)(?!\w)", regex.IGNORECASE)
    if tags.search(head) or any(contains(head, m) for m in charter.disclosure_list):
        return []
    if tags.search(text):
        message = _(
            "Move #ad or #sponsored into the first %(count)d characters, before the caption is cut."
        ) % {"count": FIRST_CHARACTERS}
    elif EN_UNCLEAR.search(text):
        message = _(
            "#sp or #partner is not a clear disclosure (FTC): write #ad or #sponsored in the "
            "first %(count)d characters."
        ) % {"count": FIRST_CHARACTERS}
    else:
        message = _(
            "Sponsored post: write #ad or #sponsored in the first %(count)d characters (FTC)."
        ) % {"count": FIRST_CHARACTERS}
    return [Finding("disclosure_missing", severity, message, "text")]


def _image_mention(text: str, language: str, what: str) -> list[Finding]:
    mentions = IMAGE_MENTIONS[(language, what)]
    if any(contains(text, m) for m in mentions):
        return []
    if what == "retouched":
        message = _("The image is retouched: add the mention « %(mention)s » to the text.")
        code = "retouched_mention_missing"
    else:
        message = _("The image is AI-generated: add the mention « %(mention)s » to the text.")
        code = "virtual_mention_missing"
    return [Finding(code, "error", message % {"mention": mentions[0]}, "text")]


def disclosure_findings(
    text: str,
    charter: Charter,
    rule: object | None,
    *,
    sponsored: bool,
    image_retouched: bool,
    image_virtual: bool,
) -> list[Finding]:
    language = charter.language if charter.language in {"fr", "en"} else "fr"
    findings: list[Finding] = []
    if sponsored:
        severity: Severity = "error" if getattr(rule, "disclosure_required", True) else "warning"
        check = _french if language == "fr" else _english
        findings += check(text, charter, severity)
    if image_retouched:
        findings += _image_mention(text, language, "retouched")
    if image_virtual:
        findings += _image_mention(text, language, "virtual")
    return findings
