"""The charter's UTM rule takes the instance's own short links as tracked."""

from __future__ import annotations

from mostra.charter.checks.links import link_findings
from mostra.charter.limits import limits_for


def codes(link: str, text: str = "") -> list[str]:
    return [f.code for f in link_findings(limits_for("bluesky"), text, link, utm_required=True)]


def test_own_short_links_count_as_tracked(settings):
    settings.MOSTRA_SHORT_LINK_BASE = "https://go.example.org"
    assert codes("https://go.example.org/l/Ab3x9Kq") == []
    assert codes("", "Notre tomme : https://go.example.org/l/Ab3x9Kq") == []
    assert "utm_missing" in codes("https://example.org/shop")
    # Another host's /l/ path, or the short domain without a code, is not ours.
    assert "utm_missing" in codes("https://evil.example/l/Ab3x9Kq")
    assert "utm_missing" in codes("https://go.example.org/l/")
