"""Metrics collection: the schedule, None versus 0, one network call per account,
and what an error does (a rate limit waits, refused credentials mark the account)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.publishing.models import (
    AccountStatus,
    FollowerSnapshot,
    MetricSnapshot,
    Publication,
    WebhookDelivery,
    WebhookEvent,
)
from mostra.publishing.services import metrics
from mostra.publishing.services.metrics import collect_due, collect_followers_due, next_collection
from mostra.publishing.services.webhooks import new_secret
from tests.publishing.builders_ui import (
    install_fake_network,
    make_account,
    make_publication,
    uninstall_fake_network,
)

T = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


@pytest.fixture
def fake():
    yield install_fake_network()
    uninstall_fake_network()


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (dt.timedelta(0), 1 * H),
        (1 * H, 3 * H),
        (2 * H, 3 * H),
        (3 * H, 6 * H),
        (11 * H, 12 * H),
        (12 * H, 1 * D),
        (2 * D + 5 * H, 3 * D),
        (7 * D, 14 * D),
        (8 * D, 14 * D),
        (22 * D, 28 * D),
        (29 * D, 30 * D),
        (31 * D, 60 * D),
        (60 * D, 90 * D),
        (90 * D, None),
        (400 * D, None),
    ],
)
def test_the_schedule_is_dense_at_first_then_sparse_then_stops(age, expected):
    assert next_collection(T, T + age) == (None if expected is None else T + expected)


def test_a_publication_is_read_at_each_moment_of_its_schedule(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.counts = {publication.remote_id: {"likes": 3, "reposts": 1}}
    with time_machine.travel(T + 30 * dt.timedelta(minutes=1), tick=False):
        assert collect_due(T + 30 * dt.timedelta(minutes=1)) == 0
    assert fake.calls == []
    moments = []
    now = T + H
    while now is not None and now < T + 100 * D:
        with time_machine.travel(now, tick=False):
            assert collect_due(now) == 1
        publication.refresh_from_db()
        moments.append(now - T)
        now = publication.next_metrics_at
    assert now is None, "collection stops after day 90"
    assert moments == list(metrics.SCHEDULE)
    snapshots = MetricSnapshot.objects.filter(publication=publication)
    assert snapshots.count() == len(metrics.SCHEDULE)
    assert snapshots.last().likes == 3
    account.refresh_from_db()
    assert account.last_ok_at == T + 90 * D


def test_a_late_collection_skips_the_moments_it_missed(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    assert collect_due(T + 2 * D + 5 * H) == 1
    publication.refresh_from_db()
    assert publication.next_metrics_at == T + 3 * D


def test_a_count_the_network_does_not_give_stays_none_and_zero_stays_zero(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.counts = {publication.remote_id: {"likes": 0, "reposts": None, "impressions": 12}}
    collect_due(T + H)
    snapshot = MetricSnapshot.objects.get(publication=publication)
    assert snapshot.likes == 0
    assert snapshot.reposts is None
    assert snapshot.replies is None
    assert snapshot.impressions == 12


def test_a_publication_never_scheduled_is_read_too(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=None)
    assert collect_due(T + 2 * H) == 1
    publication.refresh_from_db()
    assert publication.next_metrics_at == T + 3 * H


def test_what_is_not_published_or_not_due_is_not_read(workspace, fake):
    account = make_account(workspace)
    make_publication(account, state="pending", published_at=None, next_metrics_at=T)
    make_publication(account, published_at=T, next_metrics_at=T + 3 * H)
    make_publication(account, published_at=T - 200 * D, next_metrics_at=None)
    assert collect_due(T + H) == 0
    assert fake.calls == []


def _queries_for(workspace, fake, per_account: int) -> int:
    accounts = [make_account(workspace, handle=f"acc{i}-{per_account}.example") for i in range(2)]
    for account in accounts:
        for _ in range(per_account):
            make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.calls.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert collect_due(T + H) == 2 * per_account
    assert sorted(len(call) for call in fake.calls) == [per_account, per_account]
    MetricSnapshot.objects.all().delete()
    Publication.objects.all().delete()
    return len(ctx.captured_queries)


def test_one_network_call_per_account_and_queries_do_not_grow_with_publications(workspace, fake):
    few = _queries_for(workspace, fake, 3)
    many = _queries_for(workspace, fake, 12)
    assert few == many
    assert few <= 2 + 2 * 6  # the due list, then per account: claim, read, store, update…


def test_a_second_run_at_the_same_moment_reads_nothing_again(workspace, fake):
    account = make_account(workspace)
    make_publication(account, published_at=T, next_metrics_at=T + H)
    assert collect_due(T + H) == 1
    assert collect_due(T + H) == 0
    assert len(fake.calls) == 1


def test_a_rate_limit_postpones_without_marking_the_account(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.error = TransportError("Too many requests", retry_after=120, http_status=429)
    assert collect_due(T + H) == 0
    publication.refresh_from_db()
    account.refresh_from_db()
    assert publication.next_metrics_at == T + H + dt.timedelta(seconds=120)
    assert account.status == AccountStatus.CONNECTED
    assert account.last_error == ""
    assert not MetricSnapshot.objects.exists()


def test_refused_credentials_mark_the_account_as_needing_reconnection(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.error = CredentialsRejected("The token was revoked.")
    collect_due(T + H)
    account.refresh_from_db()
    publication.refresh_from_db()
    assert account.status == AccountStatus.NEEDS_RECONNECT
    assert account.last_error == "The token was revoked."
    assert publication.next_metrics_at == T + H + D
    fake.calls.clear()
    assert collect_due(T + H + D) == 0
    assert fake.calls == [], "an account that needs reconnecting is not called"


def test_another_error_is_written_on_the_account_and_retried_later(workspace, fake):
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.error = TransportError("The server answered 502.", http_status=502)
    collect_due(T + H)
    account.refresh_from_db()
    publication.refresh_from_db()
    assert account.status == AccountStatus.CONNECTED
    assert account.last_error == "The server answered 502."
    assert account.last_error_at == T + H
    assert publication.next_metrics_at == T + 2 * H


def test_a_disconnected_account_is_skipped_to_the_next_moment(workspace, fake):
    account = make_account(workspace, status=AccountStatus.DISCONNECTED)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    assert collect_due(T + H) == 0
    publication.refresh_from_db()
    assert publication.next_metrics_at == T + 3 * H
    assert fake.calls == []


def test_new_metrics_are_sent_to_the_webhooks_that_listen(workspace, fake):
    workspace.webhooks.create(
        url="https://hooks.example.org/a", secret=new_secret(), events=[WebhookEvent.METRICS]
    )
    workspace.webhooks.create(
        url="https://hooks.example.org/b", secret=new_secret(), events=[WebhookEvent.PUBLISHED]
    )
    account = make_account(workspace)
    publication = make_publication(account, published_at=T, next_metrics_at=T + H)
    fake.counts = {publication.remote_id: {"likes": 7, "replies": 0}}
    collect_due(T + H)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == WebhookEvent.METRICS
    data = delivery.payload["data"]
    assert data["metrics"]["likes"] == 7
    assert data["metrics"]["replies"] == 0
    assert data["metrics"]["reposts"] is None
    assert data["publication"]["network"] == "uifake"
    assert data["post"]["workspace"] == "fromagerie"


def test_followers_are_read_once_a_day(workspace, fake):
    account = make_account(workspace, next_followers_at=None)
    assert collect_followers_due(T) == 1
    assert collect_followers_due(T + H) == 0
    snapshot = FollowerSnapshot.objects.get(account=account)
    assert (snapshot.followers, snapshot.following, snapshot.posts) == (120, 8, 40)
    account.refresh_from_db()
    assert account.next_followers_at == T + D
    assert collect_followers_due(T + D) == 1
    assert FollowerSnapshot.objects.count() == 2


def test_followers_of_accounts_that_cannot_be_read_are_not_asked(workspace, fake):
    make_account(workspace, handle="a.example", status=AccountStatus.DISCONNECTED)
    make_account(workspace, handle="b.example", status=AccountStatus.NEEDS_RECONNECT)
    assert collect_followers_due(T) == 0
    assert not FollowerSnapshot.objects.exists()


def test_followers_rate_limited_are_postponed(workspace, fake):
    account = make_account(workspace, next_followers_at=T)
    fake.error = TransportError("slow down", retry_after=600)
    assert collect_followers_due(T) == 0
    account.refresh_from_db()
    assert account.next_followers_at == T + dt.timedelta(minutes=10)
    assert account.last_error == ""


def test_a_network_without_follower_figures_stores_nothing(workspace, fake):
    from mostra.integrations.base import AccountFigures

    account = make_account(workspace, next_followers_at=None)
    fake.followers = AccountFigures()
    assert collect_followers_due(T) == 0
    account.refresh_from_db()
    assert not FollowerSnapshot.objects.exists()
    assert account.next_followers_at == T + D, "asked again tomorrow, not at every tick"
    assert account.last_ok_at is None, "no figure is not a success to show"
