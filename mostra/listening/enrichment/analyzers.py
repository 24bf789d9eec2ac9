"""VADER's analyzers with the same answers, faster: what ingest scores sentiment with.

vaderSentiment (English) and vaderSentiment-fr (French) are pure Python, and spend most
of their time on work they repeat: each negation and idiom check lower-cases *every*
word of the text again (for each sentiment word, three times: quadratic in the words),
each emoji lookup builds the text again one character at a time, and the French one
strips the accents of the same words again and again (``unidecode``). The subclasses
here override only those steps, each with one doing the same computation on the words
it reads:

* the negation check lower-cases the one to three words it looks at, not all of them
  (the same indices, so the same answer, wrap-around of a negative index included);
* the idioms check the same, for the six words around the sentiment word;
* a text without emoji is taken as it is (``strip``), instead of being copied one
  character at a time (the packages' loop gives that same string);
* a word out of the lexicon gets the valence 0 at once (the packages' rules all start
  with "is it in the lexicon?");
* the French capitals' emphasis looks for a lower-case letter with ``any(map(…))``
  instead of a Python loop over a copy of each word;
* the French words' accents are stripped once per distinct word (a kept ``unidecode``:
  a pure function of its text), and the list of words never negated is built once.

Anything else is the packages' own code. ``tests/listening/test_enrichment_equivalence.py``
checks that both give exactly the packages' ``polarity_scores`` on the labelled sets
and on a randomized corpus of their lexicons' words, negations, boosters, idioms,
capitals, punctuation and emoji; a new version of either package is checked there.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

with warnings.catch_warnings():
    # "Using slow pure-python SequenceMatcher": only the fuzzy path (never used) needs it.
    warnings.filterwarnings("ignore", message=".*SequenceMatcher.*")
    import vaderSentiment.vaderSentiment as vader_en  # type: ignore[import-untyped]
    import vaderSentiment_fr.vaderSentiment as vader_fr  # type: ignore[import-untyped]

from unidecode import unidecode

#: Words kept with their accents stripped (French): a social-media vocabulary fits.
WORDS_KEPT = 65_536

_plain = functools.lru_cache(maxsize=WORDS_KEPT)(unidecode)


def _without_emoji(text: str, emojis: dict[str, str]) -> str:
    """The packages' first step: each emoji replaced by its description."""
    if emojis.keys().isdisjoint(text):
        return text.strip()
    parts: list[str] = []
    prev_space = True
    for char in text:
        if char in emojis:
            if not prev_space:
                parts.append(" ")
            parts.append(emojis[char])
            prev_space = False
        else:
            parts.append(char)
            prev_space = char == " "
    return "".join(parts).strip()


def _idioms(
    valence: float,
    words: list[str],
    i: int,
    special_cases: dict[str, float],
    boosters: dict[str, float],
) -> float:
    """``_special_idioms_check`` of both packages, lower-casing only the words it reads."""
    w3, w2, w1, w0 = (
        words[i - 3].lower(),
        words[i - 2].lower(),
        words[i - 1].lower(),
        words[i].lower(),
    )
    onezero = f"{w1} {w0}"
    twoonezero = f"{w2} {w1} {w0}"
    twoone = f"{w2} {w1}"
    threetwoone = f"{w3} {w2} {w1}"
    threetwo = f"{w3} {w2}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special_cases:
            valence = special_cases[seq]
            break
    if len(words) - 1 > i:
        zeroone = f"{w0} {words[i + 1].lower()}"
        if zeroone in special_cases:
            valence = special_cases[zeroone]
    if len(words) - 1 > i + 1:
        zeroonetwo = f"{w0} {words[i + 1].lower()} {words[i + 2].lower()}"
        if zeroonetwo in special_cases:
            valence = special_cases[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _negated(word: str, negations: list[str]) -> bool:
    """The packages' ``negated([word])``, ``word`` already lower-cased."""
    return word in negations or "n't" in word


class English(vader_en.SentimentIntensityAnalyzer):
    """vaderSentiment's analyzer: the same scores."""

    def polarity_scores(self, text: str) -> dict[str, float]:
        text = _without_emoji(text, self.emojis)
        sentitext = vader_en.SentiText(text)
        sentiments: list[Any] = []
        words = sentitext.words_and_emoticons
        lexicon = self.lexicon
        for i, item in enumerate(words):
            lower = item.lower()
            if lower in vader_en.BOOSTER_DICT or lower not in lexicon:
                sentiments.append(0)  # the package's valence of a word out of its lexicon
                continue
            if i < len(words) - 1 and lower == "kind" and words[i + 1].lower() == "of":
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    @staticmethod
    def _special_idioms_check(valence: float, words: list[str], i: int) -> float:
        return _idioms(valence, words, i, vader_en.SPECIAL_CASES, vader_en.BOOSTER_DICT)

    @staticmethod
    def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
        negations = vader_en.NEGATE
        scalar = vader_en.N_SCALAR
        if start_i == 0:
            if _negated(words[i - 1].lower(), negations):
                valence = valence * scalar
        if start_i == 1:
            w2, w1 = words[i - 2].lower(), words[i - 1].lower()
            if w2 == "never" and (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w2 == "without" and w1 == "doubt":
                valence = valence
            elif _negated(w2, negations):
                valence = valence * scalar
        if start_i == 2:
            w3, w2, w1 = words[i - 3].lower(), words[i - 2].lower(), words[i - 1].lower()
            if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                valence = valence
            elif _negated(w3, negations):
                valence = valence * scalar
        return valence


#: vaderSentiment-fr's words never negated, accents stripped (it builds them per call).
_NO_NEGATE_FR = frozenset(unidecode(word) for word in vader_fr.NO_NEGATE)


class French(vader_fr.SentimentIntensityAnalyzer):
    """vaderSentiment-fr's analyzer (its exact path, ``polarity_scores``): the same
    scores."""

    def polarity_scores(self, text: str) -> dict[str, float]:
        text = _without_emoji(text, self.emojis)
        sentitext = vader_fr.SentiText(text)
        sentiments: list[Any] = []
        words = sentitext.words_and_emoticons
        lexicon = self.lexicon
        for i, item in enumerate(words):
            lower = item.lower()
            if lower in vader_fr.BOOSTER_DICT or _plain(lower) not in lexicon:
                sentiments.append(0)  # the package's valence of a word out of its lexicon
                continue
            if i < len(words) - 1 and lower == "kind" and words[i + 1].lower() == "of":
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        return self.score_valence(sentiments, text)

    @staticmethod
    def _special_idioms_check(valence: float, words: list[str], i: int) -> float:
        return _idioms(valence, words, i, vader_fr.SPECIAL_CASES, vader_fr.BOOSTER_DICT)

    @staticmethod
    def _amplify_uc(text: str) -> float:
        """The package's capitals' emphasis: its words (punctuation removed, one letter
        dropped, their first letter cut) without a lower-case letter, at most 5."""
        for mark in ("?", "!", ".", ",", ";"):
            text = text.replace(mark, "")
        uc_count = 0
        for word in text.split(" "):
            if len(word) > 1 and not any(map(str.islower, word[1:])):
                if uc_count > 4:
                    break
                uc_count += 1
        return uc_count * 0.292

    @staticmethod
    def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
        if words[i].lower() in _NO_NEGATE_FR:
            return valence
        if start_i in (0, 1, 2) and _negated(words[i - (start_i + 1)].lower(), vader_fr.NEGATE):
            valence = valence * vader_fr.N_SCALAR
        return valence
