"""A tiny local HTTP server of feeds, good and hostile, for the feed tests.

Each path is one behaviour: a plain RSS feed that honours ``If-None-Match``, an XML bomb,
an external entity, a 100 MB body (with and without its length), endless redirects,
wrong and missing encodings, malformed dates, a 429 with ``Retry-After``, an HTML page.
The server counts the requests of each path.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ETAG = '"v1"'

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Atelier</title><language>fr</language>
<item><title>Réparer son vélo</title><link>https://atelier.example/1</link>
<guid>atelier-1</guid><pubDate>Mon, 02 Mar 2026 10:00:00 +0000</pubDate>
<author>marie@atelier.example (Marie)</author>
<description>&lt;p&gt;Un &lt;b&gt;atelier&lt;/b&gt; de réparation&lt;br/&gt;à Lyon&lt;/p&gt;
</description></item>
<item><title>Second</title><link>https://atelier.example/2</link><guid>atelier-2</guid>
<pubDate>Tue, 03 Mar 2026 10:00:00 +0000</pubDate><description>Deux</description></item>
</channel></rss>
"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Bomb</title>
<item><title>&lol9;</title><link>https://bomb.example/1</link></item></channel></rss>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>&secret;</title><link>https://xxe.example/1</link></item></channel></rss>
"""

# Declared UTF-8, written in Latin-1 ("é" is one byte 0xE9): wrong encoding.
WRONG_ENCODING = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Vélo</title>'
    "<item><title>Café vélo</title><link>https://enc.example/1</link>"
    "<description>Crème brûlée</description></item></channel></rss>"
).encode("latin-1")

# No declaration, no charset: Windows-1252 bytes ("’" is 0x92).
NO_ENCODING = (
    '<rss version="2.0"><channel><title>Sans</title><item><title>L’atelier</title>'
    "<link>https://noenc.example/1</link><description>Ouvert</description></item>"
    "</channel></rss>"
).encode("cp1252")

BAD_DATES = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Dates</title>
<item><title>Never</title>
<link>https://dates.example/1</link>
<pubDate>the 32nd of Smarch</pubDate></item>
<item><title>Zero</title>
<link>https://dates.example/2</link>
<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate></item>
<item><title>Future</title>
<link>https://dates.example/3</link>
<pubDate>Sat, 01 Jan 2999 00:00:00 +0000</pubDate></item>
<item><title>Fine</title>
<link>https://dates.example/4</link>
<pubDate>Wed, 04 Mar 2026 08:30:00 +0100</pubDate></item>
</channel></rss>
"""

HTML = b"<!doctype html><html><head><title>Not a feed</title></head><body><p>Hi</p></body></html>"

HUGE = 100 * 1024 * 1024
PIECE = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"


class _Handler(BaseHTTPRequestHandler):
    server: FeedServer  # type: ignore[assignment]

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        self.server.calls[path] += 1
        route = getattr(self, "route_" + path.strip("/").replace("-", "_").replace(".", "_"), None)
        if route is None:
            self.send_error(404)
            return
        route()

    def _send(self, body: bytes, content_type: str = "application/rss+xml", **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def route_feed_xml(self) -> None:
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.end_headers()
            return
        self._send(RSS.encode(), "application/rss+xml; charset=utf-8", ETag=ETAG)

    def route_bomb_xml(self) -> None:
        self._send(BOMB)

    def route_xxe_xml(self) -> None:
        self._send(XXE)

    def route_wrong_encoding_xml(self) -> None:
        self._send(WRONG_ENCODING, "application/rss+xml; charset=utf-8")

    def route_no_encoding_xml(self) -> None:
        self._send(NO_ENCODING, "application/xml")

    def route_dates_xml(self) -> None:
        self._send(BAD_DATES)

    def route_page_html(self) -> None:
        self._send(HTML, "text/html; charset=utf-8")

    def route_busy(self) -> None:
        self.send_response(429)
        self.send_header("Retry-After", "7200")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_gone(self) -> None:
        self.send_response(410)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_loop(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if declared:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        sent = 0
        try:
            while sent < HUGE:
                self.wfile.write(PIECE)
                sent += len(PIECE)
                self.server.bytes_sent += len(PIECE)
        except OSError:
            return  # the client gave up, as it should

    def route_huge_xml(self) -> None:
        self.close_connection = True
        self._huge(declared=False)

    def route_huge_declared_xml(self) -> None:
        self._huge(declared=True)


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: Counter[str] = Counter()
        self.bytes_sent = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture
def feed_server(settings) -> Iterator[FeedServer]:
    """The server, running; loopback allowed for the test (as the peer tests do)."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
