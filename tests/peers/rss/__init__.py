"""A local site serving a live feed: Hugo (``apt-get install hugo``) on 127.0.0.1.

``make-hugo-site.sh`` writes a minimal site with two posts; Hugo serves it with its
built-in RSS template at ``/index.xml`` and rebuilds it when a file is added under
``content/posts/`` (about a second). Hugo sends ``Last-Modified`` and answers
``If-Modified-Since`` with 304 (no ``ETag``): the conditional GET of a real server.

Use the session fixture in a test module::

    from tests.peers import rss as peer

    hugo_feed = peer.hugo_feed

    def test_new_post(hugo_feed):
        guid = hugo_feed.add_post("Nouvel atelier")   # waits until the feed shows it
        ...

Without ``hugo`` the tests are skipped with a reason locally and fail in CI
(``CI=true``); ``ci-hugo.sh`` starts the same server by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.peers.missing import peer_missing
from tests.peers.smtp import free_port

HERE = Path(__file__).parent
#: How long Hugo may take to serve its feed, and to show a new post (seconds).
START_TIMEOUT = 30.0
REBUILD_TIMEOUT = 30.0


class HugoFeed:
    """Start and stop ``hugo server`` on a free loopback port, over a fresh site."""

    host = "127.0.0.1"

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.site = workdir / "site"
        self.log = workdir / "hugo.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._posts = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/index.xml"

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> None:
        subprocess.run(["sh", str(HERE / "make-hugo-site.sh"), str(self.site)], check=True)
        command = [
            "hugo",
            "server",
            "--bind",
            self.host,
            "--port",
            str(self.port),
            "--baseURL",
            self.base,
            "--disableLiveReload",
            "--watch",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=self.site, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if "Post number 1" in self.feed():
                return
            time.sleep(0.1)
        self.stop()
        tail = self.log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"hugo did not serve {self.url}:\n{tail}")

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

    def feed(self) -> str:
        try:
            response = httpx.get(self.url, timeout=2)
        except httpx.HTTPError:
            return ""
        return response.text if response.status_code == 200 else ""

    def add_post(self, title: str, body: str = "") -> str:
        """Write a new post and wait until the feed lists it; returns its address (the
        feed's guid)."""
        # Last-Modified has a second's precision: a rebuild within the second of the last
        # one would carry the same date, and a reading sending that date back would get a
        # 304 (as with any server). Let the second pass before and after the change.
        time.sleep(1.1)
        self._posts += 1
        slug = f"added-{self._posts}-{int(time.time() * 1000)}"
        (self.site / "content" / "posts" / f"{slug}.md").write_text(
            f'---\ntitle: "{title}"\ndate: 2026-03-0{min(self._posts, 9)}T09:00:00Z\n---\n'
            f"{body or title}\n",
            encoding="utf-8",
        )
        address = f"{self.base}posts/{slug}/"
        deadline = time.monotonic() + REBUILD_TIMEOUT
        while time.monotonic() < deadline:
            if address in self.feed():
                time.sleep(1.1)
                return address
            time.sleep(0.1)
        raise AssertionError(f"hugo did not show {address} within {REBUILD_TIMEOUT} s")


@pytest.fixture(scope="session")
def hugo_feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HugoFeed]:
    """A running Hugo site with a live feed; skipped locally, failed in CI, without it."""
    if shutil.which("hugo") is None:
        peer_missing("hugo", "hugo is needed for the feed peer (apt-get install hugo)")
    peer = HugoFeed(tmp_path_factory.mktemp("hugo-feed"))
    try:
        peer.start()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        peer_missing("hugo", str(exc))
    try:
        yield peer
    finally:
        peer.stop()
