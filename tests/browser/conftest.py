"""Browser tests: Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.peers.missing import peer_missing

CHROMIUM = os.environ.get("MOSTRA_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"

# Playwright's sync API runs an event loop in this thread; the live server and the
# ORM calls of the test itself are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the tests' database is in memory, and the live server's threads share the
    test's one connection: two requests at once (a page and its scripts' fetches, such
    as the composer's readiness of three networks) deadlocked on it. The browser keeps
    its connections open, so each connection keeps its thread; only the handling of a
    request takes the lock. A real server has a connection per thread and no such lock.
    """

    lock = threading.Lock()

    def get_app(self):
        app = super().get_app()

        def one_at_a_time(environ, start_response):
            with self.lock:
                result = app(environ, start_response)
                try:
                    return list(result)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        return one_at_a_time


LiveServerThread.server_class = OneRequestAtATime


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        peer_missing("chromium", f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    _wait_for_the_live_server()


def _wait_for_the_live_server() -> None:
    """Let a request the browser sent before it closed finish before the test's
    database is flushed (a page's script fetching as the test ends): on PostgreSQL its
    transaction and the flush's ``TRUNCATE`` deadlocked. The live server answers one
    request at a time; taking its lock twice, a moment apart, waits for the request
    being answered and for one it had already read."""
    for _ in range(2):
        with OneRequestAtATime.lock:
            pass
        time.sleep(0.05)


@pytest.fixture
def screenshot():
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = OUTPUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
