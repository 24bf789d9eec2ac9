"""A peer that the tests need and cannot have: skipped and counted here, failed in CI.

Every test that needs a real peer (a Bluesky server, mastodon-mock, an SMTP server,
Chromium, xgettext, PostgreSQL) and cannot have it calls :func:`peer_missing`. Outside
CI the test is skipped with the reason, and the run ends with one line naming the
missing peers and how many tests each one cost, so that a green run cannot hide them::

    peers missing: bluesky-pds (23 tests skipped), chromium (41 tests skipped) — see ...

In CI (``CI=true``) a missing peer is a failure instead. The two hooks below are
imported by ``tests/conftest.py``; a session fixture's skip is raised again for each
test that uses it, so every skipped test is counted, not only the first.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import NoReturn

import pytest

#: Where the peers, and how to have each one, are described.
PEERS_DOC = "tests/peers/README.md"
#: The attribute of the skip, and the key of the report's user property, naming the peer.
PROPERTY = "peer_missing"


def in_ci() -> bool:
    """Whether this run is CI's (``CI`` set to anything but empty, 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def peer_missing(peer: str, reason: str, *, required_in_ci: bool = True) -> NoReturn:
    """Skip the test because ``peer`` is missing, saying why and what to do; fail in CI.

    ``required_in_ci=False`` for a peer that CI itself runs without on purpose
    (PostgreSQL on the SQLite run): skipped and counted there too.
    """
    __tracebackhide__ = True  # the skip's location is the caller's
    if required_in_ci and in_ci():
        pytest.fail(f"{peer} is required in CI and missing: {reason}", pytrace=False)
    skip = pytest.skip.Exception(reason)  # pytest's own: -ra shows the reason as ever
    setattr(skip, PROPERTY, peer)  # read by pytest_runtest_makereport
    raise skip


def summary_line(reports: Iterable[pytest.TestReport]) -> str:
    """``peers missing: NAME (N tests skipped), ... — see ...``, or "" when none was."""
    skipped = Counter(
        value for report in reports for key, value in report.user_properties if key == PROPERTY
    )
    if not skipped:
        return ""
    counts = ", ".join(
        f"{peer} ({count} {'test' if count == 1 else 'tests'} skipped)"
        for peer, count in sorted(skipped.items())
    )
    return f"peers missing: {counts} — see {PEERS_DOC}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Mark the report of a test skipped by :func:`peer_missing` with the peer's name."""
    report = yield
    peer = getattr(call.excinfo.value, PROPERTY, None) if call.excinfo is not None else None
    if peer:
        report.user_properties.append((PROPERTY, peer))
    return report


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter):
    """End the run with the one line of missing peers, when there were any: after every
    other summary (-ra's list of skips included), just above the counts' line."""
    result = yield
    line = summary_line(terminalreporter.stats.get("skipped", []))
    if line:
        terminalreporter.write_line(line, yellow=True, bold=True)
    return result
