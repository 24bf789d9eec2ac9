"""The language of a listened item, among the workspace's languages only: a text in
another language, or too short to judge, is unknown (``None``), never a guess."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from mostra.charter.models import Charter
from mostra.listening.enrichment import detect_language, workspace_languages
from mostra.listening.enrichment import language as language_module
from mostra.listening.enrichment.text import words_only

FRENCH = "Le vélo est réparé en deux jours, travail nickel, je recommande l'atelier"
ENGLISH = "Great service at the bike shop today, they fixed my brakes in ten minutes"
GERMAN = "Das Fahrrad wurde in zwei Tagen repariert, ich empfehle die Werkstatt sehr"


def test_a_french_text_is_french_among_french_and_english() -> None:
    lang, confidence = detect_language(FRENCH, ["fr", "en"])
    assert lang == "fr"
    assert 0.8 <= confidence <= 1.0


def test_an_english_text_is_english_among_french_and_english() -> None:
    assert detect_language(ENGLISH, ["fr", "en"])[0] == "en"


def test_a_french_text_in_an_english_only_workspace_is_unknown_not_english() -> None:
    assert detect_language(FRENCH, ["en"]) == (None, 0.0)
    assert detect_language(ENGLISH, ["en"])[0] == "en"


def test_a_language_the_workspace_does_not_listen_to_is_unknown() -> None:
    assert detect_language(GERMAN, ["fr", "en"]) == (None, 0.0)
    assert detect_language(GERMAN, ["de", "fr"])[0] == "de"


@pytest.mark.parametrize(
    "text",
    [
        "ok 👍",
        "Merci !",
        "😍😍😍🔥",
        "lol",
        "Top",
        "",
        "   ",
        "👏 @acme_fr #velo https://example.org/x",
    ],
)
def test_a_short_or_emoji_only_text_is_unknown(text: str) -> None:
    assert detect_language(text, ["fr", "en"]) == (None, 0.0)


def test_addresses_mentions_and_hashtags_are_not_read() -> None:
    assert words_only("Vu sur https://example.org/a?b=1 par @bob@mastodon.social #Sale ok") == (
        "Vu sur par ok"
    )
    assert words_only("écrivez à contact@example.org") == "écrivez à contact@example.org"
    # English tags and handles around a French sentence: French.
    text = "#BlackFriday #SuperSale @shop_official @deals.bsky.social Le magasin ouvre à 9h demain"
    assert detect_language(text, ["fr", "en"])[0] == "fr"
    # Only names are left once they are removed: too little to judge.
    assert (
        detect_language("#BonjourParis @la_mairie_de_paris https://paris.fr", ["fr", "en"])[0]
        is None
    )


def test_the_language_the_source_declares_is_taken_when_the_workspace_listens_to_it() -> None:
    assert detect_language("ok 👍", ["fr", "en"], declared="fr-FR") == ("fr", 1.0)
    assert detect_language(ENGLISH, ["fr", "en"], declared="FR") == ("fr", 1.0)
    # Declared but not listened to: the text is read instead.
    assert detect_language(ENGLISH, ["fr", "en"], declared="de")[0] == "en"
    assert detect_language("ok 👍", ["fr", "en"], declared="de") == (None, 0.0)


def test_allowed_codes_are_normalised_and_unknown_ones_ignored() -> None:
    assert detect_language(FRENCH, ["FR", "en-GB"])[0] == "fr"
    assert detect_language(FRENCH, ["fr_CA", "xx"])[0] == "fr"
    assert detect_language(FRENCH, []) == (None, 0.0)
    assert detect_language(FRENCH, ["xx"]) == (None, 0.0)


def test_one_identifier_per_set_of_languages_shared_by_threads() -> None:
    texts = [FRENCH, ENGLISH, GERMAN] * 20
    sets = [("fr", "en"), ("en",), ("de", "fr"), ("fr", "en", "es")]
    expected = {(text, s): detect_language(text, s) for text in texts for s in sets}
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda args: (args, detect_language(*args)), list(expected) * 3))
    assert all(expected[args] == result for args, result in found)
    ranked = frozenset({"fr", "en", *language_module.NEIGHBOURS})
    first = language_module._identifier(ranked)
    assert language_module._identifier(frozenset(ranked)) is first
    # Each set trims its own copy: the set of two never sees the others' languages.
    assert sorted(language_module._identifier(frozenset({"de", "fr"})).nb_classes) == ["de", "fr"]


@pytest.mark.django_db
def test_a_workspace_listens_in_its_charters_language_and_english(workspace) -> None:
    assert workspace_languages(workspace) == ("fr", "en")  # no charter saved: its default
    Charter.objects.create(workspace=workspace, language="en")
    workspace.refresh_from_db()
    assert workspace_languages(workspace) == ("en",)
    Charter.objects.filter(workspace=workspace).update(language="fr")
    workspace.refresh_from_db()
    assert workspace_languages(workspace) == ("fr", "en")


def test_a_long_article_is_judged_on_its_beginning() -> None:
    article = (FRENCH + ". ") * 10 + ENGLISH * 200
    assert len(article) > 10 * language_module.MAX_CHARS
    assert detect_language(article, ["fr", "en"])[0] == "fr"
    assert detect_language(ENGLISH * 10 + FRENCH * 200, ["fr", "en"])[0] == "en"
