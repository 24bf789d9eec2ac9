"""Builders for the charter tests: a charter with rules, media, codes of findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from mostra.charter.checks import Finding, MediaInfo
from mostra.charter.models import Charter, CharterNetworkRule


def codes(findings: Iterable[Finding]) -> list[str]:
    return [f.code for f in findings]


def finding(findings: Iterable[Finding], code: str) -> Finding:
    found = [f for f in findings if f.code == code]
    assert found, f"no {code} in {codes(findings)}"
    return found[0]


def image(**fields: Any) -> MediaInfo:
    values: dict[str, Any] = {
        "kind": "image",
        "mime_type": "image/jpeg",
        "size": 200_000,
        "alt_text": "Un vélo réparé",
    }
    return MediaInfo(**(values | fields))


def video(**fields: Any) -> MediaInfo:
    values: dict[str, Any] = {"kind": "video", "mime_type": "video/mp4", "size": 5_000_000}
    return MediaInfo(**(values | fields))


@pytest.fixture
def make_charter() -> Callable[..., Charter]:
    """An unsaved charter whose rules are given per network (no database needed)."""

    def make(rules: dict[str, dict[str, Any]] | None = None, **fields: Any) -> Charter:
        charter = Charter(**fields)
        charter._rules_by_network = {
            network: CharterNetworkRule(network=network, **values)
            for network, values in (rules or {}).items()
        }
        return charter

    return make
