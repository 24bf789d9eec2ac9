"""What the firehose consumer makes of frames, addresses and the command line, without a
network: errors and info frames, malformed frames, the kind's address, the worker's job."""

from __future__ import annotations

import libipld
import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.core.errors import DomainError
from mostra.listening import kinds
from mostra.listening.firehose import running
from mostra.listening.firehose.frames import FrameError, decode
from mostra.listening.firehose.handles import Handles
from mostra.listening.firehose.stream import service_address, subscription_url
from mostra.listening.models import Source
from mostra.listening.services.polling import due_sources
from mostra.listening.services.sources import add_source
from mostra.publishing import side_work


def frame(header: dict, body: dict) -> bytes:
    return libipld.encode_dag_cbor(header) + libipld.encode_dag_cbor(body)


def test_an_error_frame_and_an_info_frame():
    error = decode(frame({"op": -1}, {"error": "FutureCursor", "message": "Cursor in the future"}))
    assert (error.is_error, error.name, error.seq) == (True, "FutureCursor", None)
    info = decode(frame({"op": 1, "t": "#info"}, {"name": "OutdatedCursor"}))
    assert (info.kind, info.name, info.seq) == ("#info", "OutdatedCursor", None)


def test_an_identity_names_its_handle_and_other_events_only_move_the_cursor():
    body = {"seq": 7, "did": "did:plc:abc", "handle": "alice.test", "time": "2026-12-05T10:00:00Z"}
    identity = decode(frame({"op": 1, "t": "#identity"}, body))
    assert (identity.seq, identity.did, identity.handle) == (7, "did:plc:abc", "alice.test")
    account = decode(frame({"op": 1, "t": "#account"}, {"seq": 8, "did": "did:plc:abc"}))
    assert (account.seq, account.posts) == (8, ())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\x00garbage",
        libipld.encode_dag_cbor({"op": 1, "t": "#commit"}),  # no body
        frame({"op": 1, "t": "#commit"}, {"repo": "did:plc:abc"}),  # no sequence number
        frame(
            {"op": 1, "t": "#commit"},
            {
                "seq": 3,
                "repo": "did:plc:abc",
                "blocks": b"x",
                "ops": [{"action": "create", "path": "app.bsky.feed.post/1", "cid": b"\x01q"}],
            },
        ),
    ],
)
def test_a_malformed_frame_is_a_frame_error(data):
    with pytest.raises(FrameError):
        decode(data)


def test_service_addresses():
    assert service_address("bsky.network") == "wss://bsky.network"
    assert service_address("https://PDS.example.org/xrpc/x") == "wss://pds.example.org"
    assert service_address("http://localhost:2583") == "ws://localhost:2583"
    assert subscription_url("wss://bsky.network", 42).endswith("subscribeRepos?cursor=42")
    for wrong in ("ftp://x.org", "wss://", "ws://host:99999"):
        with pytest.raises(ValueError):
            service_address(wrong)


def test_handles_are_kept_within_their_bound():
    handles = Handles("wss://bsky.network", kept=2)
    for n in range(3):
        handles.learn(f"did:plc:{n}", f"user{n}.test")
    assert (handles.get("did:plc:0"), handles.get("did:plc:2"), len(handles)) == (
        None,
        "user2.test",
        2,
    )


@pytest.mark.django_db
def test_a_firehose_source_defaults_to_the_relay_and_is_never_polled(owner_membership):
    source = add_source(owner_membership, "bluesky_firehose", {})
    assert (source.url, source.parameters) == (
        "wss://bsky.network",
        {"service": "wss://bsky.network"},
    )
    assert kinds.get("bluesky_firehose").streamed
    assert source.pk not in [s.pk for s in due_sources(source.created_at)]
    with pytest.raises(DomainError, match="not a firehose's address"):
        add_source(owner_membership, "bluesky_firehose", {"service": "ftp://relay.example"})
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_the_worker_starts_a_consumer_only_for_a_service_a_workspace_reads(
    owner_membership, monkeypatch
):
    consumed: list[str] = []

    def consume(url, stop):  # the thread, without the network nor the database
        consumed.append(url)
        stop.wait(30)

    monkeypatch.setattr(running, "_consume", consume)
    try:
        side_work.long_running.set()  # as a long-running worker's side work does
        assert running.keep_running(owner_membership.workspace.created_at) == 0
        source = add_source(owner_membership, "bluesky_firehose", {"service": "ws://127.0.0.1:9"})
        assert running.keep_running(source.created_at) == 1
        assert running.running() == ["ws://127.0.0.1:9"] and consumed == ["ws://127.0.0.1:9"]
        assert running.keep_running(source.created_at) == 0  # already running
        Source.objects.filter(pk=source.pk).update(enabled=False)
        running.keep_running(source.created_at)
        assert running.running() == []
    finally:
        side_work.long_running.clear()
        running.stop_all()


@pytest.mark.django_db
def test_a_worker_run_until_idle_starts_no_consumer_and_stops_those_it_finds(
    owner_membership, monkeypatch
):
    """``mostra worker --until-idle`` runs its periodic jobs in line and must end: a
    stream that never ends is the long-running worker's alone."""
    monkeypatch.setattr(running, "_consume", lambda url, stop: stop.wait(30))
    source = add_source(owner_membership, "bluesky_firehose", {"service": "ws://127.0.0.1:9"})
    try:
        assert running.keep_running(source.created_at) == 0
        assert running.running() == []
        side_work.long_running.set()
        assert running.keep_running(source.created_at) == 1
        side_work.long_running.clear()
        running.keep_running(source.created_at)
        assert running.running() == []
    finally:
        side_work.long_running.clear()
        running.stop_all()


@pytest.mark.django_db
def test_the_command_says_what_to_do_without_a_service(workspace):
    result = CliRunner().invoke(cli.mostra, ["listen", "firehose", "--once-for", "1"])
    assert result.exit_code == 2
    assert "No workspace reads a firehose" in result.output
    assert "bluesky_firehose" in result.output
    result = CliRunner().invoke(cli.mostra, ["listen", "firehose", "--service", "ftp://x.org"])
    assert result.exit_code == 2
    assert "not a firehose's address" in result.output


@pytest.mark.django_db
def test_the_command_refuses_a_private_service(workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    result = CliRunner().invoke(
        cli.mostra, ["listen", "firehose", "--service", "ws://127.0.0.1:9", "--once-for", "2"]
    )
    assert result.exit_code == 2
    assert "private or local address" in result.output


@pytest.mark.django_db
def test_the_sources_page_shows_a_firehose_live_with_its_streams_health(
    workspace, owner_membership, owner, owner_client, django_assert_max_num_queries
):
    import datetime as dt

    from django.utils import timezone, translation

    from mostra.listening.models import FirehoseCursor
    from tests.core.pending_french import pending

    source = add_source(owner_membership, "bluesky_firehose", {"service": "wss://relay.example"})
    now = timezone.now()
    FirehoseCursor.objects.create(
        service_url="wss://relay.example",
        seq=42,
        last_event_at=now,
        events=5000,
        counting_since=now - dt.timedelta(days=2),
        lag_seconds=0.75,
    )
    with django_assert_max_num_queries(13):
        html = owner_client.get("/w/fromagerie/listening/sources/").content.decode()
    assert "Bluesky firehose (relay.example)" in html
    assert "2500 events a day" in html and "lag 0.8 s" in html
    assert f"/listening/sources/{source.pk}/poll/" not in html  # never polled
    owner.language = "fr"
    owner.save()
    with pending("firehose"), translation.override("fr"):
        html = owner_client.get("/w/fromagerie/listening/sources/").content.decode()
    assert "en direct" in html and "2500 événements par jour" in html


@pytest.mark.django_db
def test_a_second_consumer_waits_while_another_holds_the_service(settings):
    import datetime as dt

    from django.utils import timezone

    from mostra.listening.firehose.consumer import WAITING, Consumer
    from mostra.listening.firehose.ingest import holder_name
    from mostra.listening.models import FirehoseCursor

    held = timezone.now() + dt.timedelta(seconds=60)
    FirehoseCursor.objects.create(
        service_url="ws://127.0.0.1:9", seq=7, holder="another-host:4242", held_until=held
    )

    report = Consumer("ws://127.0.0.1:9").run(0.5)

    assert (report.problems, report.subscriptions) == ([WAITING], 0)
    cursor = FirehoseCursor.objects.get()
    assert (cursor.seq, cursor.holder) == (7, "another-host:4242")  # untouched
    # Its lease run out, the service is taken (and given back when the consumer ends).
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    FirehoseCursor.objects.update(held_until=timezone.now() - dt.timedelta(seconds=1))
    taken = Consumer("ws://127.0.0.1:9")
    report = taken.run(0.5)
    assert report.subscriptions == 0 and "the service does not answer" in report.problems[0]
    assert taken.holder == holder_name() and FirehoseCursor.objects.get().holder == ""
    assert "does not answer" in FirehoseCursor.objects.get().last_error


@pytest.mark.django_db
def test_the_command_reads_for_a_while_and_says_what_happened(workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    result = CliRunner().invoke(
        cli.mostra, ["listen", "firehose", "--service", "ws://127.0.0.1:9", "--once-for", "0.5"]
    )
    assert result.exit_code == 0, result.output
    assert "Reading ws://127.0.0.1:9…" in result.output
    assert "0 events, 0 posts, 0 mentions stored; cursor -." in result.output
    assert "Meanwhile: the service does not answer" in result.output
