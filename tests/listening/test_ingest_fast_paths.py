"""The ingest's shortcuts give what the plain computations give: the worker's hot path
(``worker.values_of``) stores what :func:`enrich` finds (the language, the declared one
first, and the sentiment's rounded score, for titled and untitled items, declared or
detected languages, in and out of the workspace's); the near-duplicate key drops the
same accents and counts the same letters as testing each character."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from pathlib import Path

from mostra.listening.enrichment import enrich
from mostra.listening.enrichment.evaluation import read_labelled
from mostra.listening.enrichment.worker import values_of
from mostra.listening.items import FetchedItem
from mostra.listening.services import duplicates

DATA = Path(__file__).resolve().parent / "data"


def test_values_of_are_what_enrich_finds() -> None:
    texts = [
        row.text for lang in ("fr", "en") for row in read_labelled(DATA / f"sentiment_{lang}.csv")
    ]
    shapes = [(None, None), ("Avis client", None), (None, "fr"), (None, "en-GB"), (None, "es")]
    checked = 0
    for n, text in enumerate(texts):
        title, declared = shapes[n % len(shapes)]
        for allowed in (("fr", "en"), ("fr",), ("de",)):
            found = enrich(FetchedItem(guid=str(n), text=text, title=title, lang=declared), allowed)
            expected = (
                (declared or found.lang or "")[:8],
                found.sentiment.score if found.sentiment else None,
            )
            assert values_of(title, text, declared, allowed) == expected, text
            checked += 1
    assert checked > 3000


def _reference_key(title: str, text: str) -> str:
    """``text_key`` as it was written first: each character tested, every letter counted."""
    words = duplicates._URL.sub(" ", f"{title} {text}")
    words = duplicates._MENTION.sub(" ", words)
    folded = unicodedata.normalize("NFKD", words.casefold())
    plain = "".join([c for c in folded if not unicodedata.combining(c)])
    normalised = duplicates._NOT_WORD.sub(" ", plain).strip()
    if sum(map(str.isalpha, normalised)) < duplicates.MIN_LETTERS:
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


def test_near_duplicate_keys_are_the_reference_ones() -> None:
    texts = [
        row.text for lang in ("fr", "en") for row in read_labelled(DATA / f"sentiment_{lang}.csv")
    ]
    rng = random.Random(16)
    # Accents of every script, combining marks beyond the BMP (musical, Tai), emoji,
    # digits and numerals that are not letters, short and long texts.
    stock = list("éèêëàçœßøåñüÿ ÁÉ ǅ ḯ ẫ ệ ō") + ["\U0001d165", "\U0001d16d", "\U00011133"]
    stock += [
        "😀",
        "👍🏽",
        "²",
        "½",
        "٣",
        "一",
        "ا",
        "ภาษาไทย",
        "tiếng Việt",
        "e\u0301",
        "123",
        "_",
        " ",
        "@x",
        "https://a.b/c",
    ]
    for _ in range(3000):
        texts.append(
            "".join(rng.choice(stock + ["a", "b", "z"] * 4) for _ in range(rng.randint(0, 60)))
        )
    differing = [t for t in texts if duplicates.text_key("", t) != _reference_key("", t)]
    assert differing == []
    assert len({duplicates.text_key("", t) for t in texts}) > 2000
    assert duplicates.text_key(
        "Titre", "Ça coûte très cher, vraiment trop cher 😡"
    ) == _reference_key("Titre", "Ça coûte très cher, vraiment trop cher 😡")


def test_idioms_and_phrases_around_a_sentiment_word_score_as_the_packages() -> None:
    """Every idiom and booster of several words, at each distance before, around and
    after a sentiment word (the window the one-pass scorer looks at), in capitals or
    not: the packages' scores."""
    import warnings

    from mostra.listening.enrichment.analyzers import English, French

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*SequenceMatcher.*")
        import vaderSentiment.vaderSentiment as vader_en  # type: ignore[import-untyped]
        import vaderSentiment_fr.vaderSentiment as vader_fr  # type: ignore[import-untyped]

    cases = [
        (vader_en, English(), ["good", "bad", "kiss", "heart", "die", "love"], "the app and"),
        (vader_fr, French(), ["bon", "nul", "super", "mal", "heureux"], "le service et"),
    ]
    checked = 0
    for module, fast, sentiment_words, filler in cases:
        stock = module.SentimentIntensityAnalyzer()
        phrases = [k for k in (*module.SPECIAL_CASES, *module.BOOSTER_DICT) if " " in k]
        phrases += ["no", "least", "at least", "never so", "without doubt", "not", "pas"]
        for phrase in phrases:
            for word in sentiment_words + phrase.split():
                for before in range(5):
                    for after in range(4):
                        words = filler.split()[:before] + [word]
                        words[max(0, len(words) - 1 - after) : max(0, len(words) - 1 - after)] = [
                            phrase
                        ]
                        for text in (
                            " ".join(words),
                            " ".join([*words, phrase, "ok"]),
                            " ".join(words).upper() + " merci",
                            f"{filler} {word} {phrase} {filler}",
                        ):
                            assert fast.polarity_scores(text) == stock.polarity_scores(text), text
                            checked += 1
    assert checked > 5000
