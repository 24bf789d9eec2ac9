"""A run without some peers ends with one line naming them and counting their skipped
tests; in CI the same tests fail. Runs of pytest over small generated test files."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.peers import bluesky

pytest_plugins = ["pytester"]

# The hooks of tests/conftest.py and its -ra, without Django (no database needed here).
PLUGINS = (
    "-p",
    "tests.peers.missing",
    "-p",
    "no:django",
    "-ra",
    "-W",
    "ignore::pytest.PytestAssertRewriteWarning",
)

SYNTHETIC = """
import pytest
from tests.peers.missing import peer_missing

@pytest.fixture(scope="session")
def pds():
    peer_missing("bluesky-pds", "Node.js and npm are not installed")

@pytest.fixture
def browser():
    peer_missing("chromium", "Chromium not found at /usr/bin/chromium")

def test_publish(pds): pass
def test_delete(pds): pass
def test_page(browser): pass
def test_workers_race():
    peer_missing("postgresql", "needs PostgreSQL", required_in_ci=False)
def test_plain(): pass
def test_skipped_for_another_reason(): pytest.skip("not a peer")
"""


@pytest.fixture
def outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)


def test_the_run_ends_with_one_line_naming_each_missing_peer_and_its_skipped_tests(
    pytester, outside_ci
):
    pytester.makepyfile(test_peers=SYNTHETIC)
    result = pytester.runpytest(*PLUGINS)
    result.assert_outcomes(passed=1, skipped=5)
    assert result.stdout.lines[-2] == (
        "peers missing: bluesky-pds (2 tests skipped), chromium (1 test skipped), "
        "postgresql (1 test skipped) — see tests/peers/README.md"
    )
    result.stdout.fnmatch_lines(
        ["SKIPPED [[]1[]] test_peers.py:13: Node.js and npm are not installed"]
    )


def test_in_ci_a_missing_peer_fails_and_only_postgresql_is_skipped(pytester, monkeypatch):
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(test_peers=SYNTHETIC)
    result = pytester.runpytest(*PLUGINS)
    result.assert_outcomes(passed=1, skipped=2, errors=3)
    result.stdout.fnmatch_lines(["*bluesky-pds is required in CI and missing: Node.js*"])
    assert "peers missing: postgresql (1 test skipped) — see" in result.stdout.str()


def test_a_run_that_had_every_peer_says_nothing_of_peers(pytester, outside_ci):
    pytester.makepyfile("import pytest\ndef test_a(): pass\ndef test_b(): pytest.skip('x')\n")
    result = pytester.runpytest(*PLUGINS)
    result.assert_outcomes(passed=1, skipped=1)
    assert "peers missing" not in result.stdout.str()


REAL = """
from tests.browser.conftest import browser
from tests.peers.bluesky import bluesky_network, bluesky_pds
from tests.peers.mastodon import mastodon_mock
from tests.peers.smtp import smtp_server

def test_publish(bluesky_pds): pass
def test_read_back(bluesky_pds): pass
def test_metrics(bluesky_network): pass
def test_page(browser): pass
def test_toot(mastodon_mock): pass
def test_mail(smtp_server): pass
"""


class NotInstalled:
    """Plugin making ``import mastodon_mock`` and ``import aiosmtpd`` fail during the run
    (not before: pytest itself loads mastodon-mock's plugin)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def pytest_sessionstart(self) -> None:
        for package in ("mastodon_mock", "aiosmtpd"):
            self.monkeypatch.setitem(sys.modules, package, None)


@pytest.fixture
def no_peer(pytester, monkeypatch) -> NotInstalled:
    """Bluesky without Node, no Chromium, mastodon-mock and aiosmtpd not installed."""
    for name in ("MOSTRA_TEST_BLUESKY_PDS", "MOSTRA_TEST_BLUESKY_DEVENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(bluesky.shutil, "which", lambda name: None)
    monkeypatch.setattr("tests.browser.conftest.CHROMIUM", str(pytester.path / "no-chromium"))
    pytester.makepyfile(test_peers=REAL)
    return NotInstalled(monkeypatch)


def test_every_peer_fixture_skips_through_the_one_helper(pytester, outside_ci, no_peer):
    result = pytester.runpytest(*PLUGINS, plugins=[no_peer])
    result.assert_outcomes(skipped=6)
    assert result.stdout.lines[-2] == (
        "peers missing: bluesky-devenv (1 test skipped), bluesky-pds (2 tests skipped), "
        "chromium (1 test skipped), mastodon-mock (1 test skipped), smtp (1 test skipped) "
        "— see tests/peers/README.md"
    )


def test_only_the_helper_chooses_between_a_skip_and_a_failure_in_ci():
    """A peer that reads CI itself would skip without being counted."""
    tests = Path(__file__).resolve().parents[1]
    helper = tests / "peers" / "missing.py"
    reading_ci = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path != helper and re.search(r"""environ(\.get)?[(\[]["']CI["']""", path.read_text())
    ]
    assert reading_ci == []


def test_in_ci_every_peer_fixture_fails(pytester, monkeypatch, no_peer):
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest(*PLUGINS, plugins=[no_peer])
    result.assert_outcomes(errors=6)
    for peer in ("bluesky-pds", "bluesky-devenv", "chromium", "mastodon-mock", "smtp"):
        result.stdout.fnmatch_lines([f"ERROR *Failed: {peer} is required in CI and missing: *"])
    assert "peers missing" not in result.stdout.str()
