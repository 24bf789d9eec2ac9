"""The loop runs each periodic job at most as often as it is declared."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.publishing import loop as loop_module
from mostra.publishing.services import oauth_tokens


@pytest.mark.django_db
def test_tokens_are_refreshed_once_an_hour_and_the_rest_every_tick(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(oauth_tokens, "refresh_expiring", lambda now: calls.append("tokens"))
    from mostra.publishing.services import webhooks

    monkeypatch.setattr(webhooks, "deliver_due", lambda now: calls.append("webhooks"))
    loop = loop_module.Loop("test-worker")
    loop.tick()
    loop.tick()
    assert calls.count("tokens") == 1 and calls.count("webhooks") == 2
    job = "mostra.publishing.services.oauth_tokens.refresh_expiring"
    loop.side_work.last_run[job] -= dt.timedelta(hours=1, seconds=1)
    loop.tick()
    assert calls.count("tokens") == 2
