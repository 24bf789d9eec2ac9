"""Triage of the inbox: Alice (owner) and Bob (editor) triage, a viewer only reads,
Charlie (outsider) gets nothing; every action is audited and all-or-nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role, Workspace
from mostra.listening.models import Mention, MentionState
from mostra.listening.services import duplicates, response, triage
from mostra.listening.services.inbox import InboxFilter, mentions

pytestmark = pytest.mark.django_db


def _mention(workspace, guid: str, **fields) -> Mention:
    values = {"text": f"text {guid}", "published_at": timezone.now()}
    values.update(fields)
    return Mention.objects.create(workspace=workspace, guid=guid, **values)


def test_states_move_and_the_first_answer_is_the_response_time(workspace, teammate_membership):
    one = _mention(workspace, "a")
    triage.set_state(teammate_membership, [one.pk], MentionState.TO_HANDLE)
    one.refresh_from_db()
    assert one.state == "to_handle" and one.responded_at is None
    triage.set_state(teammate_membership, [one.pk], MentionState.HANDLED)
    one.refresh_from_db()
    first = one.responded_at
    assert one.state == "handled" and first is not None
    triage.set_state(teammate_membership, [one.pk], MentionState.NEW)
    triage.set_state(teammate_membership, [one.pk], MentionState.IGNORED)
    one.refresh_from_db()
    assert one.responded_at == first  # the first answer counts
    events = AuditEvent.objects.filter(
        workspace=workspace, object_id=str(one.pk), object_type__contains="mention"
    )
    assert events.count() == 4


def test_a_bulk_action_with_another_workspaces_mention_changes_nothing(
    workspace, owner_membership, outsider
):
    mine = _mention(workspace, "mine")
    theirs = _mention(Workspace.objects.get(slug="other-brand"), "theirs")
    with pytest.raises(triage.MentionNotFound):
        triage.set_state(owner_membership, [mine.pk, theirs.pk], MentionState.HANDLED)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.state == theirs.state == MentionState.NEW
    with pytest.raises(triage.MentionNotFound):
        triage.tag(owner_membership, [theirs.pk], add=["crise"])
    assert not theirs.tags.exists()


def test_assign_tag_and_note(workspace, owner_membership, teammate, outsider):
    one, two = _mention(workspace, "1"), _mention(workspace, "2")
    triage.assign(owner_membership, [one.pk, two.pk], teammate.pk)
    assert set(Mention.objects.filter(assignee=teammate).values_list("pk", flat=True)) == {
        one.pk,
        two.pk,
    }
    with pytest.raises(DomainError, match="member of this workspace"):
        triage.assign(owner_membership, [one.pk], outsider.pk)
    triage.tag(owner_membership, [one.pk, two.pk], add=["#SAV", "urgent"])
    triage.tag(owner_membership, [two.pk], remove=["urgent"])
    assert sorted(one.tags.values_list("name", flat=True)) == ["SAV", "urgent"]
    assert list(two.tags.values_list("name", flat=True)) == ["SAV"]
    note = triage.add_note(owner_membership, one.pk, "  Appeler <b>la cliente</b>  ")
    assert note.text == "Appeler <b>la cliente</b>" and note.author == owner_membership.user
    with pytest.raises(DomainError, match="Type the note"):
        triage.add_note(owner_membership, one.pk, "   ")


def test_a_viewer_cannot_triage(workspace):
    from mostra.core.models import User

    viewer = User.objects.create_user("vera@example.org", "pw-123456789")
    membership = Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    one = _mention(workspace, "v")
    with pytest.raises(DomainError, match="Only editors"):
        triage.set_state(membership, [one.pk], MentionState.HANDLED)


def test_filters(workspace, owner_membership, teammate):
    old = _mention(workspace, "old", published_at=timezone.now() - dt.timedelta(days=10))
    neg = _mention(workspace, "neg", lang="fr", sentiment=-0.6, network="bluesky", text="nul")
    pos = _mention(workspace, "pos", lang="en", sentiment=0.7, text="great bikes")
    triage.assign(owner_membership, [neg.pk], teammate.pk)
    triage.tag(owner_membership, [pos.pk], add=["merci"])

    def ids(**given: str) -> set[int]:
        return {m.pk for m in mentions(owner_membership, InboxFilter.parse(given))}

    assert ids() == {old.pk, neg.pk, pos.pk}
    assert ids(sentiment="negative") == {neg.pk}
    assert ids(sentiment="positive") == {pos.pk}
    assert ids(network="bluesky") == {neg.pk}
    assert ids(assigned="anyone") == {neg.pk}
    assert ids(assigned="nobody") == {old.pk, pos.pk}
    assert ids(tag="merci") == {pos.pk}
    assert ids(q="GREAT") == {pos.pk}
    assert ids(since=(timezone.localdate() - dt.timedelta(days=2)).isoformat()) == {
        neg.pk,
        pos.pk,
    }
    with pytest.raises(DomainError, match="YYYY-MM-DD"):
        InboxFilter.parse({"since": "yesterday"})
    with pytest.raises(DomainError, match="Unknown state"):
        InboxFilter.parse({"state": "done"})


def test_median_response_hours(workspace, owner_membership):
    now = timezone.now()
    assert response.median_response_hours(workspace) is None
    for i, hours in enumerate((2, 4, 30)):
        m = _mention(workspace, f"r{i}", published_at=now - dt.timedelta(hours=hours))
        triage.set_state(owner_membership, [m.pk], MentionState.HANDLED)
    assert response.median_response_hours(workspace) == pytest.approx(4, abs=0.01)
    later = (now + dt.timedelta(days=1), now + dt.timedelta(days=2))
    assert response.median_response_hours(workspace, later) is None
    assert response.target_hours(workspace) == 24
    response.set_target_hours(owner_membership, 12)
    assert response.target_hours(workspace) == 12
    with pytest.raises(DomainError, match="1 to 720"):
        response.set_target_hours(owner_membership, 0)


def test_near_duplicates_are_folded_under_the_first(workspace):
    now = timezone.now()
    text = "L'Atelier Vélo ouvre un 2e site à Villeurbanne ! https://a.example/x"
    first = _mention(workspace, "1", text=text, fetched_at=now)
    again = _mention(
        workspace,
        "2",
        text="l’atelier velo ouvre un 2e site a VILLEURBANNE https://b.example/y",
        fetched_at=now,
    )
    short = _mention(workspace, "3", text="merci !", fetched_at=now)
    assert duplicates.fold(workspace, None, now) == 1
    again.refresh_from_db()
    short.refresh_from_db()
    assert again.duplicate_of_id == first.pk and short.duplicate_of_id is None
    assert short.text_key == ""
