"""A tarpit: a server on 127.0.0.1 that answers one byte at a time.

Each byte comes within any read timeout, so without a total deadline a call to it lasts
as long as the tarpit likes. The deadline tests (core.http, the link card, the worker's
side work) call it.
"""

from __future__ import annotations

import socket
import threading


class Tarpit:
    """Accepts connections; reads the request, sends ``opening`` at once, then ``dribble``
    one byte every ``every`` seconds, then closes. Each connection has its own thread."""

    def __init__(self, opening: bytes, dribble: bytes, every: float = 1.0) -> None:
        self.opening, self.dribble, self.every = opening, dribble, every
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.stopped = threading.Event()
        #: How many connections it accepted.
        self.calls = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.calls += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)  # the request (small: it fits one read)
                conn.sendall(self.opening)
                for byte in self.dribble:
                    if self.stopped.wait(self.every):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up: what a deadline is for

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


def http_answer(body: bytes, content_type: str = "text/plain") -> bytes:
    """A whole HTTP/1.1 answer with ``body``: headers, then the body."""
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body
