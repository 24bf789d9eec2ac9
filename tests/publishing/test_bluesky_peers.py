"""The Bluesky servers of the tests: without Node they cannot start, and say why (the
skip, and the failure in CI, are tests/peers/test_missing_peers.py's)."""

from __future__ import annotations

from tests.peers import bluesky


def test_without_node_the_servers_cannot_start_and_the_reason_says_so(monkeypatch):
    monkeypatch.setattr(bluesky.shutil, "which", lambda name: None)
    assert "Node.js and npm are not installed" in bluesky.node_available()


def test_a_given_address_that_does_not_answer_is_said():
    url = f"http://127.0.0.1:{bluesky.free_port()}"
    assert not bluesky.answers(url)
