"""The audience data shipped with mostra, and the survey part of an affinity score.

The figures live in ``mostra/strategy/data/platform_audience.csv`` (see the README
there): one row per published figure, with its source, year, population, metric,
confidence and URL. They are read once (``functools.lru_cache``) and never changed:
a missing figure stays missing.

Which rows score a cell (a decision; see docs/decisions.md):

* United States: Pew's "ever use" shares, overall and by segment (age, gender,
  education marginals), the newest wave that has the network (2025; 2023 for LinkedIn
  and Pinterest).
* France: the Digital Report's monthly use among internet users aged 16-64 for the
  overall figure (newest year that has the network), and Médiamétrie's daily use for
  the 15-24 age band, France's only age figures. The 2026 Digital Report rows (base
  unclear) and daily use in the US are kept in the file but do not score.
* Any other country has no data: its cells stay unknown.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mostra.strategy import networks

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "platform_audience.csv"

#: Platform names in the data -> network codes of the catalogue. Messenger and Truth
#: Social have no code in mostra: their rows are kept and never used.
PLATFORM_CODES: dict[str, str] = {
    name: n.code
    for n in networks.all_networks()
    for name in (
        n.code,
        n.label.lower(),
        *n.aliases,
        *(f"{n.code}/{alias}" for alias in n.aliases),
    )
}

#: Metrics that give the overall figure and the segment figures, per country.
OVERALL_METRICS: dict[str, tuple[str, ...]] = {
    "US": ("ever_use_pct",),
    "FR": ("monthly_use_pct_of_internet_users",),
}
SEGMENT_METRICS: dict[str, tuple[str, ...]] = {
    "US": ("ever_use_pct",),
    "FR": ("daily_use_pct",),
}
#: The oldest age an open band such as "65+" stands for, to weigh overlaps.
AGE_CAP = 84


@dataclass(frozen=True)
class AudienceRow:
    """One figure of the data file, as published (``segment`` without its "edu_" prefix)."""

    line: int
    country: str
    source: str
    year: int
    population: str
    metric: str
    platform: str
    network: str | None
    dimension: str
    segment: str
    value: float
    url: str
    confidence: str
    notes: str


@lru_cache(maxsize=4)
def load_rows(path: Path = DATA_FILE) -> tuple[AudienceRow, ...]:
    """Every row of the data file, read once per process."""
    rows: list[AudienceRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            segment = raw["segment"]
            if raw["segment_dimension"] == "education":
                segment = segment.removeprefix("edu_")
            rows.append(
                AudienceRow(
                    line=line,
                    country=raw["country"],
                    source=raw["source"],
                    year=int(raw["data_year"]),
                    population=raw["population"],
                    metric=raw["metric"],
                    platform=raw["platform"],
                    network=PLATFORM_CODES.get(raw["platform"].strip().lower()),
                    dimension=raw["segment_dimension"],
                    segment=segment,
                    value=float(raw["value_pct"]),
                    url=raw["url_as_stored"],
                    confidence=raw["confidence"],
                    notes=raw["notes"],
                )
            )
    return tuple(rows)


def networks_with_data(country: str | None = None) -> set[str]:
    """Networks that have at least one scoring row (in ``country``, if given)."""
    return {
        r.network
        for r in load_rows()
        if r.network
        and (country is None or r.country == country)
        and r.metric in OVERALL_METRICS.get(r.country, ()) + SEGMENT_METRICS.get(r.country, ())
    }


@lru_cache(maxsize=256)
def rows_for(country: str, network: str) -> tuple[AudienceRow, ...]:
    """The rows of one country and network (an index over :func:`load_rows`)."""
    return tuple(r for r in load_rows() if r.country == country and r.network == network)


def _newest(rows: list[AudienceRow]) -> list[AudienceRow]:
    """Rows of the newest year only, so that one figure never mixes two waves."""
    if not rows:
        return []
    year = max(r.year for r in rows)
    return [r for r in rows if r.year == year]


def overall_row(country: str, network: str) -> AudienceRow | None:
    """The country's figure for everyone on a network, from its newest year."""
    rows = [
        r
        for r in rows_for(country, network)
        if r.dimension == "all" and r.metric in OVERALL_METRICS.get(country, ())
    ]
    newest = _newest(rows)
    return newest[0] if newest else None


def segment_rows(country: str, network: str, dimension: str) -> list[AudienceRow]:
    """The country's figures for one dimension (age, gender, education), newest year."""
    return _newest(
        [
            r
            for r in rows_for(country, network)
            if r.dimension == dimension and r.metric in SEGMENT_METRICS.get(country, ())
        ]
    )


def age_range(band: str) -> tuple[int, int] | None:
    """ "18-29" -> (18, 29); "65+" -> (65, AGE_CAP); anything else -> None."""
    band = band.strip()
    if band.endswith("+") and band[:-1].isdigit():
        return int(band[:-1]), AGE_CAP
    low, sep, high = band.partition("-")
    if sep and low.isdigit() and high.isdigit() and int(low) <= int(high):
        return int(low), int(high)
    return None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Years two age ranges share (inclusive bounds)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


@dataclass(frozen=True)
class DimensionFigure:
    """A dimension's figure for a target: the mean of the matching marginals."""

    dimension: str
    value: float
    rows: list[AudienceRow]


def dimension_figure(
    country: str, network: str, dimension: str, wanted: list[str]
) -> tuple[DimensionFigure | None, list[str]]:
    """The figure of one dimension for the target's segments, and what has no figure.

    Steps:
    1. Take the dimension's rows (newest year) for the country and network.
    2. Age: each target band is matched with every data band it overlaps; the figure
       is the mean of the matched rows weighted by the years they share.
       Other dimensions: each target value is matched with the row of the same name;
       the figure is the plain mean.
    3. If any target value matches no row, the dimension is left out (a figure for part
       of a target is not a figure for the target) and the value is reported missing.
    """
    rows = segment_rows(country, network, dimension)
    missing: list[str] = []
    weighted: list[tuple[AudienceRow, float]] = []
    for value in wanted:
        if dimension == "age":
            target_range = age_range(value)
            matches = [
                (r, float(overlap(target_range, data_range)))
                for r in rows
                if target_range and (data_range := age_range(r.segment))
                if overlap(target_range, data_range) > 0
            ]
        else:
            matches = [(r, 1.0) for r in rows if r.segment == value]
        if not matches:
            missing.append(value)
        weighted.extend(matches)
    if missing or not weighted:
        return None, missing
    total = sum(w for _, w in weighted)
    figure = sum(r.value * w for r, w in weighted) / total
    used = list(dict.fromkeys(r for r, _ in weighted))
    return DimensionFigure(dimension, figure, used), []


def mean(values: list[float]) -> float:
    return statistics.fmean(values)
