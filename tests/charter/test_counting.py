"""Counting characters the networks' ways, on texts known to trip counters up."""

from __future__ import annotations

import pytest

from mostra.charter import counting
from mostra.charter.limits import limits_for

THUMB_MEDIUM = "👍🏽"  # thumbs up + skin tone modifier: 2 code points
FAMILY = "👨\u200d👩\u200d👧\u200d👦"  # ZWJ family: 7 code points
FLAG_FR = "🇫🇷"  # two regional indicators
ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # tag sequence
KEYCAP = "1️⃣"
E_COMBINING = "e\u0301"  # e + combining acute accent (decomposed é)
MELTING = "🫠"  # Unicode 14, after twitter-text-parser's emoji list


@pytest.mark.parametrize(
    ("text", "graphemes"),
    [
        (THUMB_MEDIUM, 1),
        (FAMILY, 1),
        (FLAG_FR, 1),
        (ENGLAND, 1),
        (KEYCAP, 1),
        (E_COMBINING, 1),
        ("Cafe\u0301 cre\u0300me", 10),
        ("日本語", 3),
        ("Bonjour " + FAMILY + " " + FLAG_FR, 11),
        ("", 0),
    ],
)
def test_graphemes_count_what_people_see(text: str, graphemes: int) -> None:
    assert counting.grapheme_count(text) == graphemes
    assert len(text) >= graphemes  # len() counts code points, and lies


@pytest.mark.parametrize(
    ("text", "weighted"),
    [
        ("hello", 5),
        ("héllo", 5),  # Latin-1 accents weigh 1
        ("he\u0301llo", 5),  # NFC first: the combining accent composes into é
        ("日本語", 6),  # CJK weighs 2
        ("こんにちは", 10),
        ("Привет", 6),  # Cyrillic weighs 1
        (THUMB_MEDIUM, 2),  # an emoji sequence weighs 2, however many code points
        (FAMILY, 2),
        (FLAG_FR, 2),
        (MELTING, 2),
        (KEYCAP, 2),
        ("“quotes” — dash…", 17),  # quotes and dash weigh 1, the ellipsis U+2026 weighs 2
        ("english text 日本語 😷 https://example.com", 46),  # twitter-text's own example
    ],
)
def test_x_weighted_length(text: str, weighted: int) -> None:
    assert counting.x_weighted_length(text) == weighted


@pytest.mark.parametrize(
    "url",
    [
        "https://a.co",
        "http://example.com",
        "https://example.com/" + "a" * 200,
        "https://www.lemonde.fr/economie/article/2026/11/30/un-titre-tres-long_123.html?x=1",
        "example.com",
        "mostra.app/demo",
        "lemonde.fr/article",
        "www.example.org",
    ],
)
def test_every_url_counts_23_on_x(url: str) -> None:
    assert counting.x_weighted_length(f"Voir {url} !") == len("Voir ") + 23 + len(" !")


def test_bare_country_domain_without_path_is_not_a_link() -> None:
    # twitter-text links "lemonde.fr" only with a path: "Bonjour.je" is not a link either.
    assert counting.find_urls("lemonde.fr. Bonjour.je suis là") == []
    assert counting.x_weighted_length("lemonde.fr") == 10


def test_url_trailing_punctuation_is_not_part_of_the_link() -> None:
    urls = counting.find_urls("Lire https://example.com/a, puis (https://example.org/b).")
    assert [u for _s, _e, u in urls] == ["https://example.com/a", "https://example.org/b"]


def test_mixed_text_on_x() -> None:
    text = f"Atelier {FLAG_FR} 日本 https://example.com/{'x' * 80} {FAMILY}"
    assert counting.x_weighted_length(text) == len("Atelier ") + 2 + 1 + 4 + 1 + 23 + 1 + 2


def test_mastodon_counts_links_as_23_and_remote_mentions_by_username() -> None:
    long_link = "https://example.org/" + "x" * 100
    assert counting.mastodon_length(f"@camille@mastodon.social merci {long_link}") == (
        len("@camille merci ") + 23
    )
    # Without a scheme Mastodon does not see a link.
    assert counting.mastodon_length("example.org") == 11
    assert counting.mastodon_length(FAMILY + E_COMBINING) == 2


def test_bluesky_counts_graphemes_and_bytes() -> None:
    measured = counting.count_for(limits_for("bluesky"), FAMILY * 10)
    assert measured.count == 10
    assert measured.bytes == 250  # 7 code points of 4, 4, 4, 4 + 3 × ZWJ (3 bytes)
    assert measured.bytes_max == 3000


def test_emoji_count() -> None:
    assert counting.emoji_count(f"Vélo {THUMB_MEDIUM}{FAMILY} {FLAG_FR} ❤️ © 1 #") == 4
