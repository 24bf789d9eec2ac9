"""Pausing a workspace's scheduled publishing for an incident, and resuming it.

While paused, the worker's claims skip the workspace's due posts (another workspace's
go on); nothing is lost: on resume they go out once each, in the order they were due.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership, Role
from mostra.publishing.loop import Loop, idle
from mostra.publishing.models import PublicationState
from mostra.publishing.services import claims, pause
from tests.publishing.conftest import fresh

S = PublicationState


def _drain() -> int:
    done = 0
    while (published := Loop("w").tick().published) > 0:
        done += published
    return done


def test_paused_posts_are_not_published_and_go_out_in_order_once_after_resume(
    make_publication, fake_server, moment, owner_membership
):
    due = moment()
    first = make_publication(due=due - dt.timedelta(minutes=30), text="un")
    second = make_publication(due=due - dt.timedelta(minutes=20), text="deux")
    third = make_publication(due=due - dt.timedelta(minutes=10), text="trois")

    pause.pause(owner_membership)
    assert _drain() == 0
    assert claims.any_due(moment()) is False
    assert idle()  # the worker does not spin on what it may not take
    assert fake_server.keys() == []
    assert {fresh(p).state for p in (first, second, third)} == {S.PENDING}

    moment.advance(minutes=45)  # held through an incident
    pause.resume(owner_membership)
    assert _drain() == 3
    assert _drain() == 0
    done = [fresh(p) for p in (first, second, third)]
    assert [p.state for p in done] == [S.PUBLISHED] * 3
    # Once each, in the order they were due.
    assert len(fake_server.keys()) == 3
    assert [int(p.remote_id) for p in done] == sorted(int(p.remote_id) for p in done)


def test_pausing_is_audited_once_and_refused_to_editors(owner_membership, teammate, workspace):
    pause.pause(owner_membership)
    pause.pause(owner_membership)  # already paused: nothing more
    workspace.refresh_from_db()
    assert workspace.is_publishing_paused
    assert workspace.publishing_paused_by == owner_membership.user
    assert AuditEvent.objects.filter(workspace=workspace, action=AuditAction.PAUSE).count() == 1
    editor = Membership.objects.get(workspace=workspace, user=teammate)
    editor.role = Role.EDITOR
    editor.save()
    with pytest.raises(DomainError, match="Only owners and managers"):
        pause.resume(editor)
    workspace.refresh_from_db()
    assert workspace.is_publishing_paused
    pause.resume(owner_membership)
    workspace.refresh_from_db()
    assert not workspace.is_publishing_paused
    assert AuditEvent.objects.filter(workspace=workspace, action=AuditAction.RESUME).count() == 1
