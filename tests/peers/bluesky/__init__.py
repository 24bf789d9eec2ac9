"""Real Bluesky servers on 127.0.0.1 for the tests: a PDS, and a whole dev-env network.

The scripts beside this file start them (``ci-pds.sh``, ``ci-devenv.sh``); these
session fixtures use a server that ``.ci/run`` started (its address in
``MOSTRA_TEST_BLUESKY_PDS`` / ``MOSTRA_TEST_BLUESKY_DEVENV``), or start one on free
ports when Node is available and stop it by its pid when the session ends. Without
Node the tests are skipped with the reason (``peer_missing``: the run's last line
counts them); in CI (``CI=true``) a server that cannot be had is a failure, never a
skip.

Use them in a test module::

    from tests.peers.bluesky import bluesky_pds  # noqa: F401  (the fixture)

    def test_post(bluesky_pds):
        alice = bluesky_pds.new_account("alice")
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.peers.missing import peer_missing

HERE = Path(__file__).parent
#: The peers' names in the run's line of missing peers.
PDS, DEVENV = "bluesky-pds", "bluesky-devenv"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_block(size: int) -> int:
    """The first of ``size`` consecutive free ports."""
    for _ in range(50):
        base = free_port()
        if base + size < 65535 and all(_free(base + i) for i in range(size)):
            return base
    raise RuntimeError("no block of free ports")


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/xrpc/_health", timeout=2).is_success
    except httpx.HTTPError:
        return False


@dataclass
class PeerAccount:
    handle: str
    did: str
    password: str
    access_jwt: str = field(repr=False)
    app_password: str = field(default="", repr=False)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_jwt}"}


@dataclass
class BlueskyPeer:
    """One running server: its PDS address, and the AppView's when it has one."""

    url: str
    appview_url: str = ""
    workdir: Path | None = None

    @property
    def has_appview(self) -> bool:
        return bool(self.appview_url)

    def xrpc(self, nsid: str) -> str:
        return f"{self.url}/xrpc/{nsid}"

    def new_account(self, name: str = "user") -> PeerAccount:
        """A fresh account with an app password (as a user creates in the settings)."""
        handle = f"{name}-{secrets.token_hex(3)}.test"
        password = secrets.token_urlsafe(12)
        body = (
            httpx.post(
                self.xrpc("com.atproto.server.createAccount"),
                json={"handle": handle, "email": f"{handle}@example.test", "password": password},
                timeout=30,
            )
            .raise_for_status()
            .json()
        )
        account = PeerAccount(handle, body["did"], password, body["accessJwt"])
        app = (
            httpx.post(
                self.xrpc("com.atproto.server.createAppPassword"),
                json={"name": "mostra"},
                headers=account.auth,
                timeout=30,
            )
            .raise_for_status()
            .json()
        )
        account.app_password = app["password"]
        return account

    def records(self, did: str, collection: str = "app.bsky.feed.post") -> list[dict[str, Any]]:
        """Every record of the collection in the repository (listRecords, all pages)."""
        found: list[dict[str, Any]] = []
        cursor = None
        while True:
            params = {"repo": did, "collection": collection, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            body = httpx.get(
                self.xrpc("com.atproto.repo.listRecords"), params=params, timeout=30
            ).json()
            found.extend(body.get("records", []))
            cursor = body.get("cursor")
            if not cursor or not body.get("records"):
                return found

    def record(self, uri: str) -> dict[str, Any] | None:
        did, collection, rkey = uri.removeprefix("at://").split("/")
        response = httpx.get(
            self.xrpc("com.atproto.repo.getRecord"),
            params={"repo": did, "collection": collection, "rkey": rkey},
            timeout=30,
        )
        return response.json() if response.is_success else None

    def wait_indexed(self, viewer: PeerAccount, uri: str, timeout: float = 60) -> bool:
        """Wait until the AppView lists the post ``uri`` (getPosts through the PDS, as
        ``viewer``); whether it did. Its indexer reads each repository apart: a reply or
        a quote indexed before the post it answers notifies nobody, for good."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = httpx.get(
                self.xrpc("app.bsky.feed.getPosts"),
                params={"uris": uri},
                headers=viewer.auth,
                timeout=10,
            )
            if response.is_success and response.json().get("posts"):
                return True
            time.sleep(0.25)
        return False

    def write(self, account: PeerAccount, collection: str, record: dict[str, Any]) -> dict:
        """Another account's like, repost or follow (createRecord)."""
        return (
            httpx.post(
                self.xrpc("com.atproto.repo.createRecord"),
                json={"repo": account.did, "collection": collection, "record": record},
                headers=account.auth,
                timeout=30,
            )
            .raise_for_status()
            .json()
        )


def node_available() -> str:
    """Why the servers cannot be started here, or "" when they can."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "Node.js and npm are not installed: the local Bluesky servers cannot start"
    return ""


def _run(peer: str, script: str, workdir: Path, env: dict[str, str], timeout: int) -> None:
    """Run a start script, its output in WORKDIR/start.log (never a pipe: the server it
    starts must not hold this process's reading end open)."""
    log = workdir / "start.log"
    with log.open("wb") as out:
        try:
            code = subprocess.run(
                [str(HERE / script), str(workdir)],
                env={**os.environ, **env},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
    if code != 0:
        peer_missing(peer, f"{script} failed: {log.read_text(errors='replace')[-2000:]}")


def _stop_pid(path: Path) -> None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def bluesky_pds() -> Iterator[BlueskyPeer]:
    """A PDS without AppView: publish, read back, delete, blobs."""
    given = os.environ.get("MOSTRA_TEST_BLUESKY_PDS", "").rstrip("/")
    if given:
        if not answers(given):
            peer_missing(PDS, f"MOSTRA_TEST_BLUESKY_PDS={given} does not answer")
        yield BlueskyPeer(given)
        return
    reason = node_available()
    if reason:
        peer_missing(PDS, reason)
    workdir = Path(tempfile.mkdtemp(prefix="mostra-pds-"))
    port, plc = free_port(), free_port()
    try:
        _run(PDS, "ci-pds.sh", workdir, {"PDS_PORT": str(port), "PLC_PORT": str(plc)}, 900)
        yield BlueskyPeer(f"http://localhost:{port}", workdir=workdir)
    finally:
        _stop_pid(workdir / "pds.pid")
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def bluesky_network() -> Iterator[BlueskyPeer]:
    """A whole network (dev-env): the PDS with an AppView that counts likes and reposts."""
    given = os.environ.get("MOSTRA_TEST_BLUESKY_DEVENV", "").rstrip("/")
    if given:
        appview = os.environ.get("MOSTRA_TEST_BLUESKY_APPVIEW", "").rstrip("/")
        if not answers(given):
            peer_missing(DEVENV, f"MOSTRA_TEST_BLUESKY_DEVENV={given} does not answer")
        yield BlueskyPeer(given, appview)
        return
    reason = node_available()
    if reason:
        peer_missing(DEVENV, reason)
    workdir = Path(tempfile.mkdtemp(prefix="mostra-devenv-"))
    base = free_block(6)
    env = {
        "DEVENV_PORT_BASE": str(base),
        "DEVENV_PG_PORT": str(free_port()),
        "DEVENV_REDIS_PORT": str(free_port()),
    }
    try:
        _run(DEVENV, "ci-devenv.sh", workdir, env, 1200)
        yield BlueskyPeer(
            f"http://localhost:{base + 1}", f"http://localhost:{base + 2}", workdir=workdir
        )
    finally:
        subprocess.run([str(HERE / "stop-devenv.sh"), str(workdir)], check=False, timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
