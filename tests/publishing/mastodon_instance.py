"""Just enough of a Mastodon instance on 127.0.0.1 to publish to it, and to be a tarpit.

It answers ``POST /api/v1/statuses`` as Mastodon does: the status it makes is kept with
the request's ``Idempotency-Key``, and a second request with the same key gets the same
status back instead of a new one. Its first ``dribbled`` posts are answered as a tarpit
would (an instance its user controls, or one in trouble): the status is made, the
answer's headers come at once, then its body one byte every ``every`` seconds: each
byte within any read timeout, the whole in minutes. ``answer_after``: every answer
comes that many seconds after its status is made (a distant network). Each connection
has its own thread.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    """One ``POST /api/v1/statuses``: its key, the status it got, when it came."""

    key: str
    status_id: str
    at: float


class Instance:
    """The instance; ``url`` is its address, as an account's ``service_url``."""

    def __init__(self, *, dribbled: int = 0, every: float = 2.0, answer_after: float = 0.0) -> None:
        self.dribbled, self.every = dribbled, every
        #: Seconds between making a status and answering (a network's latency).
        self.answer_after = answer_after
        #: Every status made, by its Idempotency-Key.
        self.statuses: dict[str, dict[str, Any]] = {}
        #: Every post request, in order (retries included).
        self.received: list[Received] = []
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._ids = itertools.count(110_000_000_000_000_001)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def post(self, key: str, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The status for a post request, and whether its answer is dribbled."""
        with self._lock:
            status = self.statuses.get(key) if key else None
            if status is None:
                number = next(self._ids)
                status = {
                    "id": str(number),
                    "uri": f"{self.url}/users/atelier/statuses/{number}",
                    "url": f"{self.url}/@atelier/{number}",
                    "content": f"<p>{body.get('status', '')}</p>",
                    "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "visibility": body.get("visibility", "public"),
                }
                if key:
                    self.statuses[key] = status
            self.received.append(Received(key, status["id"], time.time()))
            return status, len(self.received) <= self.dribbled

    def close(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()


def _handler(instance: Instance) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/api/v1/statuses":
                self._answer(404, {"error": "Record not found"})
                return
            status, dribbled = instance.post(
                self.headers.get("Idempotency-Key", ""), json.loads(raw or b"{}")
            )
            if instance.answer_after and instance.stopped.wait(instance.answer_after):
                return
            self._answer(200, status, dribbled=dribbled)

        def _answer(self, code: int, body: dict[str, Any], *, dribbled: bool = False) -> None:
            payload = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if not dribbled:
                self.wfile.write(payload)
                return
            self.close_connection = True
            try:
                for byte in payload:
                    if instance.stopped.wait(instance.every):
                        return
                    self.wfile.write(bytes([byte]))
            except OSError:
                return  # the client gave up: what its deadline is for

        def log_message(self, *args: object) -> None:
            pass

    return Handler
