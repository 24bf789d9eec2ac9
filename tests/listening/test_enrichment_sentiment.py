"""The sentiment of a listened item in French or English: VADER's compound score and
its label; no sentiment in another language."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from mostra.listening.enrichment import SentimentLabel, enrich, label_of, sentiment
from mostra.listening.enrichment.sentiment import Thresholds, analyzer, french_negation
from mostra.listening.items import FetchedItem

POSITIVE, NEUTRAL, NEGATIVE = (
    SentimentLabel.POSITIVE,
    SentimentLabel.NEUTRAL,
    SentimentLabel.NEGATIVE,
)


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("Merci à l'équipe pour ce super accueil, c'était parfait 😍", "fr", POSITIVE),
        ("Très bonne expérience, je recommande !", "fr", POSITIVE),
        ("Très mauvaise expérience chez ce garagiste, facture gonflée", "fr", NEGATIVE),
        ("Produit défectueux, remboursement refusé, je suis furieux 😡", "fr", NEGATIVE),
        ("La boulangerie sera fermée du 5 au 20 août", "fr", NEUTRAL),
        ("Thank you for the lovely welcome, everything was perfect 😍", "en", POSITIVE),
        ("Great food and friendly staff, highly recommend!", "en", POSITIVE),
        ("Terrible service, rude staff and a broken product", "en", NEGATIVE),
        ("This update is awful, the app crashes all the time 😡", "en", NEGATIVE),
        ("The bakery will be closed from 5 to 20 August", "en", NEUTRAL),
    ],
)
def test_clear_cases(text: str, lang: str, label: SentimentLabel) -> None:
    found = sentiment(text, lang)
    assert found is not None
    assert found.label == label, found


def test_negation_turns_a_negative_word_positive() -> None:
    assert sentiment("mauvais", "fr").label == NEGATIVE
    assert sentiment("pas mauvais du tout", "fr").label == POSITIVE
    assert sentiment("bad", "en").label == NEGATIVE
    assert sentiment("not bad at all", "en").label == POSITIVE


def test_french_negation_around_the_verb_is_read() -> None:
    """« ne … pas » surrounds the verb; VADER looks only before the word."""
    assert french_negation("je n'aime pas") == "je pas aime"
    assert french_negation("Je ne le recommande pas du tout") == "Je pas le recommande du tout"
    assert french_negation("ça ne marche plus") == "ça plus marche"
    assert french_negation("ce n’est jamais bon") == "ce jamais est bon"
    assert french_negation("pas mal du tout") == "pas mal du tout"
    assert sentiment("j'aime", "fr").label == POSITIVE
    assert sentiment("je n'aime pas", "fr").label == NEGATIVE
    assert sentiment("je recommande", "fr").label == POSITIVE
    assert sentiment("je ne recommande pas du tout", "fr").label == NEGATIVE


def test_other_or_unknown_languages_have_no_sentiment() -> None:
    assert sentiment("Das ist wirklich schlecht", "de") is None
    assert sentiment("Great!", None) is None
    assert sentiment("Génial !", "fr-FR").label == POSITIVE  # a regional code is its language


def test_the_score_stays_between_minus_one_and_one() -> None:
    loud = "AMAZING!!! best best best ever, love love love it 😍😍😍 " * 20
    grim = "HORRIBLE!!! worst awful disgusting, hate hate hate it 😡😡😡 " * 20
    assert 0.9 < sentiment(loud, "en").score <= 1.0
    assert -1.0 <= sentiment(grim, "en").score < -0.9
    assert -1.0 <= sentiment("nul nul nul horrible catastrophe " * 20, "fr").score < -0.9


def test_the_cut_between_labels() -> None:
    cut = Thresholds(positive=0.05, negative=-0.05)
    assert [cut.label(s) for s in (-0.5, -0.05, -0.0499, 0.0, 0.0499, 0.05, 0.9)] == [
        NEGATIVE,
        NEGATIVE,
        NEUTRAL,
        NEUTRAL,
        NEUTRAL,
        POSITIVE,
        POSITIVE,
    ]


def test_a_stored_score_gets_its_label_back() -> None:
    found = sentiment("Accueil horrible, je suis furieux", "fr")
    assert label_of(found.score, "fr") == found.label == NEGATIVE
    assert label_of(0.02, "en-GB") == NEUTRAL
    assert label_of(None, "fr") is None
    assert label_of(0.5, "de") is None


def test_each_analyzer_is_loaded_once_for_all_threads() -> None:
    texts = ["Super accueil, merci !", "Accueil horrible."] * 50
    with ThreadPoolExecutor(max_workers=8) as pool:
        labels = list(pool.map(lambda t: sentiment(t, "fr").label, texts))
    assert labels == [POSITIVE, NEGATIVE] * 50
    assert analyzer("fr") is analyzer("fr")
    assert analyzer("fr") is not analyzer("en")


def test_nothing_is_loaded_before_the_first_item() -> None:
    """Importing the enrichment (as the web app does) loads no lexicon and no model."""
    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'mostra.settings'; "
        "django.setup(); import mostra.listening.enrichment; "
        "print(sorted(m for m in ('vaderSentiment', 'vaderSentiment_fr', 'py3langid') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_loading_the_french_analyzer_raises_no_warning() -> None:
    """fuzzywuzzy warns at import that its matcher is slow; mostra never uses it, and
    silences the warning: with warnings as errors, loading still works."""
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'mostra.settings'; "
        "django.setup(); from mostra.listening.enrichment import sentiment; "
        "print(sentiment('Super accueil, merci !', 'fr').label)"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "positive"
    assert "SequenceMatcher" not in done.stderr


def test_an_item_is_enriched_with_its_language_and_sentiment() -> None:
    item = FetchedItem(
        guid="at://did:plc:x/app.bsky.feed.post/1",
        text="Le bus est encore en retard, c'est nul, trois fois cette semaine 😡",
        network="bluesky",
    )
    found = enrich(item, ("fr", "en"))
    assert found.lang == "fr"
    assert found.lang_confidence >= 0.8
    assert found.sentiment is not None and found.sentiment.label == NEGATIVE

    titled = FetchedItem(
        guid="https://example.org/a", title="Great news", text="We love the new tram line"
    )
    assert enrich(titled, ("fr", "en")).sentiment.label == POSITIVE

    german = FetchedItem(guid="g", text="Das Fahrrad wurde in zwei Tagen repariert, danke")
    assert enrich(german, ("fr", "en")) == enrich(german, ("fr", "en"))
    assert enrich(german, ("fr", "en")).lang is None
    assert enrich(german, ("fr", "en")).sentiment is None
