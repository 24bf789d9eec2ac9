"""Links tests: a fresh click buffer without its flusher thread (tests flush by hand),
and an empty code cache."""

from __future__ import annotations

import pytest

from mostra.links import cache, clicks


@pytest.fixture(autouse=True)
def click_buffer(monkeypatch) -> clicks.ClickBuffer:
    fresh = clicks.ClickBuffer(autostart=False)
    monkeypatch.setattr(clicks, "buffer", fresh)
    cache.clear()
    yield fresh
    cache.clear()
