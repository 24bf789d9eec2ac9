"""The report's commentary through the API: Alice owns, Bob edits, Dana views, Charlie is out."""

from __future__ import annotations

import pytest

from mostra.core.models import ApiToken, AuditEvent, Membership, Role, User
from mostra.core.services import archive
from mostra.reports.models import ReportCommentary
from mostra.reports.models.report_commentary import MAX_LENGTH
from tests.api.conftest import Api, error_locs, token_client

BASE = "/workspaces/fromagerie/reports/commentary"
PATH = f"{BASE}?period=2026-10"
WORDS = {
    "highlights": "The comté sold out.",
    "decisions": "No more Sunday evening posts.",
    "next_steps": "Christmas hampers.",
}


@pytest.fixture
def dana(workspace) -> Api:
    """A viewer of the workspace: reads the report, writes nothing."""
    user = User.objects.create_user("dana@example.org", "x" * 16, display_name="Dana Petit")
    Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    return Api(token_client(ApiToken.issue(user, "script")[1]))


def test_the_owner_writes_and_everyone_on_the_team_reads(alice, bob, dana, owner):
    written = alice.put(PATH, WORDS)

    assert written.status_code == 200
    body = written.json()
    assert body["period"] == "2026-10"
    assert (body["start"], body["end"]) == ("2026-10-01", "2026-10-31")
    assert body["highlights"] == WORDS["highlights"]
    assert body["written_by"] == {"id": owner.pk, "name": "Alice Martin"}
    for reader in (bob, dana):
        read = reader.get(BASE, period="2026-10")
        assert read.status_code == 200
        assert read.json()["decisions"] == WORDS["decisions"]
    assert AuditEvent.objects.filter(object_type="reportcommentary", action="create").exists()


def test_the_editor_writes_it(bob, teammate):
    response = bob.put(PATH, {**WORDS, "next_steps": ""})

    assert response.status_code == 200
    assert response.json()["written_by"]["id"] == teammate.pk
    assert ReportCommentary.objects.get().next_steps == ""


def test_a_viewer_cannot_write_it(alice, dana):
    alice.put(PATH, WORDS)

    assert dana.put(PATH, {**WORDS, "highlights": "Mine"}).status_code == 404
    assert dana.delete(PATH).status_code == 404
    assert ReportCommentary.objects.get().highlights == WORDS["highlights"]


def test_the_outsider_gets_404(alice, charlie):
    alice.put(PATH, WORDS)

    assert charlie.get(BASE, period="2026-10").status_code == 404
    assert charlie.put(PATH, WORDS).status_code == 404
    assert charlie.delete(PATH).status_code == 404
    assert ReportCommentary.objects.count() == 1


def test_no_commentary_yet_reads_empty(bob):
    body = bob.get(BASE, period="2026-10").json()

    assert body["highlights"] == body["decisions"] == body["next_steps"] == ""
    assert body["written_by"] is None and body["updated_at"] is None


def test_a_bad_period_names_the_parameter(alice):
    response = alice.get(BASE, period="octobre")

    assert response.status_code == 422
    assert error_locs(response) == [["query", "period"]]
    assert "YYYY-MM" in response.json()["detail"][0]["msg"]


def test_a_part_too_long_is_named(alice):
    response = alice.put(PATH, {**WORDS, "decisions": "x" * (MAX_LENGTH + 1)})

    assert response.status_code == 422
    assert error_locs(response) == [["body", "decisions"]]
    assert not ReportCommentary.objects.exists()


def test_delete_and_all_empty_remove_it(alice):
    alice.put(PATH, WORDS)
    assert alice.delete(PATH).status_code == 204
    assert not ReportCommentary.objects.exists()

    alice.put(PATH, WORDS)
    emptied = alice.put(PATH, {"highlights": "", "decisions": "", "next_steps": ""})
    assert emptied.status_code == 200 and emptied.json()["written_by"] is None
    assert not ReportCommentary.objects.exists()


def test_an_archived_workspace_answers_409(alice, owner_membership):
    archive.archive_workspace(owner_membership)

    assert alice.put(PATH, WORDS).status_code == 409
    assert alice.get(BASE, period="2026-10").status_code == 200
