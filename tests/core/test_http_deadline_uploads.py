"""A call's deadline as the publications use it: an upload's grows with its size
(``calls_within(..., sending_rate=...)``), and a failure tells whether it was the deadline
passing, and how long the call had (:func:`deadline_passed`), so that the words a person
reads can say "within 25 seconds"."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mostra.core.http import DEADLINE, ENDS_AT, calls_within, deadline_passed, outbound_client
from tests.tarpit import Tarpit

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n"


class Recorder:
    """A transport answering 200 to everything; keeps each request's extensions."""

    def __init__(self) -> None:
        self.extensions: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.extensions.append(dict(request.extensions))
        return httpx.Response(200)


@pytest.fixture
def recorder(settings) -> Recorder:
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # example.org must not be resolved
    return Recorder()


def client_for(recorder: Recorder, **options) -> httpx.Client:
    return outbound_client(transport=httpx.MockTransport(recorder), **options)


def test_an_upload_has_its_size_at_the_sending_rate_more(recorder):
    with calls_within(25.0, sending_rate=1000.0), client_for(recorder) as client:
        client.post("https://example.org/upload", content=b"x" * 3000)
        client.get("https://example.org/status")
    upload, status = recorder.extensions
    assert upload[DEADLINE] == pytest.approx(28.0)
    assert status[DEADLINE] == pytest.approx(25.0)
    assert ENDS_AT in upload and ENDS_AT in status


def test_a_file_sent_in_a_form_counts_by_its_size(recorder, tmp_path):
    """Mastodon sends the open file in a multipart form: its length is known before."""
    path = tmp_path / "tomme.jpg"
    path.write_bytes(b"\xff" * 5000)
    with calls_within(25.0, sending_rate=1000.0), client_for(recorder) as client:
        with path.open("rb") as handle:
            client.post("https://example.org/media", files={"file": ("tomme.jpg", handle)})
    [upload] = recorder.extensions
    assert upload[DEADLINE] > 30.0  # the file's 5 s and the form's few bytes


def test_a_deadline_the_call_or_its_client_names_is_kept(recorder):
    with calls_within(25.0, sending_rate=1000.0):
        with client_for(recorder) as client:
            client.get("https://example.org/page", extensions={"deadline": 8.0})
        with client_for(recorder, deadline=15.0) as client:
            client.post("https://example.org/hook", content=b"x" * 3000)
    page, hook = recorder.extensions
    assert (page[DEADLINE], hook[DEADLINE]) == (8.0, 15.0)


def test_without_a_rate_a_body_adds_nothing(recorder):
    with calls_within(30.0), client_for(recorder) as client:
        client.post("https://example.org/upload", content=b"x" * 3000)
    assert recorder.extensions[0][DEADLINE] == 30.0


@pytest.fixture
def tarpit(settings) -> Iterator[Tarpit]:
    """Headers at once, then a byte of the body every 2 seconds (24 s for the call)."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    server = Tarpit(HEADERS, b"0123456789ab", every=2.0)
    yield server
    server.close()


def test_a_call_cut_by_its_deadline_says_how_long_it_had(tarpit):
    with outbound_client(deadline=1.5) as client, pytest.raises(httpx.TimeoutException) as cut:
        client.get(tarpit.url)
    assert deadline_passed(cut.value) == 1.5


def test_a_read_timeout_before_the_deadline_is_not_the_deadlines(tarpit):
    """Each byte comes 2 s apart: the 0.5 s read timeout gives up long before the 20 s."""
    timeout = httpx.Timeout(0.5, connect=5.0)
    with outbound_client(timeout=timeout, deadline=20.0) as client:
        with pytest.raises(httpx.ReadTimeout) as early:
            client.get(tarpit.url)
    assert deadline_passed(early.value) is None


def test_other_failures_are_not_the_deadlines():
    assert deadline_passed(httpx.ConnectError("refused")) is None
    assert deadline_passed(httpx.ReadTimeout("no request")) is None
    assert deadline_passed(ValueError("not a call")) is None
