"""Benchmark: language and sentiment of listened items, accuracy and speed.

    .venv/bin/python bench/listening_sentiment.py [--runs 15] [--limit 0] [--fuzzy 3]

Reads the labelled sets ``tests/listening/data/sentiment_{fr,en}.csv`` (their README
says how they were written) and prints, per language:

- sentiment: accuracy, macro-F1 and the confusion matrix (rows gold, columns predicted)
  of mostra's labels (VADER's compound cut at :data:`THRESHOLDS`), on the whole set and
  on its test half; beside them the baseline that knows no words, always answering the
  development half's most frequent label; and, to justify the cut, the thresholds that
  are best on the development half, scored on the test half;
- language detection with the workspace's languages ``fr`` and ``en``: right, unknown
  (``None``) and wrong, over both sets;
- speed, in items per second, each timed with :func:`timing.compare` against a baseline
  doing comparable work on the same texts, interleaved: lower-casing and splitting them
  into words (what every analyzer does first);
- the analyzers' first load, and the cost per item of vaderSentiment-fr's fuzzy path
  (``polarity_scores_max``, never used by mostra) against its exact one.

``--limit N`` keeps the first N items per language (the test suite's small run).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter

from timing import ROOT, compare, emit, report

TOKENS = re.compile(r"\w+")
DATA = ROOT / "tests" / "listening" / "data"


def set_up() -> None:
    """Django's settings (the labels are translatable), no database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
    import django

    django.setup()


def tokenise(texts: list[str]) -> int:
    return sum(len(TOKENS.findall(text.lower())) for text in texts)


def matrix(confusion: dict[str, dict[str, int]]) -> list[str]:
    labels = list(confusion)
    lines = ["      gold \\ predicted  " + "  ".join(f"{p:>8}" for p in labels)]
    for gold in labels:
        cells = "  ".join(f"{confusion[gold][p]:>8}" for p in labels)
        lines.append(f"      {gold:>18}  {cells}")
    return lines


def accuracy(lang: str, limit: int) -> dict[str, object]:
    from mostra.listening.enrichment.evaluation import (
        agreement,
        best_thresholds,
        read_labelled,
    )
    from mostra.listening.enrichment.sentiment import THRESHOLDS, score

    rows = read_labelled(DATA / f"sentiment_{lang}.csv")
    if limit:
        rows = rows[:limit]
    cut = THRESHOLDS[lang]
    scores = [score(row.text, lang) or 0.0 for row in rows]
    gold = [row.label for row in rows]
    found = agreement(gold, [cut.label(s).value for s in scores])
    dev = [(s, row.label) for s, row in zip(scores, rows, strict=True) if row.development]
    test = [(s, row.label) for s, row in zip(scores, rows, strict=True) if not row.development]
    on_test = agreement([g for _, g in test], [cut.label(s).value for s, _ in test])
    majority = Counter(g for _, g in dev).most_common(1)[0][0]
    baseline = agreement(gold, [majority] * len(gold))
    tuned = best_thresholds([s for s, _ in dev], [g for _, g in dev])
    tuned_test = agreement([g for _, g in test], [tuned.label(s).value for s, _ in test])
    print(
        f"sentiment {lang} ({len(rows)} items): accuracy {found.accuracy:.3f}, macro-F1 "
        f"{found.macro_f1:.3f}; test half {on_test.accuracy:.3f} / {on_test.macro_f1:.3f}; "
        f"baseline (always {majority!r}) {baseline.accuracy:.3f} / {baseline.macro_f1:.3f}"
    )
    print(
        f"  cut {cut.negative:+.2f} / {cut.positive:+.2f}; best on the development half "
        f"{tuned.negative:+.2f} / {tuned.positive:+.2f}, which scores "
        f"{tuned_test.accuracy:.3f} / {tuned_test.macro_f1:.3f} on the test half"
    )
    for line in matrix(found.confusion):
        print(line)
    return {
        f"{lang}_items": len(rows),
        f"{lang}_accuracy": round(found.accuracy, 4),
        f"{lang}_macro_f1": round(found.macro_f1, 4),
        f"{lang}_test_accuracy": round(on_test.accuracy, 4),
        f"{lang}_test_macro_f1": round(on_test.macro_f1, 4),
        f"{lang}_confusion": found.confusion,
        f"baseline_{lang}_accuracy": round(baseline.accuracy, 4),
        f"baseline_{lang}_macro_f1": round(baseline.macro_f1, 4),
        f"{lang}_tuned_cut": [tuned.negative, tuned.positive],
        f"{lang}_tuned_test_accuracy": round(tuned_test.accuracy, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--limit", type=int, default=0, help="items per language (0: all)")
    parser.add_argument("--fuzzy", type=int, default=3, help="items timed on the fuzzy path")
    args = parser.parse_args()
    set_up()
    from mostra.listening.enrichment.evaluation import read_labelled
    from mostra.listening.enrichment.language import detect_language
    from mostra.listening.enrichment.sentiment import analyzer, sentiment

    figures: dict[str, object] = {}
    for lang in ("fr", "en"):
        start = time.perf_counter()
        analyzer(lang)
        figures[f"{lang}_load_ms"] = round((time.perf_counter() - start) * 1000, 1)
    start = time.perf_counter()
    detect_language("chargement du modèle de langues", ("fr", "en"))
    figures["language_load_ms"] = round((time.perf_counter() - start) * 1000, 1)
    print(
        f"first load: French analyzer {figures['fr_load_ms']} ms, English "
        f"{figures['en_load_ms']} ms, language model {figures['language_load_ms']} ms"
    )

    texts: dict[str, list[str]] = {}
    for lang in ("fr", "en"):
        rows = read_labelled(DATA / f"sentiment_{lang}.csv")
        texts[lang] = [row.text for row in (rows[: args.limit] if args.limit else rows)]
        figures.update(accuracy(lang, args.limit))

    outcome: Counter[str] = Counter()
    for lang, group in texts.items():
        for text in group:
            found, _ = detect_language(text, ("fr", "en"))
            outcome["unknown" if found is None else "right" if found == lang else "wrong"] += 1
    detected = sum(outcome.values())
    print(
        f"language ({detected} items, allowed fr+en): {outcome['right']} right, "
        f"{outcome['unknown']} unknown, {outcome['wrong']} wrong"
    )
    figures.update(
        language_items=detected,
        language_right=outcome["right"],
        language_unknown=outcome["unknown"],
        language_wrong=outcome["wrong"],
    )

    both = texts["fr"] + texts["en"]
    timed = {
        "sentiment_fr": (lambda: [sentiment(t, "fr") for t in texts["fr"]], texts["fr"]),
        "sentiment_en": (lambda: [sentiment(t, "en") for t in texts["en"]], texts["en"]),
        "language": (lambda: [detect_language(t, ("fr", "en")) for t in both], both),
    }
    for name, (measured, group) in timed.items():
        comparison = compare(measured, lambda g=group: tokenise(g), args.runs)
        report(f"{name} ({len(group)} items)", comparison, baseline="tokenising", digits=2)
        rate = len(group) / (comparison.median_ms / 1000)
        baseline_rate = len(group) / (comparison.baseline_ms / 1000)
        cpu_rate = len(group) / (comparison.cpu_ms / 1000) if comparison.cpu_ms else None
        print(
            f"  {rate:,.0f} items/s (CPU: {cpu_rate or 0:,.0f}/s), "
            f"tokenising {baseline_rate:,.0f}/s"
        )
        figures[f"{name}_rate_per_s"] = round(rate)
        figures[f"{name}_cpu_rate_per_s"] = round(cpu_rate) if cpu_rate else None
        figures[f"baseline_{name}_rate_per_s"] = round(baseline_rate)
        figures[f"{name}_ratio"] = round(comparison.ratio, 2)

    if args.fuzzy:
        french = analyzer("fr")
        sample = texts["fr"][: args.fuzzy]
        fuzzy = compare(
            lambda: [french.polarity_scores_max(t) for t in sample],  # type: ignore[attr-defined]
            lambda: [french.polarity_scores(t) for t in sample],
            1,
        )
        report(f"French fuzzy path ({len(sample)} items)", fuzzy, baseline="exact path")
        figures["fr_fuzzy_ms_per_item"] = round(fuzzy.median_ms / len(sample), 1)
        figures["fr_exact_ms_per_item"] = round(fuzzy.baseline_ms / len(sample), 4)
        figures["fr_fuzzy_ratio"] = round(fuzzy.ratio)

    emit("listening_sentiment", baseline="majority label; tokenising the same texts", **figures)


if __name__ == "__main__":
    main()
