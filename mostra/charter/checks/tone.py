"""The charter's tone rules: address form, capitals, exclamations, inclusive writing,
emoji. All soft except the emoji policy, which the charter sets explicitly."""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.charter import counting
from mostra.charter.checks.findings import Finding
from mostra.charter.checks.words import fold
from mostra.charter.models import AddressForm, Charter, EmojiPolicy, InclusiveWriting

#: Words that address the reader as « tu » (on folded text). « ton » after a
#: determiner is the noun (« le ton de la marque »), not the possessive.
TU = regex.compile(
    r"(?<!\w)(?:tu|toi|te|tes|ta|t(?=')"
    r"|(?<!(?:le|un|du|au|ce|mon|son|ton|bon|quel|meme)\s)ton)(?!\w)"
)
VOUS = regex.compile(r"(?<!\w)(?:vous|votre|vos|votres)(?!\w)")
_MEDIAN = "·•‧⋅"
#: Inclusive writing: « salarié·es », « étudiant.e.s », « lecteur(rice)s ».
INCLUSIVE = regex.compile(
    rf"\w+[{_MEDIAN}]\w+(?:[{_MEDIAN}]\w+)?"
    r"|\p{Ll}{3,}\.(?:e|es|ne|nes|le|les|rice|rices|trice|trices|euse|euses)(?:\.s)?(?!\w)"
    r"|\w+\((?:e|es|ne|nes|le|les|rice|rices|trice|trices|euse|euses|s)\)\w*"
)
_IGNORED_FOR_CAPS = regex.compile(r"https?://\S+|[#@]\w+")
CAPS_MIN_LETTERS = 20


def address_findings(text: str, charter: Charter) -> list[Finding]:
    if charter.language != "fr" and charter.address_form == AddressForm.ANY:
        return []
    folded = fold(text)
    has_tu, has_vous = bool(TU.search(folded)), bool(VOUS.search(folded))
    if has_tu and has_vous:
        return [
            Finding(
                "address_mixed",
                "warning",
                _("The text says both “tu” and “vous”: choose one way to address the reader."),
                "text",
            )
        ]
    if charter.address_form == AddressForm.VOUS and has_tu:
        return [
            Finding(
                "address_form",
                "warning",
                _("The charter addresses the reader as “vous”: replace “tu”, “ton”, “ta”…"),
                "text",
            )
        ]
    if charter.address_form == AddressForm.TU and has_vous:
        return [
            Finding(
                "address_form",
                "warning",
                _("The charter addresses the reader as “tu”: replace “vous”, “votre”…"),
                "text",
            )
        ]
    return []


def caps_findings(text: str, charter: Charter) -> list[Finding]:
    if charter.max_caps_ratio is None:
        return []
    letters = [c for c in _IGNORED_FOR_CAPS.sub(" ", text) if c.isalpha()]
    if len(letters) < CAPS_MIN_LETTERS:
        return []
    ratio = round(100 * sum(c.isupper() for c in letters) / len(letters))
    if ratio <= charter.max_caps_ratio:
        return []
    message = _(
        "%(ratio)d%% of the letters are capitals (the charter allows %(max)d%%): "
        "write in sentence case."
    ) % {"ratio": ratio, "max": charter.max_caps_ratio}
    return [Finding("caps_ratio", "warning", message, "text")]


def exclamation_findings(text: str, charter: Charter) -> list[Finding]:
    if charter.max_exclamations is None:
        return []
    count = text.count("!") + text.count("！") + 2 * text.count("‼")
    if count <= charter.max_exclamations:
        return []
    message = ngettext(
        "%(count)d exclamation mark, the charter allows %(max)d: remove %(extra)d.",
        "%(count)d exclamation marks, the charter allows %(max)d: remove %(extra)d.",
        count,
    ) % {"count": count, "max": charter.max_exclamations, "extra": count - charter.max_exclamations}
    return [Finding("exclamations", "warning", message, "text")]


def inclusive_findings(text: str, charter: Charter) -> list[Finding]:
    if charter.inclusive_writing != InclusiveWriting.FORBIDDEN:
        return []
    match = INCLUSIVE.search(text)
    if match is None:
        return []
    message = _(
        "The charter does not use the point médian: rewrite “%(word)s” as a doublet "
        "(« les salariés et les salariées ») or an epicene word (« l’équipe »)."
    ) % {"word": match.group()}
    return [Finding("inclusive_writing", "warning", message, "text")]


def emoji_findings(text: str, rule: object | None, *, sensitive: bool) -> list[Finding]:
    count = counting.emoji_count(text)
    findings: list[Finding] = []
    if sensitive and count:
        findings.append(
            Finding(
                "sensitive_emoji",
                "warning",
                _("This post is marked sensitive: remove the emoji (%(count)d).")
                % {"count": count},
                "text",
            )
        )
    policy = getattr(rule, "emoji_policy", EmojiPolicy.ALLOWED)
    if policy == EmojiPolicy.NONE and count:
        findings.append(
            Finding(
                "emoji_none",
                "error",
                ngettext(
                    "The charter allows no emoji on this network: remove the %(count)d emoji.",
                    "The charter allows no emoji on this network: remove the %(count)d emoji.",
                    count,
                )
                % {"count": count},
                "text",
            )
        )
    elif policy == EmojiPolicy.MAX and rule is not None:
        limit = getattr(rule, "emoji_max", None) or 0
        if count > limit:
            findings.append(
                Finding(
                    "emoji_max",
                    "error",
                    _(
                        "%(count)d emoji, the charter allows %(max)d on this network: "
                        "remove %(extra)d."
                    )
                    % {"count": count, "max": limit, "extra": count - limit},
                    "text",
                )
            )
    return findings
