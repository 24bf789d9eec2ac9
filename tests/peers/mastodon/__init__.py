"""mastodon-mock (PyPI): a stateful imitation of the Mastodon REST API on 127.0.0.1.

It proves that mostra's requests are well formed and that a status, its media, its
thread and its counts come back as they went out. It is an imitation, not Mastodon:
the behaviours it lacks (rate-limit headers as Mastodon sends them, an instance with
another character limit, a revoked token's words) are tested with recorded responses.

Use the session fixture in a test module::

    from tests.peers import mastodon as peer

    mastodon_mock = peer.mastodon_mock

    def test_publish(mastodon_mock):
        user = mastodon_mock.new_user()   # a fresh account and its token
        ...

Without the package, the tests are skipped with a reason locally and fail in CI
(``CI=true``). ``ci-mastodon-mock.sh`` starts the same server by hand.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.peers.missing import peer_missing
from tests.peers.smtp import free_port

#: How long the server may take to answer its first request (seconds).
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class MockUser:
    id: str
    username: str
    token: str


class MastodonMock:
    """Start and stop ``python -m mastodon_mock serve`` on a free loopback port."""

    host = "127.0.0.1"

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None
        self.log = workdir / "mastodon-mock.log"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "mastodon_mock",
            "serve",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--in-memory",
            "--log-level",
            "warning",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT
            )
        (self.workdir / "mmock.pid").write_text(str(self.process.pid))
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/api/v1/instance", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        tail = self.log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"mastodon-mock did not start on {self.url}:\n{tail}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    # What the tests ask of it ---------------------------------------------------

    def new_user(self, name: str = "") -> MockUser:
        """A fresh local account and a token for it (tests never share an account)."""
        username = name or f"atelier_{secrets.token_hex(4)}"
        body = httpx.post(
            f"{self.url}/api/v1/_mock/dev_user",
            json={"username": username, "display_name": username.replace("_", " ").title()},
            timeout=10,
        ).json()
        return MockUser(id=str(body["id"]), username=username, token=body["access_token"])

    def as_user(self, user: MockUser, method: str, path: str, **options: Any) -> httpx.Response:
        """A request to the mock made by ``user`` (another account liking, following…)."""
        headers = {"Authorization": f"Bearer {user.token}"}
        return httpx.request(method, self.url + path, headers=headers, timeout=10, **options)


@pytest.fixture(scope="session")
def mastodon_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MastodonMock]:
    """A running mastodon-mock for the session; skipped locally, failed in CI, without it."""
    try:
        import mastodon_mock  # noqa: F401
    except ImportError:
        peer_missing(
            "mastodon-mock",
            "mastodon-mock is needed for the Mastodon peer tests "
            "(pip install -r requirements/dev.lock)",
        )
    peer = MastodonMock(tmp_path_factory.mktemp("mastodon-mock"))
    try:
        peer.start()
    except RuntimeError as exc:
        peer_missing("mastodon-mock", str(exc))
    try:
        yield peer
    finally:
        peer.stop()
