"""What a query matches, read on items as a user would check them: folding, hashtags
and mentions, phrases and proximity, NEAR, wildcards, case, fields, the title. Each
case is checked with the exact evaluator, the reference evaluator and the matcher."""

from __future__ import annotations

import pytest

from mostra.listening.items import FetchedItem
from mostra.listening.query import Document, Matcher, compile_query, reference_match
from mostra.listening.query.folding import fold, fold_words, tokens


def item(text: str, **fields: str | None) -> FetchedItem:
    return FetchedItem(guid="1", text=text, **fields)


def matches(query: str, it: FetchedItem) -> bool:
    compiled = compile_query(query)
    exact = compiled.matches(it)
    reference = reference_match(compiled.tree, Document.of(it))
    matched = Matcher({"q": compiled}).match(it) == {"q"}
    assert exact == reference == matched, (query, it.text, exact, reference, matched)
    return exact


CASES = [
    # Accents and case are folded on both sides.
    ("vélo", "Le VELO de Lyon", True),
    ("VELO", "un vélo", True),
    ("oeuvre", "Une Œuvre d'art", True),
    ("vélo", "un ve\u0301lo", True),  # the accent written apart (decomposed text)
    ('"vélo lyon"', "🚲Vélo🚲 Lyon 👍🏽", True),  # emoji are boundaries
    ("#velo", "merci 🚲#vélo", True),
    ('"atelier velo"', "atelier 🚲 vélo", True),  # not a word: nothing between them
    ("{Vélo}", "un Ve\u0301lo", True),
    ("strasse", "Hauptstraße 5", False),  # one word: hauptstrasse
    ("hauptstrasse", "Hauptstraße 5", True),
    ("acme", "𝐀𝐂𝐌𝐄 rocks", True),
    # Whole words only; apostrophes and hyphens separate words.
    ("velo", "velos et velocipedes", False),
    ("atelier", "l'atelier est ouvert", True),
    ("velo-cargo", "un vélo cargo", True),
    ("velo-cargo", "un cargo vélo", False),
    # A word matches its hashtag and mention; a hashtag only a hashtag.
    ("reparation", "Merci #Réparation", True),
    ("#reparation", "merci pour la réparation", False),
    ("#reparation", "merci #réparation!", True),
    ("@acme_fr", "merci @ACME_FR", True),
    ("@acme_fr", "merci acme_fr", False),
    ("velo", "velo#cargo", True),
    # Phrases: side by side, in order; ~n: any order, at most n words among them.
    ('"atelier vélo"', "L'atelier Vélo de Lyon", True),
    ('"atelier vélo"', "vélo atelier", False),
    ('"atelier vélo"~0', "vélo atelier", True),
    ('"atelier vélo"~1', "atelier de vélo", True),
    ('"atelier vélo"~1', "atelier de la vélo", False),
    ('"service client"~3', "le client a aimé le service", True),
    ('"bon bon"~1', "un bon gâteau", False),  # one position cannot serve twice
    ('"bon bon"~1', "bon et bon", True),
    # NEAR: at most n words between; /nf: left first.
    ("logitech NEAR/2f keyboard", "Logitech Solar Bluetooth keyboard", True),
    ("logitech NEAR/2f keyboard", "Logitech Solar Bluetooth Slim keyboard", False),
    ("logitech NEAR/2f keyboard", "keyboard by Logitech", False),
    ("logitech NEAR/2 keyboard", "keyboard by Logitech", True),
    ("(apple OR orange) NEAR/1 (phone OR smartphone)", "orange smart phone", True),
    ("(apple OR orange) NEAR/0 (phone OR smartphone)", "orange smart phone", False),
    ('"atelier velo" NEAR/1 lyon', "atelier vélo à Lyon", True),
    ("a NEAR/1 b NEAR/1 c", "a b x c", True),
    ("a NEAR/1 b NEAR/1 c", "a x x b c", False),
    ("acme NEAR/3 acme", "acme only once", False),
    # Wildcards: * any run (even none), ? exactly one character, never across words.
    ("répar*", "les réparateurs", True),
    ("repar*", "repar", True),
    ("colo?r", "colour and color", True),
    ("colo?r", "the color", False),
    ("velo*", "vel", False),
    ("#velo*", "#vélotaf", True),
    ("#velo*", "vélotaf", False),
    ("ve*o", "vélo cargo", True),
    # Braces: case (and accents) as written.
    ("{ACME}", "ACME rocks", True),
    ("{ACME}", "acme rocks", False),
    ("{Élan}", "Elan vital", False),
    ("{Élan}", "L'Élan", True),
    ("{ACME} -job*", "ACME jobs", False),
    # AND, OR, NOT.
    ('("atelier vélo" OR #réparation) NOT vente', "L'atelier vélo ouvre", True),
    ('("atelier vélo" OR #réparation) NOT vente', "#Réparation et vente", False),
    ("acme OR NOT pluie", "il fait beau", True),
    ("acme OR NOT pluie", "il pleut, pluie", False),
    # Decided by the presearch alone only when finding an anchor means a match.
    ("(acme lyon) OR velo", "acme à Paris", False),
    ("(acme lyon) OR velo", "acme à Lyon", True),
    ("acme (lyon OR paris) lang:fr", "acme à Lyon", False),
    ("acme lyon", "lyon", False),
]


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_a_query_matches_what_a_user_expects(query: str, text: str, expected: bool) -> None:
    assert matches(query, item(text)) is expected


@pytest.mark.parametrize(
    ("query", "fields", "expected"),
    [
        ("acme lang:fr", {"lang": "fr"}, True),
        ("acme lang:fr", {"lang": "fr-CA"}, True),
        ("acme lang:fr", {"lang": "en"}, False),
        ("acme lang:fr", {}, False),
        ("acme country:fr", {"country": "FR"}, True),
        ("acme site:example.com", {"url": "https://news.example.com/a"}, True),
        ("acme site:example.com", {"url": "https://www.example.com/a"}, True),
        ("acme site:example.com", {"url": "https://notexample.com/a"}, False),
        ("acme url:example.com/news", {"url": "https://example.com/news/1"}, True),
        ("acme url:example.com/news", {"url": "https://example.com/blog/1"}, False),
        ('acme author:"Jean Dupont"', {"author": "Jean DUPONT"}, True),
        ("acme author:@acme_fr", {"author": "@acme_fr"}, True),
        ("acme author:acme_fr", {"author": "someone"}, False),
        ("title:lancement", {"title": "Le lancement"}, True),
        ("title:acme", {"title": "Le lancement"}, False),
        ('title:"le lancement"', {"title": "Le lancement"}, True),
        ("title:acme", {"title": "Le lancement"}, False),
        ("lancement", {"title": "Le lancement"}, True),  # a plain word: title or text
        ('"lancement acme"', {"title": "Le lancement"}, False),  # never across the two
    ],
)
def test_fields_read_the_item(query: str, fields: dict[str, str], expected: bool) -> None:
    assert matches(query, item("acme rocks", **fields)) is expected


def test_folding_keeps_the_words_where_they_were() -> None:
    text = "L'Œuvre d'ÉLAN ½ 𝐀𝐂𝐌𝐄 #Vélo_Lyon @Straße İstanbul"
    assert len(tokens(text)) == len(tokens(fold(text)))
    assert tokens(fold(text)) == [
        "l", "oeuvre", "d", "elan", "½", "acme", "#velo_lyon", "@strasse", "istanbul"
    ]  # fmt: skip


def test_the_fast_folding_of_french_text_is_the_tables() -> None:
    """Text Windows-1252 can encode is folded through a byte table: the same result as
    the translation table, character by character and in words."""
    import unicodedata

    from mostra.listening.query.folding import _table

    chars = []
    for code in range(256):
        try:
            chars.append(bytes([code]).decode("cp1252"))
        except UnicodeDecodeError:
            continue
    for char in chars:
        text = f"É{char}Œ"  # not ASCII: the byte table's way
        assert fold(text) == unicodedata.normalize("NFC", text).translate(_table()), char
    assert fold("L’Œuvre « Straße » coûte 5 € … µ") == "l’oeuvre « strasse » coute 5 € … μ"
    # Tokenising may turn an emoji into a boundary: the same words at the same places.
    for text in ("Vélo 🚲🚲 Lyon", "αβ 🚲 é", "e\u0301 🚲", "a_🚲b", "𝐀𝐂𝐌𝐄 👍🏽 ok"):
        assert tokens(fold_words(text)) == tokens(fold(text))
