"""A fake network for the engine's tests, registered under test-only codes.

:data:`SERVER` is the "network": what it holds, what it was sent, and the errors it
will answer with next. Three integrations talk to it:

* ``fakenet``: idempotent (a retry with the same key meets the first post);
* ``fakenet_plain``: not idempotent, and cannot read its posts back (no
  ``find_existing``): an interrupted publication ends ``unknown``;
* ``fakenet_reads``: not idempotent, but reads its recent posts back
  (``find_existing``), as the LinkedIn or Meta integrations do.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import dataclass, field

from mostra.integrations.base import (
    REGISTRY,
    Integration,
    Outgoing,
    RemoteRef,
    Snapshot,
    TransportError,
)
from mostra.publishing.models import AccountStatus, SocialAccount


@dataclass
class FakeServer:
    #: Every post the network holds, as (key, remote id).
    posts: list[tuple[str, str]] = field(default_factory=list)
    #: Every publish request it received (keys), duplicates included.
    requests: list[str] = field(default_factory=list)
    #: What the next requests answer: an exception to raise, or None for success.
    answers: deque[BaseException | None] = field(default_factory=deque)
    #: Whether a request answered with an error still created the post (a timeout
    #: after the network stored it).
    store_before_error: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def reset(self) -> None:
        with self.lock:
            self.posts.clear()
            self.requests.clear()
            self.answers.clear()
            self.store_before_error = False
            self.ids = itertools.count(1)

    def keys(self) -> list[str]:
        return [key for key, _ in self.posts]

    def store(self, key: str) -> RemoteRef:
        remote_id = str(next(self.ids))
        self.posts.append((key, remote_id))
        return RemoteRef(remote_id, f"fake://{remote_id}", f"https://fake.example/p/{remote_id}")

    def find(self, key: str) -> RemoteRef | None:
        for stored, remote_id in self.posts:
            if stored == key:
                return RemoteRef(
                    remote_id, f"fake://{remote_id}", f"https://fake.example/p/{remote_id}"
                )
        return None


SERVER = FakeServer()


class FakeNetwork(Integration):
    network = "fakenet"
    idempotent = True

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        with SERVER.lock:
            SERVER.requests.append(outgoing.key)
            answer = SERVER.answers.popleft() if SERVER.answers else None
            existing = SERVER.find(outgoing.key) if self.idempotent else None
            if answer is not None:
                if SERVER.store_before_error and existing is None:
                    SERVER.store(outgoing.key)
                raise answer
            return existing or SERVER.store(outgoing.key)

    def delete(self, ref: RemoteRef) -> None:
        with SERVER.lock:
            SERVER.posts[:] = [p for p in SERVER.posts if p[1] != ref.remote_id]

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        return []


class FakePlainNetwork(FakeNetwork):
    network = "fakenet_plain"
    idempotent = False


class FakeReadingNetwork(FakeNetwork):
    network = "fakenet_reads"
    idempotent = False

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        with SERVER.lock:
            return SERVER.find(outgoing.key)


NETWORKS = {cls.network: cls for cls in (FakeNetwork, FakePlainNetwork, FakeReadingNetwork)}


def install() -> None:
    REGISTRY.update(NETWORKS)


def uninstall() -> None:
    for code in NETWORKS:
        REGISTRY.pop(code, None)


def connect(workspace: object, network: str = "fakenet", handle: str = "") -> SocialAccount:
    """A connected account of the workspace on ``network`` (no real credentials)."""
    return SocialAccount.objects.create(
        workspace=workspace,
        network=network,
        handle=handle or f"fromagerie.{network}",
        external_id=f"id-{network}-{handle}",
        credentials={"token": "tok-SECRET-123"},
        status=AccountStatus.CONNECTED,
    )


def rate_limited(seconds: float = 30) -> TransportError:
    return TransportError("Too many requests", retry_after=seconds, http_status=429)


def server_error() -> TransportError:
    return TransportError("The server had a problem (502)", http_status=502)


def timeout_after_sending() -> TransportError:
    return TransportError("No answer within 30 s", unknown_outcome=True)
