"""Disclosure of commercial intent and of retouched or virtual images.

France: loi n° 2023-451 du 9 juin 2023, article 5, as amended by the ordonnance
n° 2024-978 du 6 novembre 2024. The commercial intent must be stated clearly, by
« Publicité » or « Collaboration commerciale » or an equivalent mention adapted to the
format; retouched and AI-generated images of people carry « Image retouchée » and
« Image virtuelle ». mostra asks for the mention at the very start of the text (the
ARPP's recommendation, the safest reading), in words: a hashtag such as
« #CollaborationCommerciale » is not the mention, accepting the charter's equivalents.

United States (FTC, Disclosures 101 for Social Media Influencers): « #ad » or
« #sponsored » in the first lines, i.e. within the first 125 characters (where
captions are cut), and not mixed into a group of hashtags (a tag lost in a cluster of
:data:`HASHTAG_CLUSTER` or more at the end of the text); « #sp » and « #partner » are
not clear enough.

One definition serves every caller: :func:`disclosure_problems` takes the language and
the accepted equivalents (no charter), and says what is wrong; the charter's check
(:func:`disclosure_findings`) and the ambassador programme's compliance
(:mod:`mostra.ambassadors.services.compliance`) both call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex
from django.utils.translation import gettext as _

from mostra.charter import counting
from mostra.charter.checks.findings import Finding, Severity
from mostra.charter.checks.words import contains, fold
from mostra.charter.models import Charter

FR_MENTIONS = ("Publicité", "Collaboration commerciale")
EN_TAGS = ("#ad", "#sponsored")
EN_UNCLEAR = regex.compile(r"(?<!\w)#(?:sp|spon|partner|collab)(?!\w)", regex.IGNORECASE)
_EN_TAG = regex.compile(r"(?<!\w)#(?:ad|sponsored)(?!\w)", regex.IGNORECASE)
#: The French mention written as a hashtag (folded: no accent, lower case).
_FR_HASHTAG = regex.compile(
    r"(?<!\w)#(?:publicite|pub|collaborationcommerciale|collabcommerciale|collab|"
    r"partenariat|partenariatremunere|sponsorise)(?!\w)"
)
_HASHTAG = regex.compile(r"#\w+")
FIRST_CHARACTERS = 125
#: A run of this many hashtags or more ending the text hides the tags it holds.
HASHTAG_CLUSTER = 3
_TRAILING_HASHTAGS = regex.compile(rf"(?:#\w+[\s,.;·|]*){{{HASHTAG_CLUSTER},}}$")
_LEADING = regex.compile(r"^[\s\[\(«“\"'*_|·–—-]*")
IMAGE_MENTIONS = {
    ("fr", "retouched"): ("Image retouchée", "Images retouchées"),
    ("fr", "virtual"): ("Image virtuelle", "Images virtuelles"),
    ("en", "retouched"): ("Retouched image", "Retouched images"),
    ("en", "virtual"): ("Virtual image", "Virtual images"),
}
LANGUAGES = ("fr", "en")

#: What can be wrong (stable: the programme's findings and the API use them).
MISSING = "missing"  # no mention at all
NOT_AT_START = "not_at_start"  # French: the mention is there, not at the start
HASHTAG_ONLY = "hashtag_only"  # French: a hashtag, not the mention in words
TOO_LATE = "too_late"  # English: #ad after the first 125 characters
HIDDEN_IN_HASHTAGS = "hidden_in_hashtags"  # English: #ad lost in a cluster of hashtags
UNCLEAR = "unclear"  # English: #sp, #partner…
RETOUCHED_MISSING = "retouched_mention_missing"
VIRTUAL_MISSING = "virtual_mention_missing"
COMMERCIAL = (MISSING, NOT_AT_START, HASHTAG_ONLY, TOO_LATE, HIDDEN_IN_HASHTAGS, UNCLEAR)


@dataclass(frozen=True)
class DisclosureProblem:
    """One thing the law asks that the text lacks; ``message`` says what to change."""

    code: str
    message: str
    #: The mention to add (« Publicité », #ad, « Image retouchée »…).
    mention: str


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


def _french(text: str, equivalents: Sequence[str]) -> list[DisclosureProblem]:
    mentions = [*FR_MENTIONS, *equivalents]
    if any(_starts_with(text, m) for m in mentions):
        return []
    in_words = _HASHTAG.sub(" ", text)
    if _FR_HASHTAG.search(fold(text)) and not any(contains(in_words, m) for m in mentions):
        code = HASHTAG_ONLY
        message = _(
            "Write the mention as words, not as a hashtag: start the text with « Publicité » "
            "or « Collaboration commerciale »."
        )
    elif any(contains(in_words, m) for m in mentions):
        code = NOT_AT_START
        message = _(
            "Move the mention « Publicité » or « Collaboration commerciale » to the very start "
            "of the text, where it is seen first (loi n° 2023-451, art. 5)."
        )
    else:
        code = MISSING
        message = _(
            "Sponsored post: start the text with « Publicité » or « Collaboration commerciale », "
            "for instance “Publicité · %(start)s” (loi n° 2023-451, art. 5)."
        ) % {"start": _opening(text)}
    return [DisclosureProblem(code, message, "Collaboration commerciale")]


def _hidden_in_hashtags(text: str) -> bool:
    """Whether every #ad or #sponsored of the text sits in the hashtags ending it (a run
    of :data:`HASHTAG_CLUSTER` or more that is not the whole text)."""
    stripped = text.rstrip()
    cluster = _TRAILING_HASHTAGS.search(stripped)
    if cluster is None or not stripped[: cluster.start()].strip():
        return False
    return all(tag.start() >= cluster.start() for tag in _EN_TAG.finditer(stripped))


def _english(text: str, equivalents: Sequence[str]) -> list[DisclosureProblem]:
    head = "".join(counting.graphemes(text)[:FIRST_CHARACTERS])
    if any(contains(head, m) for m in equivalents):
        return []
    if _EN_TAG.search(head):
        if not _hidden_in_hashtags(text):
            return []
        code = HIDDEN_IN_HASHTAGS
        message = _(
            "#ad is lost among the hashtags at the end: write #ad or #sponsored at the start "
            "of the text, apart from the other hashtags (FTC)."
        )
    elif _EN_TAG.search(text):
        code = TOO_LATE
        message = _(
            "Move #ad or #sponsored into the first %(count)d characters, before the caption is cut."
        ) % {"count": FIRST_CHARACTERS}
    elif EN_UNCLEAR.search(text):
        code = UNCLEAR
        message = _(
            "#sp or #partner is not a clear disclosure (FTC): write #ad or #sponsored in the "
            "first %(count)d characters."
        ) % {"count": FIRST_CHARACTERS}
    else:
        code = MISSING
        message = _(
            "Sponsored post: write #ad or #sponsored in the first %(count)d characters (FTC)."
        ) % {"count": FIRST_CHARACTERS}
    return [DisclosureProblem(code, message, "#ad")]


def _image_mention(text: str, language: str, what: str) -> list[DisclosureProblem]:
    mentions = IMAGE_MENTIONS[(language, what)]
    if any(contains(text, m) for m in mentions):
        return []
    if what == "retouched":
        message = _("The image is retouched: add the mention « %(mention)s » to the text.")
        code = RETOUCHED_MISSING
    else:
        message = _("The image is AI-generated: add the mention « %(mention)s » to the text.")
        code = VIRTUAL_MISSING
    return [DisclosureProblem(code, message % {"mention": mentions[0]}, mentions[0])]


def disclosure_problems(
    text: str,
    language: str,
    equivalents: Sequence[str] = (),
    *,
    sponsored: bool,
    image_retouched: bool = False,
    image_virtual: bool = False,
) -> list[DisclosureProblem]:
    """What the law asks that ``text`` lacks, in ``language`` ("fr": loi n° 2023-451;
    "en": the FTC; any other: French), ``equivalents`` being other accepted mentions."""
    language = language if language in LANGUAGES else "fr"
    problems: list[DisclosureProblem] = []
    if sponsored:
        check = _french if language == "fr" else _english
        problems += check(text, [e for e in equivalents if e.strip()])
    if image_retouched:
        problems += _image_mention(text, language, "retouched")
    if image_virtual:
        problems += _image_mention(text, language, "virtual")
    return problems


def disclosure_findings(
    text: str,
    charter: Charter,
    rule: object | None,
    *,
    sponsored: bool,
    image_retouched: bool,
    image_virtual: bool,
) -> list[Finding]:
    """The charter's findings: :func:`disclosure_problems` in the charter's language with
    its equivalents; a missing commercial mention is an error unless the network's rule
    lowers it to a warning."""
    language = charter.language if charter.language in LANGUAGES else "fr"
    severity: Severity = "error" if getattr(rule, "disclosure_required", True) else "warning"
    findings = []
    for problem in disclosure_problems(
        text,
        language,
        charter.disclosure_list,
        sponsored=sponsored,
        image_retouched=image_retouched,
        image_virtual=image_virtual,
    ):
        if problem.code in COMMERCIAL:
            findings.append(Finding("disclosure_missing", severity, problem.message, "text"))
        else:
            findings.append(Finding(problem.code, "error", problem.message, "text"))
    return findings
