"""VADER's analyzers with the same answers, faster: what ingest scores sentiment with.

vaderSentiment (English) and vaderSentiment-fr (French) are pure Python, and spend most
of their time on work they repeat: each negation and idiom check lower-cases *every*
word of the text again (for each sentiment word, three times: quadratic in the words),
each emoji lookup builds the text again one character at a time, and the French one
strips the accents of the same words again and again (``unidecode``). The subclasses
here score a text in one pass over its words, doing the packages' computation in their
order (the same floating-point operations, so the same scores):

* each word is cut from its punctuation and lower-cased once per text (the cut and the
  lower-case of a distinct word kept: pure functions of it), and every rule reads that
  list of lower-cased words instead of lower-casing the text again;
* the rules of a sentiment word (« no » before it, capitals, boosters and dampeners
  before it, negations, idioms, « least ») are :func:`_valence`, the packages'
  ``sentiment_valence`` with its helpers (``scalar_inc_dec``, ``_negation_check``,
  ``_special_idioms_check``, ``_least_check``) inlined, in their order;
* a text without emoji is taken as it is (``strip``), instead of being copied one
  character at a time (the packages' loop gives that same string);
* a word out of the lexicon gets the valence 0 at once (the packages' rules all start
  with "is it in the lexicon?");
* English « but » is looked for in the lower-cased words before the package's
  ``_but_check`` runs (it changes nothing without one);
* the French capitals' emphasis looks for a lower-case letter with ``any(map(…))``
  instead of a Python loop over a copy of each word;
* the French words' accents are stripped once per distinct word (a kept ``unidecode``:
  a pure function of its text), and the list of words never negated is built once.

The scores' sums (``score_valence``) are the packages' own code.
``tests/listening/test_enrichment_equivalence.py`` checks that both give exactly the
packages' ``polarity_scores`` on the labelled sets and on a randomized corpus of their
lexicons' words, negations, boosters, idioms, capitals, punctuation and emoji; a new
version of either package is checked there.
"""

from __future__ import annotations

import functools
import re
import string
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import Any

with warnings.catch_warnings():
    # "Using slow pure-python SequenceMatcher": only the fuzzy path (never used) needs it.
    warnings.filterwarnings("ignore", message=".*SequenceMatcher.*")
    import vaderSentiment.vaderSentiment as vader_en  # type: ignore[import-untyped]
    import vaderSentiment_fr.vaderSentiment as vader_fr  # type: ignore[import-untyped]

from unidecode import unidecode

#: Words kept with their accents stripped (French), and tokens kept cut and lower-cased:
#: a social-media vocabulary fits.
WORDS_KEPT = 65_536

_plain = functools.lru_cache(maxsize=WORDS_KEPT)(unidecode)

#: Distinct tokens kept with their reading, per language (:class:`_Tokens`), and words with
#: their capitals' count: a brand's vocabulary fits, in some 10 MB.
TOKENS_KEPT = 20_000

#: vaderSentiment-fr's split: blanks and apostrophes (« l'équipe » is two words).
_FRENCH_SPLIT = re.compile(r"[\s']")


def _word(token: str) -> tuple[str, str]:
    """A token as both packages read it (``SentiText._strip_punc_if_word``: its leading
    and trailing punctuation cut, unless that leaves two characters or fewer, an
    emoticon), and that word lower-cased."""
    stripped = token.strip(string.punctuation)
    word = token if len(stripped) <= 2 else stripped
    return word, word.lower()


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


def _negated(word: str, negations: list[str]) -> bool:
    """The packages' ``negated([word])``, ``word`` already lower-cased."""
    return word in negations or "n't" in word


def _idioms(
    valence: float,
    lower: Sequence[str],
    i: int,
    special_cases: dict[str, float],
    boosters: dict[str, float],
) -> float:
    """``_special_idioms_check`` of both packages, on the lower-cased words."""
    w3, w2, w1, w0 = lower[i - 3], lower[i - 2], lower[i - 1], lower[i]
    onezero = f"{w1} {w0}"
    twoonezero = f"{w2} {w1} {w0}"
    twoone = f"{w2} {w1}"
    threetwoone = f"{w3} {w2} {w1}"
    threetwo = f"{w3} {w2}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special_cases:
            valence = special_cases[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{w0} {lower[i + 1]}"
        if zeroone in special_cases:
            valence = special_cases[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{w0} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in special_cases:
            valence = special_cases[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _english_negation(valence: float, lower: Sequence[str], start_i: int, i: int) -> float:
    """vaderSentiment's ``_negation_check``, on the lower-cased words."""
    negations, scalar = vader_en.NEGATE, vader_en.N_SCALAR
    if start_i == 0:
        if _negated(lower[i - 1], negations):
            valence = valence * scalar
    if start_i == 1:
        w2, w1 = lower[i - 2], lower[i - 1]
        if w2 == "never" and (w1 == "so" or w1 == "this"):
            valence = valence * 1.25
        elif w2 == "without" and w1 == "doubt":
            pass
        elif _negated(w2, negations):
            valence = valence * scalar
    if start_i == 2:
        w3, w2, w1 = lower[i - 3], lower[i - 2], lower[i - 1]
        if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
            valence = valence * 1.25
        elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
            pass
        elif _negated(w3, negations):
            valence = valence * scalar
    return valence


#: vaderSentiment-fr's words never negated, accents stripped (it builds them per call).
_NO_NEGATE_FR = frozenset(unidecode(word) for word in vader_fr.NO_NEGATE)


def _french_negation(valence: float, lower: Sequence[str], start_i: int, i: int) -> float:
    """vaderSentiment-fr's ``_negation_check``, on the lower-cased words."""
    if lower[i] in _NO_NEGATE_FR:
        return valence
    if _negated(lower[i - (start_i + 1)], vader_fr.NEGATE):
        valence = valence * vader_fr.N_SCALAR
    return valence


def _rule_words(module: ModuleType) -> frozenset[str]:
    """The lower-cased words any rule of :func:`_valence` reads, but the lexicon's own
    words: « no », « least » and the words beside it, negations (and any word with
    « n't »: checked apart), boosters, and every word of an idiom or a booster of
    several words. A sentiment word with none of them among the three words before it,
    itself and the two after it gets its lexicon valence (and the capitals' increase):
    every rule leaves it unchanged."""
    words = {"no", "or", "nor", "least", "at", "very", "never", "so", "this", "without"}
    words |= {"doubt", "kind", "of"} | set(module.NEGATE) | set(module.BOOSTER_DICT)
    for phrase in (*module.SPECIAL_CASES, *module.BOOSTER_DICT):
        words.update(phrase.split(" "))
    return frozenset(words)


def _plain_valence(valence: float, word: str, is_cap_diff: bool, c_incr: float) -> float:
    """The valence of a sentiment word no rule changes: its lexicon's, increased when it
    is in capitals while others are not (the packages' order of operations)."""
    if word.isupper() and is_cap_diff:
        if valence > 0:
            valence += c_incr
        else:
            valence -= c_incr
    return valence


def _valence(
    module: ModuleType,
    lexicon: dict[str, float],
    words: Sequence[str],
    lower: Sequence[str],
    key: str,
    i: int,
    is_cap_diff: bool,
) -> float:
    """The packages' ``sentiment_valence`` of word ``i``, in the lexicon under ``key``
    (its lower-case, accents stripped in French), its helpers inlined in their order."""
    n_scalar, c_incr, boosters = module.N_SCALAR, module.C_INCR, module.BOOSTER_DICT
    negation = _french_negation if module is vader_fr else _english_negation
    valence = lexicon[key]
    # « no » before a lexicon word negates it rather than counting itself.
    if key == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[key] * n_scalar
    # A sentiment word in capitals while others are not.
    if words[i].isupper() and is_cap_diff:
        if valence > 0:
            valence += c_incr
        else:
            valence -= c_incr
    for start_i in range(3):
        if i > start_i and lower[i - (start_i + 1)] not in lexicon:
            # scalar_inc_dec: a booster or dampener before it, damped by its distance.
            before = lower[i - (start_i + 1)]
            s = 0.0
            if before in boosters:
                s = boosters[before]
                if valence < 0:
                    s *= -1
                if words[i - (start_i + 1)].isupper() and is_cap_diff:
                    if valence > 0:
                        s += c_incr
                    else:
                        s -= c_incr
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            valence = negation(valence, lower, start_i, i)
            if start_i == 2:
                valence = _idioms(valence, lower, i, module.SPECIAL_CASES, boosters)
    # _least_check
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * n_scalar
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * n_scalar
    return valence


#: What a token of a text is to the rules: the word the packages read (punctuation cut),
#: lower-cased, whether in capitals, whether no rule reads it (:func:`_rule_words`), and its
#: lexicon key when it is a sentiment word (in the lexicon, not a booster), else None.
Token = tuple[str, str, bool, bool, str | None]


class _Tokens:
    """Each distinct token's :data:`Token`, kept (:data:`TOKENS_KEPT`): a pure function
    of the token and the language's lexicon."""

    def __init__(self, lexicon: dict[str, float], module: ModuleType) -> None:
        self.lexicon, self.boosters = lexicon, module.BOOSTER_DICT
        self.rule_words = _rule_words(module)
        self.french = module is vader_fr
        self.of = functools.lru_cache(maxsize=TOKENS_KEPT)(self._token)

    def _token(self, token: str) -> Token:
        word, low = _word(token)
        alone = not (low in self.rule_words or "n't" in low)
        if low in self.boosters:
            return word, low, word.isupper(), alone, None
        key = _plain(low) if self.french else low
        return word, low, word.isupper(), alone, key if key in self.lexicon else None

    def read(self, tokens: list[str]) -> tuple[tuple[Any, ...], ...]:
        """The words, lower-cased words, capitals, alone flags and keys of ``tokens``."""
        shaped = list(map(self.of, tokens))
        if not shaped:
            return (), (), (), (), ()
        return tuple(zip(*shaped, strict=True))


def _scores(
    module: ModuleType, lexicon: dict[str, float], tokens: _Tokens, split: list[str]
) -> tuple[list[Any], tuple[str, ...], tuple[str, ...]]:
    """The sentiments of the words of ``split`` (the packages' ``sentiment_valence`` of
    each), the words and their lower-case."""
    words, lower, upper, alone, keys = tokens.read(split)
    # allcap_differential: some words in capitals, not all.
    is_cap_diff = 0 < len(words) - sum(upper) < len(words)
    c_incr = module.C_INCR
    sentiments: list[Any] = []
    last = len(words) - 1
    for i, key in enumerate(keys):
        if key is None:
            sentiments.append(0)  # the package's valence of a word out of its lexicon
        elif lower[i] == "kind" and i < last and lower[i + 1] == "of":
            sentiments.append(0)
        elif key != "no" and all(alone[i - 3 if i > 3 else 0 : i + 3]):
            sentiments.append(_plain_valence(lexicon[key], words[i], is_cap_diff, c_incr))
        else:
            sentiments.append(_valence(module, lexicon, words, lower, key, i, is_cap_diff))
    return sentiments, words, lower


class English(vader_en.SentimentIntensityAnalyzer):
    """vaderSentiment's analyzer: the same scores."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens = _Tokens(self.lexicon, vader_en)

    def polarity_scores(self, text: str) -> dict[str, float]:
        text = _without_emoji(text, self.emojis)
        sentiments, words, lower = _scores(vader_en, self.lexicon, self.tokens, text.split())
        if "but" in lower:
            sentiments = self._but_check(list(words), sentiments)
        return self.score_valence(sentiments, text)


class French(vader_fr.SentimentIntensityAnalyzer):
    """vaderSentiment-fr's analyzer (its exact path, ``polarity_scores``): the same
    scores."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens = _Tokens(self.lexicon, vader_fr)

    def polarity_scores(self, text: str) -> dict[str, float]:
        text = _without_emoji(text, self.emojis)
        split = _FRENCH_SPLIT.split(text)
        sentiments, _, _ = _scores(vader_fr, self.lexicon, self.tokens, split)
        return self.score_valence(sentiments, text)

    @staticmethod
    def _amplify_uc(text: str) -> float:
        """The package's capitals' emphasis: its words (punctuation removed, one letter
        dropped, their first letter cut) without a lower-case letter, at most 5."""
        for mark in ("?", "!", ".", ",", ";"):
            text = text.replace(mark, "")
        uc_count = sum(map(_in_capitals, text.split(" ")))
        return (uc_count if uc_count < 5 else 5) * 0.292

    @staticmethod
    def _amplify_sp(text: str) -> float:
        """The package's ellipses' emphasis: none without two dots in a row."""
        if ".." not in text:
            return 0.0
        return float(vader_fr.SentimentIntensityAnalyzer._amplify_sp(text))


@functools.lru_cache(maxsize=TOKENS_KEPT)
def _in_capitals(word: str) -> bool:
    """Whether vaderSentiment-fr's capitals' emphasis counts ``word``: two characters or
    more, none but the first a lower-case letter."""
    return len(word) > 1 and not any(map(str.islower, word[1:]))
