"""The Bluesky servers of the tests: skipped with the reason without Node, never in CI."""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped

from tests.peers import bluesky


def test_without_node_the_tests_are_skipped_with_the_reason(monkeypatch):
    monkeypatch.setattr(bluesky.shutil, "which", lambda name: None)
    monkeypatch.setattr(bluesky, "IN_CI", False)
    reason = bluesky.node_available()
    assert "Node.js and npm are not installed" in reason
    with pytest.raises(Skipped, match="Node.js"):
        bluesky.unavailable(reason)


def test_in_ci_a_missing_server_is_a_failure(monkeypatch):
    monkeypatch.setattr(bluesky, "IN_CI", True)
    with pytest.raises(Failed, match="unavailable in CI: Node.js"):
        bluesky.unavailable("Node.js and npm are not installed")


def test_a_given_address_that_does_not_answer_is_said(monkeypatch):
    monkeypatch.setattr(bluesky, "IN_CI", False)
    url = f"http://127.0.0.1:{bluesky.free_port()}"
    assert not bluesky.answers(url)
