"""Enrichment made faster gives exactly what the packages give: mostra's VADER analyzers
(mostra.listening.enrichment.analyzers) the packages' scores, on the labelled sets and
on a randomized corpus built to reach every rule (negations, boosters, idioms, « but »,
« no », « kind of », « least », capitals, punctuation, emoji, contractions); the
language detection's counting of n-grams py3langid's own features and answers."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pytest

from mostra.listening.enrichment import language
from mostra.listening.enrichment.analyzers import English, French
from mostra.listening.enrichment.evaluation import read_labelled
from mostra.listening.enrichment.sentiment import french_negation

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*SequenceMatcher.*")
    import vaderSentiment.vaderSentiment as vader_en  # type: ignore[import-untyped]
    import vaderSentiment_fr.vaderSentiment as vader_fr  # type: ignore[import-untyped]

DATA = Path(__file__).resolve().parent / "data"
PACKAGES = {"en": vader_en, "fr": vader_fr}
FAST = {"en": English, "fr": French}
RULE_WORDS = {
    "en": "but no not never so this without doubt least at very kind of isn't don't "
    "or nor the shit bus stop yeah right sort".split(),
    "fr": "mais pas jamais plus rien sans ni ne n' no kind of least at very "
    "or nor très vraiment à peine putain de sérieux sérieuse saoule".split(),
}


@pytest.fixture(scope="module")
def analyzers() -> dict[str, tuple[object, object]]:
    return {lang: (PACKAGES[lang].SentimentIntensityAnalyzer(), FAST[lang]()) for lang in PACKAGES}


def random_texts(lang: str, count: int, seed: int) -> list[str]:
    module = PACKAGES[lang]
    stock = module.SentimentIntensityAnalyzer()
    rng = random.Random(seed)
    lexicon = sorted(stock.lexicon)
    emoji = sorted(k for k in stock.emojis if len(k) == 1)
    boosters = sorted(module.BOOSTER_DICT)
    idioms = " ".join(module.SPECIAL_CASES).split() + RULE_WORDS[lang]
    plain = "le la the a un une de of and et service app".split()
    texts = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(0, 30)):
            pool = rng.choice((lexicon, lexicon, boosters, idioms, idioms, plain, emoji))
            word = rng.choice(pool)
            shape = rng.random()
            if shape < 0.1:
                word = word.upper()
            elif shape < 0.15:
                word = word.capitalize()
            elif shape < 0.2:
                word += rng.choice(("!", "!!!", "?", ",", ".", "'s", "…", "?!"))
            elif shape < 0.23:
                word = rng.choice(emoji) + word
            words.append(word)
        separator = rng.choice((" ", " ", "  ", " ' ", "\n"))
        texts.append(rng.choice(("", " ", "! ")) + separator.join(words))
    return texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_labelled_set_scores_exactly_as_the_package(analyzers, lang: str) -> None:
    stock, fast = analyzers[lang]
    texts = [row.text for row in read_labelled(DATA / f"sentiment_{lang}.csv")]
    if lang == "fr":
        texts += [french_negation(text) for text in texts]
    differing = [t for t in texts if fast.polarity_scores(t) != stock.polarity_scores(t)]
    assert differing == []
    assert len({fast.polarity_scores(t)["compound"] for t in texts}) > 100


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_randomized_corpus_scores_exactly_as_the_package(analyzers, lang: str) -> None:
    stock, fast = analyzers[lang]
    texts = random_texts(lang, 3000, seed=16)
    differing = [t for t in texts if fast.polarity_scores(t) != stock.polarity_scores(t)]
    assert differing == []
    # The corpus reaches the rules: negative, positive and neutral texts, with emoji.
    compounds = [fast.polarity_scores(t)["compound"] for t in texts]
    assert min(compounds) < -0.5 and max(compounds) > 0.5 and 0.0 in compounds
    assert sum(any(c in stock.emojis for c in t) for t in texts) > 300


def test_language_features_and_answers_are_py3langid_own(analyzers) -> None:
    _, identifier = language._plan(("fr", "en"))
    assert identifier is not None
    model = language._full_model()
    stock = type(model)(
        model.nb_ptc,
        model.nb_pc,
        model.nb_numfeats,
        model.nb_classes,
        model.tk_nextmove,
        model.tk_output,
        norm_probs=True,
    )
    stock.set_languages(identifier.nb_classes)
    assert type(stock) is not type(identifier)
    texts = [
        row.text for lang in ("fr", "en") for row in read_labelled(DATA / f"sentiment_{lang}.csv")
    ]
    texts += random_texts("fr", 500, seed=3) + random_texts("en", 500, seed=4) + ["", "😀"]
    for text in texts:
        ours, theirs = identifier.instance2fv(text), stock.instance2fv(text)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), text
        assert identifier.classify(text) == stock.classify(text), text


def test_language_best_is_py3langid_classify_when_sure(analyzers) -> None:
    """The detection reads ``best`` (only the winner's probability): the same language
    and probability as py3langid's ``classify`` whenever the winner has one half or
    more, hence the same detection (it keeps a language from 0.8 on)."""
    _, identifier = language._plan(("fr", "en"))
    model = language._full_model()
    stock = type(model)(
        model.nb_ptc,
        model.nb_pc,
        model.nb_numfeats,
        model.nb_classes,
        model.tk_nextmove,
        model.tk_output,
        norm_probs=True,
    )
    stock.set_languages(identifier.nb_classes)
    texts = [
        row.text for lang in ("fr", "en") for row in read_labelled(DATA / f"sentiment_{lang}.csv")
    ]
    texts += random_texts("fr", 1000, seed=5) + random_texts("en", 1000, seed=6)
    texts += ["", "😀", "a", "ok ok", "Hola, ¿qué tal? Muy bien, gracias.", "Guten Tag!"]
    sure = 0
    for text in texts:
        code, probability = stock.classify(text)
        ours = identifier.best(text)
        if probability >= 0.5:
            sure += 1
            assert ours == (code, probability), text
            assert type(ours[1]) is type(probability), text
        else:
            assert ours[1] < 0.5, text
    assert sure > 1500
