"""Whether one text of a programme member discloses a paid or gifted collaboration.

The law's wording is :mod:`mostra.charter.checks.disclosure` (one definition: the
charter checks the brand's own sponsored posts with it); this module applies it to a
member's post and says, for each problem:

* ``code``: stable (:data:`mostra.charter.checks.disclosure.COMMERCIAL` and the image
  codes);
* ``rule``: the rule quoted, short, with its source (loi n° 2023-451 art. 5 in French,
  the FTC's *Disclosures 101* in English), in the law's own language;
* ``message``: what to change, in the reader's language;
* ``ready_message``: a polite message to send the member, in the post's language.

A gift is commercial (French law: an in-kind benefit is a consideration); an unpaid
ambassador's post is not concerned (:attr:`Compliance.NOT_APPLICABLE`). The post's
language is the one given, else the one detected (py3langid, French or English only),
else the workspace's (its charter's language).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from mostra.ambassadors.models import Compensation, Compliance
from mostra.charter.checks.disclosure import (
    COMMERCIAL,
    LANGUAGES,
    RETOUCHED_MISSING,
    DisclosureProblem,
    disclosure_problems,
)
from mostra.listening.enrichment.language import detect_language

#: The rules quoted, in the law's language, with their source.
RULE_FR_COMMERCIAL = (
    "« L'intention commerciale […] est explicitement indiquée par l'emploi, selon le cas, "
    "de la mention “Publicité” ou de la mention “Collaboration commerciale”. Cette mention "
    "est claire, lisible et identifiable […] » — loi n° 2023-451 du 9 juin 2023, art. 5"
)
RULE_FR_RETOUCHED = (
    "« Les contenus […] comprenant des images ayant fait l'objet d'un procédé de "
    "traitement […] visant à affiner ou à épaissir la silhouette ou à modifier l'apparence "
    "du visage sont accompagnés de la mention “Images retouchées”. » — loi n° 2023-451 "
    "du 9 juin 2023, art. 5"
)
RULE_FR_VIRTUAL = (
    "« […] des images produites par tout procédé d'intelligence artificielle visant à "
    "représenter un visage ou une silhouette sont accompagnés de la mention “Images "
    "virtuelles”. » — loi n° 2023-451 du 9 juin 2023, art. 5"
)
RULE_EN_COMMERCIAL = (
    "“Place it so it's hard to miss. […] Don't mix your disclosure into a group of "
    "hashtags or links.” (#ad, #sponsored) — FTC, Disclosures 101 for Social Media "
    "Influencers"
)

#: The message sent to the member, per language (the post's, not the reader's).
_READY = {
    "fr": (
        "Bonjour {name},\n\n"
        "Merci pour votre publication{about}. Comme elle est faite dans le cadre d'une "
        "collaboration rémunérée ou d'un cadeau, la loi (loi n° 2023-451 du 9 juin 2023, "
        "art. 5) demande une mention claire. {fix}\n\n"
        "Pourriez-vous modifier la publication en ce sens ? {url}\n\n"
        "Merci beaucoup, et à bientôt !"
    ),
    "en": (
        "Hello {name},\n\n"
        "Thank you for your post{about}. As it is part of a paid partnership or a gift, it "
        "needs a clear disclosure (FTC, Disclosures 101 for Social Media Influencers). "
        "{fix}\n\n"
        "Could you please edit the post accordingly? {url}\n\n"
        "Many thanks, and talk soon!"
    ),
}
_ABOUT = {"fr": " pour « {campaign} »", "en": " for “{campaign}”"}
_FIXES = {
    "fr": {
        "commercial": "Il suffit de commencer le texte par « Collaboration commerciale » "
        "(ou « Publicité »), écrit en toutes lettres et non comme un hashtag.",
        "retouched_mention_missing": "L'image étant retouchée, la mention « Image "
        "retouchée » doit aussi figurer dans le texte.",
        "virtual_mention_missing": "L'image étant générée par intelligence artificielle, la "
        "mention « Image virtuelle » doit aussi figurer dans le texte.",
    },
    "en": {
        "commercial": "Simply start the text with #ad (or #sponsored), on its own, not "
        "among the other hashtags at the end.",
        "retouched_mention_missing": "As the image is retouched, please add “Retouched "
        "image” to the text too.",
        "virtual_mention_missing": "As the image is AI-generated, please add “Virtual image” "
        "to the text too.",
    },
}


@dataclass(frozen=True)
class ComplianceFinding:
    code: str
    rule: str
    message: str
    ready_message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class ComplianceCheck:
    compliance: str
    language: str
    findings: list[ComplianceFinding] = field(default_factory=list)

    def findings_data(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self.findings]


def post_language(text: str, given: str = "", fallback: str = "fr") -> str:
    """ "fr" or "en": ``given`` when it is one of them, else detected, else ``fallback``."""
    code = (given or "").lower()[:2]
    if code in LANGUAGES:
        return code
    detected, _confidence = detect_language(text, LANGUAGES)
    if detected in LANGUAGES:
        return detected
    return fallback if fallback in LANGUAGES else "fr"


def _rule(problem: DisclosureProblem, language: str) -> str:
    if problem.code in COMMERCIAL:
        return RULE_FR_COMMERCIAL if language == "fr" else RULE_EN_COMMERCIAL
    return RULE_FR_RETOUCHED if problem.code == RETOUCHED_MISSING else RULE_FR_VIRTUAL


def ready_message(
    code: str, language: str, *, name: str = "", campaign: str = "", url: str = ""
) -> str:
    """The message to send the member about one problem, in ``language``."""
    fixes = _FIXES[language]
    fix = fixes["commercial"] if code in COMMERCIAL else fixes.get(code, fixes["commercial"])
    about = _ABOUT[language].format(campaign=campaign) if campaign else ""
    text = _READY[language].format(name=name or "", about=about, fix=fix, url=url)
    return text.replace("Bonjour ,", "Bonjour,").replace("Hello ,", "Hello,").replace(" \n", "\n")


def check_text(
    text: str,
    compensation: str,
    *,
    language: str = "",
    fallback_language: str = "fr",
    equivalents: Sequence[str] = (),
    image_retouched: bool = False,
    image_virtual: bool = False,
    member_name: str = "",
    campaign_name: str = "",
    url: str = "",
) -> ComplianceCheck:
    """The compliance of ``text`` for a collaboration paid with ``compensation``."""
    lang = post_language(text, language, fallback_language)
    if compensation not in (Compensation.PAID, Compensation.GIFT):
        return ComplianceCheck(Compliance.NOT_APPLICABLE, lang)
    problems = disclosure_problems(
        text,
        lang,
        equivalents,
        sponsored=True,
        image_retouched=image_retouched,
        image_virtual=image_virtual,
    )
    findings = [
        ComplianceFinding(
            p.code,
            _rule(p, lang),
            p.message,
            ready_message(p.code, lang, name=member_name, campaign=campaign_name, url=url),
        )
        for p in problems
    ]
    state = Compliance.NON_COMPLIANT if findings else Compliance.COMPLIANT
    return ComplianceCheck(state, lang, findings)
