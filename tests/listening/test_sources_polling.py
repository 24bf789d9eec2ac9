"""Polite polling: due sources only, back-off doubling to six hours, one fetch per host
in a round, a claim a second poller cannot take, and the worker's periodic job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.listening import kinds
from mostra.listening.errors import SourceError
from mostra.listening.items import FetchedItem
from mostra.listening.models import Source
from mostra.listening.services import polling
from mostra.publishing import side_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_kind():
    """A kind whose reading the test decides (no network): items, or a failure."""
    outcomes: list[object] = []
    read: list[str] = []

    def fetch(request: kinds.FetchRequest) -> kinds.Fetched:
        read.append(request.source.url)
        outcome = outcomes.pop(0) if outcomes else kinds.Fetched([])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    kinds.register(
        kinds.SourceKind(
            code="test_fake",
            label="Fake",
            help="",
            fields=(kinds.Field("url", "URL"),),
            build=lambda values: kinds.Built(url=values["url"], name="fake"),
            fetch=fetch,
        )
    )
    yield outcomes, read
    kinds.KINDS.pop("test_fake")


def _source(workspace, url="https://a.example/feed", **fields) -> Source:
    return Source.objects.create(workspace=workspace, kind="test_fake", name=url, url=url, **fields)


def test_backoff_doubles_up_to_six_hours():
    assert polling.backoff(15, 1, None) == dt.timedelta(minutes=30)
    assert polling.backoff(15, 2, None) == dt.timedelta(hours=1)
    assert polling.backoff(15, 5, None) == dt.timedelta(hours=6)
    assert polling.backoff(15, 40, None) == dt.timedelta(hours=6)
    assert polling.backoff(15, 1, 7200) == dt.timedelta(hours=2)
    assert polling.backoff(15, 1, 10 * 86400) == dt.timedelta(days=1)


def test_failures_back_off_and_a_success_resets(workspace, fake_kind):
    outcomes, _read = fake_kind
    source = _source(workspace)
    now = timezone.now()
    outcomes += [SourceError("server_error", status=500)] * 3
    for failures, wait in [(1, 30), (2, 60), (3, 120)]:
        polling.poll_one(source, now)
        source.refresh_from_db()
        assert source.consecutive_failures == failures
        assert source.next_poll_at == now + dt.timedelta(minutes=wait)
        assert source.error_text == "The site answered with an error (500); mostra will try again."
    outcomes.append(kinds.Fetched([FetchedItem(guid="1", text="x")]))
    assert polling.poll_one(source, now).stored == 1
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_error == ""
    assert source.next_poll_at == now + dt.timedelta(minutes=15)


def test_an_unexpected_exception_is_recorded_not_raised(workspace, fake_kind):
    outcomes, _read = fake_kind
    source = _source(workspace)
    outcomes.append(RuntimeError("boom"))
    result = polling.poll_one(source, timezone.now())
    assert result.error == "unexpected" and "RuntimeError" in result.error_text


def test_only_due_enabled_sources_of_live_workspaces_are_read(workspace, fake_kind):
    _outcomes, read = fake_kind
    now = timezone.now()
    _source(workspace, "https://due.example/", next_poll_at=now - dt.timedelta(minutes=1))
    _source(workspace, "https://new.example/")
    _source(workspace, "https://later.example/", next_poll_at=now + dt.timedelta(minutes=1))
    _source(workspace, "https://off.example/", enabled=False)
    assert polling.poll_due(now) == 2
    assert sorted(read) == ["https://due.example/", "https://new.example/"]
    workspace.archived_at = now
    workspace.save()
    Source.objects.update(next_poll_at=None)
    assert polling.poll_due(now) == 0


def test_one_fetch_per_host_in_a_round(workspace, fake_kind):
    _outcomes, read = fake_kind
    now = timezone.now()
    first = _source(workspace, "https://same.example/a")
    second = _source(workspace, "https://same.example/b")
    other = _source(workspace, "https://other.example/")
    assert polling.poll_due(now) == 2
    assert read == [first.url, other.url]
    second.refresh_from_db()
    assert second.next_poll_at == now + dt.timedelta(seconds=polling.HOST_GAP)
    assert polling.poll_due(now + dt.timedelta(seconds=polling.HOST_GAP)) == 1
    assert read[-1] == second.url


def test_a_source_claimed_by_another_poller_is_skipped(workspace, fake_kind):
    _outcomes, read = fake_kind
    now = timezone.now()
    source = _source(workspace)
    stale = Source.objects.get(pk=source.pk)
    assert polling._claim(source, now)
    assert not polling._claim(stale, now)  # the second poller saw it due, before the claim
    assert read == []


def test_polling_is_a_periodic_job_of_the_worker():
    assert ("mostra.listening.services.polling", "poll_due", 30) in side_work.PERIODIC
    side_work.check_periodic()


def test_a_round_starts_no_reading_past_its_budget(workspace, fake_kind, monkeypatch):
    _outcomes, read = fake_kind
    monkeypatch.setattr(polling, "ROUND_BUDGET", -1.0)  # spent as soon as one is read
    for host in ("a", "b", "c"):
        _source(workspace, f"https://{host}.example/")
    now = timezone.now()
    assert polling.poll_due(now) == 1
    assert polling.poll_due(now) == 1  # the others stayed due
    assert len(read) == 2


@pytest.mark.django_db(transaction=True)
def test_a_source_removed_while_it_is_read_stores_nothing_and_stops_nothing(workspace, fake_kind):
    outcomes, _read = fake_kind
    source = _source(workspace)
    outcomes.append(kinds.Fetched([FetchedItem(guid="1", text="x", url="https://a.example/1")]))
    Source.objects.filter(pk=source.pk).delete()  # by a manager, while the fetch ran
    result = polling.poll_source(source, timezone.now(), client=None)
    assert result.error == "unexpected"
    from mostra.listening.models import Mention

    assert not Mention.objects.exists()


def test_retry_after_reads_seconds_and_http_dates():
    from mostra.listening.feeds.fetch import retry_after

    now = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Mon, 02 Mar 2026 11:00:00 GMT", now) == 3600.0
    assert retry_after("Mon, 02 Mar 2026 09:00:00 GMT", now) == 0.0  # already past
    assert retry_after("soon", now) is None
    assert retry_after(None, now) is None
