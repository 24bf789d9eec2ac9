"""Counting clicks without writing on the request path, and without storing who clicked.

Each process keeps its counts in memory, per (link, day): clicks, and unique visitors
by a hash of (IP address, user agent) salted with a random salt drawn for the day and
kept in memory only (dropped at midnight: yesterday's hashes cannot be recomputed).
A flusher thread adds them to :class:`~mostra.links.models.ClickDay` every second, in
one transaction, with ``F() +`` updates (several processes add to the same row), and
once more at exit. A crash loses at most the last second's counts.

Not counted: bots and link-preview fetchers (by their user agent), and the same visitor
again on the same link within :data:`REPEAT_WINDOW` seconds (a burst counts once).
Uniques are per process: with several processes, a visitor served by two of them on
the same day counts as two (the hashes are not shared, by design).
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import threading
import time

from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from mostra.links.models import ClickDay, TrackedLink

logger = logging.getLogger(__name__)

#: Seconds between two flushes.
FLUSH_EVERY = 1.0
#: Seconds during which the same visitor on the same link counts once.
REPEAT_WINDOW = 60.0
#: Visitors remembered per process and day at most: beyond, those not seen within the
#: repeat window are forgotten (a visitor forgotten and back the same day is counted as
#: a unique visitor again): memory stays bounded under any load.
MAX_SEEN = 500_000
#: User agents that are not people: crawlers, link previews, command-line clients.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawler|spider|preview|facebookexternalhit|facebookcatalog|twitterbot"
    r"|slackbot|slack-imgproxy|linkedinbot|discordbot|whatsapp|telegrambot|googlebot"
    r"|bingbot|embedly|skypeuripreview|mastodon|pleroma|akkoma|bluesky|cardyb|iframely"
    r"|^curl/|^wget/|python-requests|python-httpx|python-urllib|aiohttp|go-http-client"
    r"|okhttp|java/|libwww|httpclient|headless|lighthouse|pingdom|uptimerobot|monitor",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """Whether a user agent is a bot or a preview fetcher (an empty one is)."""
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


class ClickBuffer:
    """The counts not yet written, for one process."""

    def __init__(self, *, autostart: bool = True) -> None:
        self.autostart = autostart
        self._lock = threading.Lock()
        self._counts: dict[tuple[int, dt.date], list[int]] = {}
        self._day: dt.date | None = None
        self._salt = b""
        #: (link, visitor hash) → when last counted, for the day in ``_day`` only.
        self._seen: dict[tuple[int, bytes], float] = {}
        self._pid = os.getpid()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def _visitor(self, day: dt.date, address: str, user_agent: str) -> bytes:
        if day != self._day:  # A new day: a new salt, yesterday's hashes forgotten.
            self._day = day
            self._salt = secrets.token_bytes(16)
            self._seen = {}
        return hashlib.blake2b(
            f"{address}\n{user_agent}".encode(errors="replace"), key=self._salt, digest_size=12
        ).digest()

    def count(
        self, link_id: int, address: str, user_agent: str, *, now: float | None = None
    ) -> bool:
        """Count one request; False when it is not counted (a bot, a repeat)."""
        if is_bot(user_agent):
            return False
        moment = time.time() if now is None else now
        day = timezone.localdate(dt.datetime.fromtimestamp(moment, tz=dt.UTC))
        with self._lock:
            if os.getpid() != self._pid:  # Forked: the parent's counts are not ours.
                self._pid, self._counts, self._thread = os.getpid(), {}, None
            visitor = self._visitor(day, address, user_agent)
            last = self._seen.get((link_id, visitor))
            if last is not None and moment - last < REPEAT_WINDOW:
                return False
            if last is None and len(self._seen) >= MAX_SEEN:
                self._forget_old(moment)
            self._seen[(link_id, visitor)] = moment
            row = self._counts.setdefault((link_id, day), [0, 0])
            row[0] += 1
            row[1] += last is None
            if self.autostart and self._thread is None:
                self._start()
        return True

    def _forget_old(self, moment: float) -> None:
        self._seen = {k: t for k, t in self._seen.items() if moment - t < REPEAT_WINDOW}
        if len(self._seen) >= MAX_SEEN // 2:  # Still full of recent ones: start afresh.
            self._seen = {}

    def pending(self) -> int:
        with self._lock:
            return sum(clicks for clicks, _u in self._counts.values())

    def flush(self) -> int:
        """Write the counts; the number of clicks written. Counts of a link deleted
        meanwhile are dropped; on a database error they are kept for the next flush."""
        with self._lock:
            counts, self._counts = self._counts, {}
        if not counts:
            return 0
        try:
            written = _write(counts)
        except Exception:
            logger.exception("Clicks could not be written; kept for the next flush.")
            with self._lock:
                for key, (clicks, uniques) in counts.items():
                    row = self._counts.setdefault(key, [0, 0])
                    row[0] += clicks
                    row[1] += uniques
            return 0
        return written

    def _start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="mostra-clicks", daemon=True)
        self._thread.start()
        atexit.register(self.flush)

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_EVERY):
            close_old_connections()
            self.flush()

    def stop(self) -> None:
        """Stop the flusher thread (after one last flush)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None
        self.flush()


def _write(counts: dict[tuple[int, dt.date], list[int]]) -> int:
    existing = set(
        TrackedLink.objects.filter(pk__in={link_id for link_id, _d in counts}).values_list(
            "pk", flat=True
        )
    )
    written = 0
    with transaction.atomic():
        for (link_id, day), (clicks, uniques) in sorted(counts.items()):
            if link_id not in existing:
                continue
            written += clicks
            changes = {"clicks": F("clicks") + clicks, "uniques": F("uniques") + uniques}
            if ClickDay.objects.filter(link_id=link_id, day=day).update(**changes):
                continue
            try:
                with transaction.atomic():
                    ClickDay.objects.create(
                        link_id=link_id, day=day, clicks=clicks, uniques=uniques
                    )
            except IntegrityError:  # Another process created it meanwhile.
                ClickDay.objects.filter(link_id=link_id, day=day).update(**changes)
    return written


#: This process's buffer (the redirect counts into it).
buffer = ClickBuffer()
