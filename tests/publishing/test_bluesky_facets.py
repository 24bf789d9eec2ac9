"""Facet detection: ranges in UTF-8 bytes, as Bluesky reads them."""

from __future__ import annotations

import pytest

from mostra.integrations.bluesky.facets import byte_offset, detect


def covered(text: str, resolve=lambda handle: None) -> list[tuple[str, str, str]]:
    raw = text.encode("utf-8")
    return [
        (f.kind, f.value, raw[f.byte_start : f.byte_end].decode("utf-8"))
        for f in detect(text, resolve)
    ]


def test_offsets_count_bytes_not_characters():
    text = "é🧀 https://a.example"
    assert byte_offset(text, 3) == 2 + 4 + 1
    facet = detect(text, lambda h: None)[0]
    assert (facet.byte_start, facet.byte_end) == (7, 7 + len("https://a.example"))


@pytest.mark.parametrize(
    "text, link",
    [
        ("Voir https://a.example/page.", "https://a.example/page"),
        ("(https://a.example/x)", "https://a.example/x"),
        (
            "https://fr.wikipedia.org/wiki/Comté_(fromage)!",
            "https://fr.wikipedia.org/wiki/Comté_(fromage)",
        ),
        ("« https://a.example/?q=1&r=2 »", "https://a.example/?q=1&r=2"),
        ("HTTPS://A.EXAMPLE/", "HTTPS://A.EXAMPLE/"),
    ],
)
def test_links_without_trailing_punctuation(text, link):
    assert covered(text) == [("link", link, link)]


def test_a_fragment_in_a_link_is_not_a_hashtag():
    assert covered("https://a.example/#menu #ok") == [
        ("link", "https://a.example/#menu", "https://a.example/#menu"),
        ("tag", "ok", "#ok"),
    ]


@pytest.mark.parametrize(
    "text, tags",
    [
        ("#Comté et #fromage!", ["Comté", "fromage"]),
        ("#2024 n'est pas un tag, #jo2024 oui", ["jo2024"]),
        ("mot#collé", []),
        ("#", []),
        ("＃pleinechasse", ["pleinechasse"]),
        ("#" + "a" * 65, []),
    ],
)
def test_hashtags(text, tags):
    assert [value for kind, value, _ in covered(text) if kind == "tag"] == tags


def test_mentions_resolve_to_dids_or_stay_plain():
    dids = {"alice.test": "did:plc:alice"}
    found = covered("Merci @alice.test, @bob.test et a@b.test.", dids.get)
    assert found == [("mention", "did:plc:alice", "@alice.test")]


def test_mentions_are_lowercased_for_resolution():
    seen = []
    covered("(@Alice.Example)", lambda h: seen.append(h))
    assert seen == ["alice.example"]
