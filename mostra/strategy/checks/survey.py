"""The survey part of an affinity cell: which figures of the data file describe a
target on a network, and how they become a score (see :mod:`.audience` for the data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.strategy import catalogue
from mostra.strategy.checks import audience as data
from mostra.strategy.checks import text as t
from mostra.strategy.document import StrategyDocument, Target

Basis = Literal["own-metrics", "own-notes", "segments", "overall", "none"]


@dataclass(frozen=True)
class CellSource:
    """A figure from the data file that a score comes from (or is shown beside)."""

    label: str
    value: float
    source: str
    confidence: str
    url: str
    country: str = ""
    year: int = 0
    metric: str = ""
    segment: str = ""
    line: int = 0  # line of the data file


METRIC_LABELS: dict[str, Promise] = {
    "ever_use_pct": gettext_lazy("ever use"),
    "daily_use_pct": gettext_lazy("daily use"),
    "monthly_use_pct_of_internet_users": gettext_lazy("monthly use, internet users 16-64"),
    "monthly_use_pct": gettext_lazy("monthly use"),
}


def segment_label(dimension: str, segment: str) -> str:
    """The segment as a person reads it, in the active language."""
    return _segment_label(dimension, segment, translation.get_language())


# The data file's rows and segments are few and fixed while the affinity matrix shows
# each of them in many cells: each label is translated once per language (a translation
# reads the active language through a lock every thread of a process shares).
@lru_cache(maxsize=1024)
def _segment_label(dimension: str, segment: str, language: str | None) -> str:
    if dimension == "all":
        return _("everyone")
    if dimension == "age":
        return _("aged %(band)s") % {"band": segment}
    if dimension == "gender":
        return str(catalogue.GENDERS.get(segment, segment))
    if dimension == "education":
        return str(catalogue.EDUCATION.get(segment, segment))
    return segment


def cell_source(row: data.AudienceRow) -> CellSource:
    """The row as a score's source, its label in the active language."""
    return _cell_source(row, translation.get_language())


@lru_cache(maxsize=4096)
def _cell_source(row: data.AudienceRow, language: str | None) -> CellSource:
    label = _("%(platform)s, %(segment)s: %(value)s, %(metric)s (%(country)s %(year)s)") % {
        "platform": row.platform,
        "segment": segment_label(row.dimension, row.segment),
        "value": t.share(row.value),
        "metric": METRIC_LABELS.get(row.metric, row.metric),
        "country": row.country,
        "year": row.year,
    }
    return CellSource(
        label=label,
        value=row.value,
        source=row.source,
        confidence=row.confidence,
        url=row.url,
        country=row.country,
        year=row.year,
        metric=row.metric,
        segment=f"{row.dimension}:{row.segment}",
        line=row.line,
    )


def target_country(doc: StrategyDocument, target: Target) -> tuple[str, str | None]:
    """The country whose data describe a target, and a note when it was assumed.

    Steps: the target's own country; otherwise FR for a French-language workspace and
    US for an English one, with a note saying so.
    """
    if target.segments.country:
        return target.segments.country, None
    language = doc.workspace.language if doc.workspace else "fr"
    country = "FR" if language == "fr" else "US"
    return country, _("No country set for this target: %(country)s data assumed.") % {
        "country": country
    }


@dataclass
class SurveyFigure:
    """The survey part of a cell."""

    score: float | None
    basis: Basis
    sources: list[CellSource]
    evidence: list[str]
    explanation: str


def survey(target: Target, network: str, country: str) -> SurveyFigure:
    """The survey figure of a target on a network, with its sources.

    Steps:
    1. For each segment dimension the target describes (age, gender, education), the
       mean of the matching marginals (:func:`~.audience.dimension_figure`); a
       dimension with a value that has no figure is left out, and said so.
    2. With at least one dimension: the score is the mean of the dimensions' figures.
    3. Otherwise the country's figure for everyone, flagged "low evidence".
    4. Otherwise no score.
    """
    segments = target.segments
    found = _survey(
        (tuple(segments.age), tuple(segments.gender), tuple(segments.education)),
        network,
        country,
        translation.get_language(),
    )  # a copy: the caller may add to its lists
    return SurveyFigure(
        found.score, found.basis, list(found.sources), list(found.evidence), found.explanation
    )


# A figure depends on the segments, the network, the country and the language only: the
# matrix asks for the same ones in many cells and on every view (translated once each).
@lru_cache(maxsize=1024)
def _survey(
    wanted_segments: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    network: str,
    country: str,
    language: str | None,
) -> SurveyFigure:
    evidence: list[str] = []
    figures: list[data.DimensionFigure] = []
    for dimension, wanted in zip(("age", "gender", "education"), wanted_segments, strict=True):
        if not wanted:
            continue
        figure, missing = data.dimension_figure(country, network, dimension, list(wanted))
        if figure:
            figures.append(figure)
        elif missing:
            evidence.append(
                _("No %(country)s figure for %(segments)s on %(network)s.")
                % {
                    "country": country,
                    "segments": ", ".join(segment_label(dimension, v) for v in missing),
                    "network": t.network(network),
                }
            )
    if figures:
        score = round(data.mean([f.value for f in figures]), 1)
        rows = [row for f in figures for row in f.rows]
        sources = [cell_source(r) for r in rows]
        explanation = _(
            "Survey figures for this target's segments: %(figures)s; their average is %(score)s."
        ) % {
            "figures": "; ".join(source.label for source in sources),
            "score": t.num(score),
        }
        return SurveyFigure(score, "segments", sources, evidence, explanation)
    row = data.overall_row(country, network)
    if row is not None:
        evidence.append(_("Low evidence: the figure for everyone, not for this target."))
        explanation = _(
            "No survey figure for this target's segments; the figure for everyone is used "
            "(%(label)s): low evidence."
        ) % {"label": (source := cell_source(row)).label}
        return SurveyFigure(row.value, "overall", [source], evidence, explanation)
    explanation = _("No audience data for %(network)s in %(country)s.") % {
        "network": t.network(network),
        "country": country,
    }
    return SurveyFigure(None, "none", [], evidence, explanation)
