"""The two-stage matcher gives exactly the reference evaluator's results.

A property test (hypothesis) draws queries of every construct from a tiny vocabulary,
so that they often match, and items from the same words with accents, case, hashtags,
mentions and fields; a seeded corpus of 20,000 items and 2,000 queries of realistic
shapes (tests/listening/query_corpus.py) compares the two on every pair.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mostra.listening.items import FetchedItem
from mostra.listening.query import Document, Matcher, compile_query, parse, reference_match
from mostra.listening.query.folding import fold
from mostra.listening.query.reference import Reference, word_matches
from mostra.listening.query.syntax import And, FieldIs, Near, Node, Not, Or, Phrase
from tests.listening.query_corpus import Corpus

WORDS = ["velo", "vélo", "Velo", "atelier", "lyon", "acme", "ACME", "bon"]
QUERY_WORDS = ["velo", "atelier", "lyon", "acme", "bon", "vel*", "ly?n", "{ACME}", "{Velo}"]

word = st.sampled_from(QUERY_WORDS)
leaf = st.one_of(
    word,
    st.sampled_from(["#velo", "@acme", "#vel*", "lang:fr", "country:fr", "site:example.com"]),
    st.sampled_from(["url:news", "author:acme", "title:velo", "title:atelier"]),
    st.builds(lambda a, b: f'"{a} {b}"', word, word),
    st.builds(lambda a, b, n: f'"{a} {b}"~{n}', word, word, st.integers(0, 3)),
)
positional = st.one_of(word, st.builds(lambda a, b: f'"{a} {b}"', word, word))
near = st.builds(
    lambda a, b, n, f: f"({a} NEAR/{n}{'f' if f else ''} {b})",
    st.one_of(positional, st.builds(lambda a, b: f"({a} OR {b})", positional, positional)),
    positional,
    st.integers(0, 3),
    st.booleans(),
)
query = st.recursive(
    st.one_of(leaf, near),
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a} AND {b})", inner, inner),
        st.builds(lambda a, b: f"({a} {b})", inner, inner),
        st.builds(lambda a, b: f"({a} OR {b})", inner, inner),
        st.builds(lambda a, b: f"({a} NOT {b})", inner, inner),
        st.builds(lambda a, b: f"({a} -{b})", inner, inner),
    ),
    max_leaves=6,
)
text_word = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: "#" + w),
    st.sampled_from(WORDS).map(lambda w: "@" + w),
    st.sampled_from(["l'atelier", "vélo-cargo", "velotaf", "lion", "x"]),
)
item = st.builds(
    lambda words, title, lang, country, host, author: FetchedItem(
        guid="g",
        text=" ".join(words),
        title=" ".join(title) if title else None,
        lang=lang,
        country=country,
        url=f"https://{host}/news/1" if host else None,
        author=author,
    ),
    st.lists(text_word, max_size=12),
    st.lists(text_word, max_size=3),
    st.sampled_from([None, "fr", "en", "fr-CA"]),
    st.sampled_from([None, "FR", "GB"]),
    st.sampled_from([None, "example.com", "blog.example.com", "other.org"]),
    st.sampled_from([None, "@acme", "Jean"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(query, min_size=1, max_size=8), st.lists(item, min_size=1, max_size=8))
def test_the_matcher_agrees_with_the_reference(queries: list[str], items: list[FetchedItem]):
    compiled = {}
    for number, text in enumerate(queries):
        try:
            compiled[number] = compile_query(text)
        except ValueError:
            continue  # e.g. only exclusions: refused, nothing to match
    matcher = Matcher(compiled)
    for it in items:
        doc = Document.of(it)
        expected = {n for n, q in compiled.items() if reference_match(q.tree, doc)}
        assert matcher.match(it) == expected, (it, [queries[n] for n in compiled])


# Queries the presearch decides alone (words, hashtags, fields, AND and OR of them):
# finding their anchors must be exactly their match.
plain = st.sampled_from(
    ["velo", "atelier", "lyon", "acme", "#velo", "@acme", "lang:fr", "country:fr"]
    + ["site:example.com", "author:acme", "title:velo", "title:#velo"]
)
decided_query = st.recursive(
    plain,
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a} {b})", inner, inner),
        st.builds(lambda a, b: f"({a} OR {b})", inner, inner),
    ),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(decided_query, min_size=1, max_size=6), st.lists(item, min_size=1, max_size=6))
def test_what_the_presearch_decides_alone_agrees_with_the_reference(
    queries: list[str], items: list[FetchedItem]
) -> None:
    compiled = {n: compile_query(text) for n, text in enumerate(queries)}
    matcher = Matcher(compiled)
    for it in items:
        doc = Document.of(it)
        expected = {n for n, q in compiled.items() if reference_match(q.tree, doc)}
        assert matcher.match(it) == expected, (it, queries)


# The large seeded corpus ------------------------------------------------------------
#
# The reference evaluator on 40 million pairs would take an hour: it is run on every
# pair that an obviously sound filter keeps, written independently of the presearcher
# (an inverted index of each item's tokens and fields, intersected for AND and NEAR,
# united for OR, everything for a NOT or for an OR with a NOT among its alternatives).


class Oracle:
    """The items (by number) each query could possibly match."""

    def __init__(self, docs: list[Document]) -> None:
        self.every = frozenset(range(len(docs)))
        self.by_token: dict[str, set[int]] = defaultdict(set)
        self.fields: list[Reference] = []
        self.cache: dict[object, frozenset[int]] = {}
        self.by_field: dict[tuple[str, str | None], set[int]] = defaultdict(set)
        for number, doc in enumerate(docs):
            reference = Reference(doc)
            for name, value in (
                ("lang", doc.lang),
                ("lang", doc.lang_primary),
                ("country", doc.country),
                ("author", doc.author),
            ):
                self.by_field[name, value].add(number)
            labels = (doc.site or "").split(".")
            for start in range(len(labels)):
                self.by_field["site", ".".join(labels[start:])].add(number)
            self.fields.append(reference)
            for _position, folded, _raw in reference.tokens:
                self.by_token[folded].add(number)  # #velo for the hashtag
                self.by_token[folded.lstrip("#@")].add(number)  # velo for the word

    def possible(self, node: Node) -> frozenset[int]:
        if isinstance(node, Phrase):
            first = node.words[0]
            if first.case_sensitive:  # its folded form: a superset
                first = replace(first, pattern=fold(first.pattern), case_sensitive=False)
            if not first.wildcard:
                return frozenset(self.by_token.get(first.token, ()))
            if first not in self.cache:
                found: set[int] = set()
                for token, numbers in self.by_token.items():
                    if word_matches(first, token, token):
                        found |= numbers
                self.cache[first] = frozenset(found)
            return self.cache[first]
        if isinstance(node, FieldIs):
            if node.name != "url":
                return frozenset(self.by_field.get((node.name, node.value), ()))
            if node not in self.cache:  # few distinct URL parts: each read on every item
                self.cache[node] = frozenset(n for n, r in enumerate(self.fields) if r.field(node))
            return self.cache[node]
        if isinstance(node, Not):
            return self.every
        if isinstance(node, Near):
            return self.possible(node.left) & self.possible(node.right)
        if isinstance(node, And):
            result = self.every
            for child in node.children:
                result = result & self.possible(child)
            return result
        if isinstance(node, Or):
            return frozenset().union(*(self.possible(c) for c in node.children))
        raise TypeError(node)


def test_the_matcher_agrees_with_the_reference_on_a_large_seeded_corpus() -> None:
    corpus = Corpus(seed=11, brand_count=400, brand_rate=0.3)
    texts = corpus.queries(2000, anchorless=2)
    compiled = {n: compile_query(t) for n, t in enumerate(texts)}
    items = corpus.items(20000)
    docs = [Document.of(it) for it in items]
    matcher = Matcher(compiled)
    got: dict[int, set[int]] = defaultdict(set)
    for number, doc in enumerate(docs):
        for key in matcher.match(doc):
            got[key].add(number)
    oracle = Oracle([Document.of(it) for it in items])
    expected: dict[int, set[int]] = defaultdict(set)
    checked = 0
    for key, q in compiled.items():
        for number in oracle.possible(q.tree):
            checked += 1
            if oracle.fields[number].matches(q.tree):
                expected[key].add(number)
    assert got == expected
    matches = sum(len(v) for v in got.values())
    # A corpus that tests something: many matches, of most queries, on few items each.
    assert matches > 20000, matches
    assert len(got) > 1500
    assert checked < 2_000_000


def test_the_seeded_queries_all_read() -> None:
    for text in Corpus(seed=11, brand_count=400).queries(2000, anchorless=2):
        parse(text)


def test_the_presearch_leaves_out_the_queries_whose_words_are_absent() -> None:
    corpus = Corpus(seed=3, brand_count=400)
    texts = corpus.queries(1000, anchorless=1)
    matcher = Matcher({n: compile_query(t) for n, t in enumerate(texts)})
    assert [texts[n] for n in matcher.always] == [texts[-1]]  # "x OR NOT y": no anchor
    assert matcher.candidates(Document("Rien à voir : zzz qqq.")) == set(matcher.always)
    number, brand = next((n, t) for n, t in enumerate(texts) if t.isalpha())  # a brand alone
    with_brand = Document(f"Nouveau chez {brand.capitalize()} ce matin")
    assert number in matcher.match(with_brand)
    assert len(matcher.candidates(with_brand)) < 20
