"""Benchmark: matching tweet-sized items against 10,000 stored listening queries.

    .venv/bin/python bench/listening_matcher.py [--queries 10000] [--items 20000]
        [--sample 20] [--runs 5]

The queries and items are generated, seeded (tests/listening/query_corpus.py): queries
of the shapes teams write (brand names from a generated vocabulary alone or with their
variants, phrases, context with AND, NEAR and NEAR/nf, exclusions, fields, wildcards,
``~``, case-sensitive words), French and English items of 10 to 40 words from word
lists with Zipf-like frequencies, 5 % of them naming a brand (``--brand-rate``): most
items match nothing, a few match. One process, one core.

Two comparisons, each interleaved in the same run (``timing.compare``):

1. the matcher, with the queries' full semantics, on every item, against the floor of
   any presearch: a keyword-only Aho-Corasick prefilter over each query's first word
   with a boundary check in Python (issue 16's anchor: about 114,000 items/s at 10,000
   patterns on this machine);
2. the matcher against the reference evaluator (every query's tree read on the item,
   :mod:`mostra.listening.query.reference`) on ``--sample`` items, the ratio being the
   two-stage design's gain; their results are checked equal.

The last line is the JSON of ``timing.emit``.
"""

from __future__ import annotations

import argparse
import sys

from timing import ROOT, compare, emit, load_average, report

sys.path.insert(0, str(ROOT))

import ahocorasick  # noqa: E402

from mostra.listening.query import Document, Matcher, compile_query  # noqa: E402
from mostra.listening.query.folding import fold, warm_up  # noqa: E402
from mostra.listening.query.reference import Reference  # noqa: E402
from tests.listening.query_corpus import Corpus  # noqa: E402


def keyword_prefilter(keywords: list[str]):
    """The floor: which keywords are in a text, as whole words (folded)."""
    automaton = ahocorasick.Automaton()
    for number, keyword in enumerate(keywords):
        automaton.add_word(keyword, number)
    automaton.make_automaton()

    def find(text: str) -> set[int]:
        folded = fold(text)
        found = set()
        for end, number in automaton.iter(folded):
            start = end - len(keywords[number]) + 1
            before = folded[start - 1] if start else " "
            after = folded[end + 1] if end + 1 < len(folded) else " "
            if not before.isalnum() and not after.isalnum():
                found.add(number)
        return found

    return find


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--brand-rate",
        type=float,
        default=0.05,
        help="the share of items naming a brand (most items match nothing)",
    )
    args = parser.parse_args()

    warm_up()
    corpus = Corpus(seed=5, brand_rate=args.brand_rate)
    texts = corpus.queries(args.queries)
    compiled = {number: compile_query(text) for number, text in enumerate(texts)}
    matcher = Matcher(compiled)
    items = corpus.items(args.items)
    sample = items[: args.sample]
    keywords = sorted({fold(t.split()[0].strip('("{#@-')) for t in texts})
    prefilter = keyword_prefilter(keywords)

    def match_all() -> int:
        return sum(len(matcher.match(item)) for item in items)

    def prefilter_all() -> int:
        return sum(len(prefilter(item.text)) for item in items)

    full = compare(match_all, prefilter_all, args.runs)
    per_s = args.items / (full.median_ms / 1000)
    floor_per_s = args.items / (full.baseline_ms / 1000)
    report(
        f"matcher, {args.queries} queries, {args.items} items",
        full,
        baseline="keyword-only Aho-Corasick prefilter",
    )
    print(
        f"  matcher {per_s:,.0f} items/s (CPU {args.items / (full.cpu_ms / 1000):,.0f}), "
        f"keyword prefilter alone {floor_per_s:,.0f} items/s"
    )

    trees = [compiled[n].tree for n in range(len(texts))]

    def reference_sample() -> list[set[int]]:
        found = []
        for item in sample:
            reading = Reference(Document.of(item))
            found.append({n for n, tree in enumerate(trees) if reading.matches(tree)})
        return found

    def matcher_sample() -> list[set[int]]:
        return [matcher.match(item) for item in sample]

    assert matcher_sample() == reference_sample(), "the matcher differs from the reference"
    versus = compare(matcher_sample, reference_sample, max(1, args.runs // 2))
    report(
        f"matcher on {args.sample} items",
        versus,
        baseline="reference evaluator",
        digits=2,
        ratio_digits=5,
    )
    reference_per_s = args.sample / (versus.baseline_ms / 1000)
    reference_per_cpu_s = args.sample / (versus.baseline_cpu_ms / 1000)
    print(
        f"  reference {reference_per_s:,.1f} items/s (CPU {reference_per_cpu_s:,.1f}); "
        f"the matcher {1 / versus.ratio:,.0f}x faster (CPU {1 / versus.cpu_ratio:,.0f}x)"
    )

    docs = [Document.of(item) for item in items]
    candidates = sum(len(matcher.candidates(doc)) for doc in docs) / len(docs)
    matches = match_all()
    matched_items = sum(1 for item in items if matcher.match(item))
    print(
        f"  {candidates:.2f} candidate queries per item, {matches} matches, "
        f"{matched_items} items matched ({matched_items / len(items):.1%}), "
        f"load {load_average()}"
    )
    emit(
        "listening_matcher",
        queries=args.queries,
        items=args.items,
        items_per_s=round(per_s),
        items_per_cpu_s=round(args.items / (full.cpu_ms / 1000)),
        baseline="keyword-only Aho-Corasick prefilter",
        baseline_items_per_s=round(floor_per_s),
        ratio=round(full.ratio, 3),
        cpu_ms=round(full.cpu_ms, 1),
        baseline_cpu_ms=round(full.baseline_cpu_ms, 1),
        reference_items_per_s=round(reference_per_s, 1),
        reference_items_per_cpu_s=round(reference_per_cpu_s, 1),
        speedup_over_reference=round(1 / versus.ratio, 1),
        cpu_speedup_over_reference=round(1 / versus.cpu_ratio, 1),
        candidates_per_item=round(candidates, 2),
        matches=matches,
        matched_items=matched_items,
        brand_rate=args.brand_rate,
        runs=args.runs,
    )


if __name__ == "__main__":
    main()
