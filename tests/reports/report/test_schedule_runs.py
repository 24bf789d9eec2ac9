"""A report schedule's run, a state machine beside its model (RUN_MACHINE): every
declared transition is made by the worker's real step (send_due), a worker that died
sending is replaced once its claim expired, and an undeclared change is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.state_machines import RefusedTransition
from mostra.reports import services
from mostra.reports.models import ReportSchedule
from mostra.reports.models.report_schedule import RUN_MACHINE, RunState
from tests.reports.report.test_schedules import schedule_for

pytestmark = pytest.mark.django_db

R = RunState
DUE = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def sending(settings, monkeypatch):
    """A fake sending that records the run's state it sees, and fails on demand."""
    settings.EMAIL_ENABLED = True
    seen: list[tuple[str, str]] = []
    failures: list[Exception] = []

    def send(schedule, recipients, period):
        row = ReportSchedule.objects.get(pk=schedule.pk)
        seen.append((row.run_state, row.claimed_by))
        if failures:
            raise failures.pop()

    monkeypatch.setattr(services, "send", send)
    return seen, failures


def state(schedule) -> str:
    return ReportSchedule.objects.get(pk=schedule.pk).run_state


def test_every_declared_transition_is_made_by_the_workers_step(workspace, owner, sending):
    seen, failures = sending
    reached: set[tuple[str, str]] = set()
    schedule = schedule_for(workspace, owner, next_run_at=DUE)
    now = DUE + dt.timedelta(minutes=30)
    # Its time came: claimed (seen sending), then it fails.
    failures.append(OSError("Connection refused"))
    assert services.send_due(now) == 0
    assert seen[-1][0] == R.SENDING and state(schedule) == R.FAILED
    reached |= {(R.WAITING, R.SENDING), (R.SENDING, R.FAILED)}
    # Its retry time came: claimed again from failed, then sent: waiting for the next.
    later = now + services.RETRY_AFTER
    assert services.send_due(later) == 1
    assert seen[-1][0] == R.SENDING and state(schedule) == R.WAITING
    reached |= {(R.FAILED, R.SENDING), (R.SENDING, R.WAITING)}
    fresh = ReportSchedule.objects.get(pk=schedule.pk)
    assert fresh.next_run_at == dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)
    assert (fresh.last_sent_at, fresh.last_error, fresh.claimed_by) == (later, "", "")
    # A worker dies while sending: its claim holds, then expires and another sends it.
    dead = ReportSchedule.objects.filter(pk=schedule.pk)
    december = fresh.next_run_at
    assert services.LEASE.claim(dead, "dead#1", december, services.CLAIMING) == 1
    assert services.send_due(december + services.CLAIM_TTL) == 0  # still held
    assert services.send_due(december + services.CLAIM_TTL + dt.timedelta(seconds=1)) == 1
    assert seen[-1][0] == R.SENDING and seen[-1][1] not in ("", "dead#1")
    reached |= {(R.SENDING, R.SENDING), (R.SENDING, R.WAITING)}
    assert state(schedule) == R.WAITING
    assert len(seen) == 3  # sent once each time, never twice
    assert reached == set(RUN_MACHINE.transitions)


def test_two_workers_send_a_due_report_once(workspace, owner, sending):
    seen, _ = sending
    schedule_for(workspace, owner, next_run_at=DUE)
    now = DUE + dt.timedelta(minutes=5)
    assert services.send_due(now, "w1") + services.send_due(now, "w2") == 1
    assert len(seen) == 1


def test_an_undeclared_run_change_is_refused_and_nothing_is_written(workspace, owner):
    schedule = schedule_for(workspace, owner, next_run_at=DUE)
    rows = ReportSchedule.objects.filter(pk=schedule.pk)
    with pytest.raises(RefusedTransition, match="waiting → failed"):
        RUN_MACHINE.move(rows, R.WAITING, R.FAILED, last_error="never")
    with pytest.raises(RefusedTransition):
        services.LEASE.release(rows, "w", RUN_MACHINE.change(R.WAITING, R.WAITING))
    assert (state(schedule), ReportSchedule.objects.get(pk=schedule.pk).last_error) == (
        R.WAITING,
        "",
    )
