"""The server-side SVG charts: escaped text, the colour scale, the week grid."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mostra.core.charts import Cell, WeekSlot, ink_on, week_grid
from mostra.core.charts import matrix_heatmap as heatmap
from mostra.core.charts import scale_colour as colour

SVG = "{http://www.w3.org/2000/svg}"


def test_heatmap_function_escapes_everything():
    svg = heatmap(
        ["<b>row</b>"],
        ['col"><script>'],
        [[Cell(None, title="</title><script>")]],
        title="<title>",
        legend_low="<",
        legend_high=">",
        no_data="n/a & more",
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"


def test_colour_scale():
    assert colour(0) == "#eef3f9" and colour(100) == "#163a5c"
    assert colour(-5) == colour(0) and colour(150) == colour(100)
    assert ink_on(colour(100)) == "#ffffff" and ink_on(colour(0)) != "#ffffff"


def test_week_grid_places_the_slots():
    svg = week_grid(
        [
            WeekSlot("tue", "18:30", "instagram", "Reels"),
            WeekSlot("sat", "07:00", None, "<Early>"),
            WeekSlot("sun", "25:99", "x"),  # not a time: left out
        ],
        days=[
            ("mon", "Mon"),
            ("tue", "Tue"),
            ("wed", "Wed"),
            ("thu", "Thu"),
            ("fri", "Fri"),
            ("sat", "Sat"),
            ("sun", "Sun"),
        ],
        network_labels={"instagram": "Instagram"},
        title="Week",
        any_network="any network",
    )
    root = ET.fromstring(svg)
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "18:30 · Instagram · Reels" in tips
    assert "07:00 · any network · <Early>" in tips  # escaped in the source, text when parsed
    assert not any("25:99" in (t or "") for t in tips)
    assert ">07h<" in svg  # the hours stretch to the earliest slot


def test_heatmap_cells_legend_and_links():
    svg = heatmap(
        ["Gourmets"],
        ["Instagram", "Viadeo"],
        [[Cell(75, title="from notes", href="#cell-a", marked=True), Cell(None)]],
        title="Affinity",
        legend_low="low",
        legend_high="high",
        no_data="no data",
        marked_label="recommended",
        uid="t",
    )
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "75" in texts and "no data" in texts and "recommended" in texts
    assert 'fill="url(#t-hatch)"' in svg  # the cell without data is hatched
    assert 'href="#cell-a"' in svg and 'stroke-width="2.5"' in svg
    assert root.get("role") == "img"
