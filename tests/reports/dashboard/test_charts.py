"""The SVG charts: well-formed, escaped, proportional, honest about missing values."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils import translation

from mostra.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def titles(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]


@dataclass
class Forecast:
    value: float
    low: float
    high: float
    at: dt.date


def test_every_chart_is_well_formed_xml_with_a_title():
    day = dt.date(2026, 10, 1)
    made = [
        charts.bar_chart([("a", 1), ("b", None)], title="Bars"),
        charts.grouped_bar_chart(["x", "y"], [("s1", [0.1, None]), ("s2", [0.4, 0.7])], title="G"),
        charts.line_chart(
            [("s", [(day, 1.0), (day + dt.timedelta(7), None), (day + dt.timedelta(14), 3.0)])],
            title="Line",
            target=5,
            forecast=Forecast(4, 3, 5, day + dt.timedelta(60)),
        ),
        charts.progress_bar(0.5, title="P"),
        charts.progress_bar(None, title="P"),
        charts.heatmap([[1.0] * 24] * 6 + [[None] * 24], title="H", counts=[[3] * 24] * 7),
        charts.sparkline([1, None, 3, 2], title="S"),
        charts.sparkline([], title="S"),
        charts.line_chart([], title="Empty"),
        charts.bar_chart([], title="Empty"),
    ]
    for svg in made:
        root = parse(svg)
        assert root.find(f"{SVG}title") is not None
        assert root.get("aria-label")


def test_labels_are_escaped():
    evil = '<script>alert("x")</script> & co'
    svg = charts.bar_chart([(evil, 3)], title=evil)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == evil
    assert any(text.startswith('<script>alert("x")') for text in texts(root))
    assert evil in titles(root)
    grouped = parse(charts.grouped_bar_chart([evil], [(evil, [0.5])], title="t"))
    assert any(evil in title for title in titles(grouped))
    line = charts.line_chart(
        [(evil, [(dt.date(2026, 1, 1), 1), (dt.date(2026, 1, 9), 2)])], title="t"
    )
    assert "<script>" not in line
    parse(line)


def test_bars_are_proportional_to_values():
    root = parse(charts.bar_chart([("a", 10), ("b", 40), ("c", 20)], title="t"))
    widths = [float(r.get("width")) for r in bars(root)]
    assert widths[1] == 4 * widths[0] != 0
    assert abs(widths[2] - 2 * widths[0]) < 0.01
    grouped = parse(charts.grouped_bar_chart(["k"], [("A", [0.4]), ("B", [0.7])], title="t"))
    a, b = (float(r.get("width")) for r in bars(grouped))
    assert abs(b / a - 0.7 / 0.4) < 0.001


def test_none_is_drawn_as_no_data_not_zero():
    root = parse(charts.bar_chart([("a", 10), ("missing", None), ("zero", 0)], title="t"))
    drawn = bars(root)
    assert [r.get("data-value") for r in drawn] == ["10", "0"]
    assert "no data" in texts(root)
    grouped = parse(charts.grouped_bar_chart(["k"], [("A", [None]), ("B", [0.5])], title="t"))
    assert len(bars(grouped)) == 1
    assert "no data" in texts(grouped)
    progress = parse(charts.progress_bar(None, title="t"))
    assert bars(progress) == []
    assert "no data" in texts(progress)


def test_heatmap_marks_cells_without_enough_posts():
    cells = [[None] * 24 for _ in range(7)]
    cells[0][9] = 1.5
    root = parse(charts.heatmap(cells, title="t"))
    tips = ["".join(r.itertext()) for r in root.iter(f"{SVG}rect") if r.get("class") == "cell"]
    assert len(tips) == 7 * 24
    assert sum("not enough data" in tip for tip in tips) == 7 * 24 - 1
    assert any("Mon 09:00" in tip and "1.5×" in tip for tip in tips)


def test_numbers_use_the_active_language():
    with translation.override("fr"):
        svg = charts.bar_chart([("a", 1234.5), ("b", 0.25)], title="t")
        ratio = charts.grouped_bar_chart(["k"], [("A", [0.405])], title="t", fmt=charts.percent)
        assert charts.number(2.5) == "2,5"
        assert charts.number(1234.5, 1) == "1\xa0234,5"
    values = texts(parse(svg))
    assert "1\xa0234" in values  # 1234.5 rounds to no decimals above 100
    assert "0,25" in values
    assert "40\u202f%" in texts(parse(ratio))
    with translation.override("en"):
        assert charts.number(1234.5, 1) == "1,234.5"
        assert charts.percent(0.4) == "40%"


def test_line_chart_draws_target_forecast_and_gaps():
    day = dt.date(2026, 9, 1)
    points = [(day + dt.timedelta(7 * i), v) for i, v in enumerate([1, 2, None, 4, 5])]
    root = parse(
        charts.line_chart(
            [("s", points)],
            title="t",
            target=10,
            forecast=Forecast(8, 6, 10, day + dt.timedelta(90)),
        )
    )
    assert len([p for p in root.iter(f"{SVG}polyline") if p.get("class") == "series"]) == 2
    assert [el.get("class") for el in root.iter(f"{SVG}line") if el.get("class")] == [
        "target",
        "forecast",
    ]
    assert root.find(f".//{SVG}polygon[@class='forecast-band']") is not None


def test_long_labels_are_cut_with_the_whole_label_on_hover():
    long = "Publication sponsorisée « prochains ateliers » de réparation"
    root = parse(charts.bar_chart([(long, 3), ("court", 2)], title="t", width=400))
    shown = texts(root)
    assert "court" in shown and long not in shown
    assert any(text.endswith("…") and long.startswith(text[:-1]) for text in shown)
    assert long in titles(root)


def test_the_legend_of_many_series_does_not_overlap():
    names = [f"account-with-a-long-name-{i}@mastodon.example" for i in range(5)]
    root = parse(charts.grouped_bar_chart(["k"], [(n, [0.1]) for n in names], title="t", width=640))
    swatches = [r for r in root.iter(f"{SVG}rect") if r.get("width") == "12"]
    xs = sorted({float(r.get("x")) for r in swatches})
    assert len(swatches) == 5
    assert all(b - a >= 200 for a, b in zip(xs, xs[1:], strict=False))  # room for each name
