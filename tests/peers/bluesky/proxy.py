"""A loopback HTTP proxy in front of a real PDS, to make faults happen on purpose.

Every request is forwarded to the PDS as it came; the test chooses what goes wrong:

- :meth:`FaultProxy.hold_writes` ``("after")``: a ``putRecord`` reaches the PDS (the
  record is written) but its answer is held back, as when a worker dies or a network
  cuts between the write and the answer; ``("before")``: the request is held before it
  reaches the PDS, and goes on only when :meth:`release` is called (a late duplicate);
- :meth:`stop` / :meth:`start`: nobody listens on the port any more (connection
  refused), then the same port answers again.

:attr:`writes_seen` is set when a held ``putRecord`` arrives, so that a test can act
at that moment (kill the worker).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

import httpx

HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "host",
}


class FaultProxy:
    def __init__(self, upstream: str, port: int = 0) -> None:
        self.upstream = upstream.rstrip("/")
        self.port = port
        self.hold: Literal["", "before", "after"] = ""
        #: Seconds each putRecord waits before it is forwarded (a slow server).
        self.write_delay = 0.0
        self.writes_seen = threading.Event()
        self._released = threading.Event()
        #: (XRPC method, the PDS's status) of every request forwarded, in order.
        self.forwarded: list[tuple[str, int]] = []
        self._server: ThreadingHTTPServer | None = None
        self._client = httpx.Client(timeout=60)

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: stop() is felt at once

            def do_GET(self) -> None:  # noqa: N802
                proxy._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                proxy._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening: new connections are refused (the port is kept for start())."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def close(self) -> None:
        self.release()
        self.stop()
        self._client.close()

    def hold_writes(self, when: Literal["", "before", "after"]) -> None:
        self.hold = when
        self.writes_seen.clear()
        self._released.clear()

    def pass_new_writes(self) -> None:
        """New requests pass; the ones held stay held until :meth:`release`."""
        self.hold = ""

    def release(self) -> None:
        """Let the held requests go on (and answers go back)."""
        self.hold = ""
        self._released.set()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        is_write = handler.path.startswith("/xrpc/com.atproto.repo.putRecord")
        hold = self.hold if is_write else ""
        if hold:
            self.writes_seen.set()
        if hold == "before":
            self._released.wait(120)
        if is_write and self.write_delay:
            time.sleep(self.write_delay)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP}
        try:
            answer = self._client.request(
                handler.command, self.upstream + handler.path, headers=headers, content=body
            )
        except httpx.HTTPError:
            handler.send_error(502)
            return
        self.forwarded.append((handler.path.split("?")[0].rsplit("/", 1)[1], answer.status_code))
        if hold == "after":
            self._released.wait(120)
        try:
            handler.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in HOP:
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(answer.content)))
            handler.end_headers()
            handler.wfile.write(answer.content)
        except OSError:
            pass  # the worker is gone
