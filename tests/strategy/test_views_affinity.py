"""The affinity page and the SVG charts behind it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from mostra.strategy import document as d
from mostra.strategy.services import objects as service

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> str:
    return re.search(r"<svg xmlns.*?</svg>", html, re.S).group(0)  # the chart, not an icon


def test_affinity_page(strategy, workspace, owner_client):
    response = owner_client.get(f"/w/{workspace.slug}/strategy/affinity/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = ET.fromstring(svg_of(html))  # well-formed SVG
    titles = [t.text or "" for t in svg.iter(f"{SVG}title")]
    # Every cell says where its score comes from.
    assert any("Gourmets de la région on Instagram" in t for t in titles)
    assert any("Your notes say this target does this on Instagram" in t for t in titles)
    # Cells without data are hatched and labelled.
    assert 'fill="url(#affinity-hatch)"' in html and ">no data</text>" in html
    # The legend: the scale, "no data", "recommended".
    assert "low affinity" in html and "recommended" in html
    # The table of sources, one row per cell, with source name and confidence.
    assert 'id="cell-t-gourmets-instagram"' in html
    assert "We Are Social" in html and 'class="badge conf conf-medium"' in html
    assert "Commentaires et partages sous nos posts" in html  # the user's own evidence
    # The choice: per priority target, the focused set, the alternatives side by side.
    assert "Recommended platforms" in html and "The focused set" in html
    for pair in ["dailymotion-youtube", "viadeo-linkedin", "instagram-snapchat"]:
        assert f'data-pair="{pair}"' in html


def test_unused_platform_is_flagged(strategy, workspace, owner_client):
    service.save_platform(strategy, d.Platform(network="pinterest", stage="established"))
    html = owner_client.get(f"/w/{workspace.slug}/strategy/affinity/").content.decode()
    assert 'data-network="pinterest"' in html.split("unused-title", 1)[1]


def test_affinity_without_targets(workspace, owner_client):
    response = owner_client.get(f"/w/{workspace.slug}/strategy/affinity/")
    assert response.status_code == 200
    assert "No target yet" in response.content.decode()


def test_heatmap_escapes_a_target_name(owner_membership, workspace, owner_client):
    name = '<script>alert("x")</script> & co'
    service.save_target(owner_membership, d.Target(id="t-evil", name=name, priority=1))
    html = owner_client.get(f"/w/{workspace.slug}/strategy/affinity/").content.decode()
    assert "<script>alert" not in html
    svg = svg_of(html)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in svg
    ET.fromstring(svg)  # still well-formed
