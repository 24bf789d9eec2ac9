"""The one claim-and-lease helper (mostra.core.claims) and the state machines' rule
(mostra.core.state_machines): two claimers never both get a row, a lease expires and
is renewed, a lost claim writes nothing, an undeclared transition is refused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from mostra.core.claims import Lease, token
from mostra.core.state_machines import Machine, RefusedTransition
from mostra.reports.models import ReportSchedule
from tests.peers.missing import peer_missing

T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
TTL = dt.timedelta(minutes=10)
#: The helper on a model with owner columns (a report schedule's), its own lease.
LEASE = Lease("claimed_by", "claimed_at", ttl=TTL)
RUN = Machine(
    "test run",
    "run_state",
    {("waiting", "sending"): "claimed", ("sending", "waiting"): "done"},
    frozenset({"waiting", "sending", "failed"}),
)


def rows_of(workspace, n: int = 3) -> list[ReportSchedule]:
    return [
        ReportSchedule.objects.create(workspace=workspace, recipients=f"board{i}@example.org")
        for i in range(n)
    ]


def everything():
    return ReportSchedule.objects.all()


def test_two_claimers_never_both_get_a_row(workspace):
    rows_of(workspace)
    a, b = token("worker-a"), token("worker-b")
    assert a != b and a.startswith("worker-a#")
    assert LEASE.claim(everything(), a, T0) == 3
    assert LEASE.claim(everything(), b, T0) == 0  # all held by A
    assert everything().filter(**LEASE.held(a)).count() == 3
    assert not everything().filter(**LEASE.held(b)).exists()


def test_an_expired_claim_is_taken_and_its_old_holder_writes_nothing(workspace):
    rows_of(workspace, 1)
    a, b = token("a"), token("b")
    assert LEASE.claim(everything(), a, T0) == 1
    assert LEASE.claim(everything(), b, T0 + TTL) == 0  # not expired yet: still A's
    assert LEASE.claim(everything(), b, T0 + TTL + dt.timedelta(seconds=1)) == 1
    # A comes back from the dead: its renewal and its outcome are refused.
    assert LEASE.renew(everything(), a, T0 + TTL * 2) == 0
    assert LEASE.release(everything(), a, last_error="A's outcome") == 0
    [row] = everything()
    assert (row.claimed_by, row.last_error) == (b, "")


def test_a_renewed_claim_holds_a_lease_more(workspace):
    rows_of(workspace, 1)
    a, b = token("a"), token("b")
    LEASE.claim(everything(), a, T0)
    renewed = T0 + TTL - dt.timedelta(minutes=1)
    assert LEASE.renew(everything(), a, renewed) == 1
    assert LEASE.claim(everything(), b, T0 + TTL + dt.timedelta(seconds=1)) == 0
    assert LEASE.claim(everything(), b, renewed + TTL + dt.timedelta(seconds=1)) == 1


def test_a_release_frees_the_rows_at_once_and_writes_the_outcome(workspace):
    rows_of(workspace, 2)
    a, b = token("a"), token("b")
    LEASE.claim(everything(), a, T0)
    assert LEASE.release(everything(), a, last_error="done") == 2
    assert set(everything().values_list("claimed_by", "last_error")) == {("", "done")}
    assert LEASE.claim(everything(), b, T0) == 2  # nobody holds them: no wait


def test_a_claim_with_a_state_change_moves_only_rows_in_its_source_state(workspace):
    first, second, third = rows_of(workspace)
    ReportSchedule.objects.filter(pk=third.pk).update(run_state="failed")
    a = token("a")
    claiming = RUN.change("waiting", "sending")
    assert LEASE.claim(everything(), a, T0, claiming) == 2
    states = dict(everything().values_list("pk", "run_state"))
    assert states == {first.pk: "sending", second.pk: "sending", third.pk: "failed"}
    done = RUN.change("sending", "waiting")
    assert LEASE.release(everything().filter(pk=first.pk), a, done) == 1
    assert ReportSchedule.objects.get(pk=first.pk).run_state == "waiting"


def test_expired_claims_of_a_lease_each_row_decides_are_put_back(workspace):
    """No fixed ttl (a publication's lease depends on it): the caller names the
    expiry, and the state change keeps the others out meanwhile."""
    rows_of(workspace, 2)
    per_row = Lease("claimed_by", "claimed_at")
    a = token("a")
    assert per_row.claim(everything(), a, T0, RUN.change("waiting", "sending")) == 2
    assert per_row.claim(everything(), token("b"), T0, RUN.change("waiting", "sending")) == 0
    back = RUN.change("sending", "waiting")
    assert per_row.reclaim_expired(everything(), T0 + TTL, TTL, back) == 0
    late = T0 + TTL + dt.timedelta(seconds=1)
    assert per_row.reclaim_expired(everything(), late, TTL, back, last_error="interrupted") == 2
    assert set(everything().values_list("run_state", "claimed_by", "last_error")) == {
        ("waiting", "", "interrupted")
    }


def test_an_undeclared_transition_is_refused_before_anything_is_written(workspace):
    rows_of(workspace, 1)
    with pytest.raises(RefusedTransition, match="waiting → failed is not a declared"):
        RUN.move(everything(), "waiting", "failed", last_error="never")
    with pytest.raises(RefusedTransition):
        LEASE.claim(everything(), token("a"), T0, RUN.change(["waiting", "failed"], "sending"))
    [row] = everything()
    assert (row.run_state, row.last_error, row.claimed_by) == ("waiting", "", "")
    assert RUN.move(everything(), "waiting", "sending") == 1


def test_a_table_naming_an_unknown_state_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown states: sent"):
        Machine("typo", "state", {("waiting", "sent"): "why"}, frozenset({"waiting"}))


@pytest.mark.django_db(transaction=True)
def test_claimers_racing_on_postgresql_each_get_distinct_rows(workspace):
    if connection.vendor != "postgresql":
        peer_missing(
            "postgresql",
            "needs PostgreSQL: DATABASE_URL=postgres://... (see the README)",
            required_in_ci=False,
        )
    rows_of(workspace, 40)
    start = threading.Barrier(4)
    got: dict[str, int] = {}
    errors: list[BaseException] = []

    def claimer(name: str) -> None:
        try:
            start.wait()
            owner = token(name)
            for row in list(everything().values_list("pk", flat=True)):
                LEASE.claim(everything().filter(pk=row), owner, T0)
            got[owner] = everything().filter(**LEASE.held(owner)).count()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(got.values()) == 40  # every row once, never twice
    assert everything().exclude(claimed_by="").count() == 40
