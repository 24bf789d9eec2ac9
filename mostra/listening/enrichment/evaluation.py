"""How well sentiment labels agree with a labelled set: accuracy, macro-F1, the
confusion matrix, and the thresholds that best cut scores into labels.

The labelled sets live in ``tests/listening/data`` (their README says how they were
written); the benchmark ``bench/listening_sentiment.py`` and the accuracy tests read them
through :func:`read_labelled`. Rows whose number is odd (``fr-0001``) are the
development half, on which thresholds are chosen; even ones the test half.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mostra.listening.enrichment.sentiment import SentimentLabel, Thresholds

LABELS: tuple[str, ...] = tuple(label.value for label in SentimentLabel)


@dataclass(frozen=True)
class Labelled:
    """One row of a labelled set."""

    id: str
    text: str
    label: str
    notes: str

    @property
    def development(self) -> bool:
        """In the development half (odd row number), where thresholds are tuned."""
        return int(self.id.rsplit("-", 1)[1]) % 2 == 1


def read_labelled(path: Path) -> list[Labelled]:
    """The rows of a labelled CSV (``id, text, label, notes``); a row whose label is not
    one of :data:`LABELS` is an error naming it."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            Labelled(r["id"], r["text"], r["label"], r["notes"]) for r in csv.DictReader(handle)
        ]
    for row in rows:
        if row.label not in LABELS:
            raise ValueError(f"{path.name}, {row.id}: unknown label {row.label!r}")
    return rows


@dataclass(frozen=True)
class Agreement:
    """Gold labels against predicted ones. ``confusion[gold][predicted]`` counts."""

    confusion: dict[str, dict[str, int]]

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    @property
    def accuracy(self) -> float:
        right = sum(self.confusion[label][label] for label in LABELS)
        return right / self.total if self.total else 0.0

    def f1(self, label: str) -> float:
        true_positive = self.confusion[label][label]
        predicted = sum(self.confusion[gold][label] for gold in LABELS)
        actual = sum(self.confusion[label].values())
        if not true_positive:
            return 0.0
        precision, recall = true_positive / predicted, true_positive / actual
        return 2 * precision * recall / (precision + recall)

    @property
    def macro_f1(self) -> float:
        """The unweighted mean of the three labels' F1."""
        return sum(self.f1(label) for label in LABELS) / len(LABELS)


def agreement(gold: Iterable[str], predicted: Iterable[str]) -> Agreement:
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    return Agreement(confusion)


def best_thresholds(scores: Sequence[float], gold: Sequence[str]) -> Thresholds:
    """The cut (``positive`` ≥ 0, ``negative`` ≤ 0, by steps of 0.01 up to 0.5) with the
    best macro-F1 on ``scores`` against ``gold``; ties go to the cut nearest VADER's
    ±0.05."""
    steps = [round(i / 100, 2) for i in range(0, 51)]
    best: tuple[float, float, Thresholds] | None = None
    for up in steps:
        for down in steps:
            cut = Thresholds(positive=up if up else 0.0001, negative=-down if down else -0.0001)
            found = agreement(gold, (cut.label(s).value for s in scores)).macro_f1
            distance = abs(up - 0.05) + abs(down - 0.05)
            if best is None or (found, -distance) > (best[0], -best[1]):
                best = (found, distance, cut)
    assert best is not None
    return best[2]
