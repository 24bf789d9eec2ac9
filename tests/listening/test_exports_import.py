"""Importing an export as the workspace's mentions, through the service and ``mostra
listen import``: one transaction with its audit entry, nothing stored from a refused
file, a file imported twice adding nothing; Alice (owner) may, Bob (editor) may not,
Charlie (outsider) is no member."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership
from mostra.listening.exports import ExportRefused
from mostra.listening.models import Mention
from mostra.listening.services.imports import import_export

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def invoke(*args: str):
    return CliRunner().invoke(cli.mostra, ["listen", *args], catch_exceptions=False)


@pytest.fixture
def alice(workspace, owner) -> Membership:
    return Membership.objects.get(workspace=workspace, user=owner)


def test_an_export_is_stored_as_mentions_without_a_source(alice, workspace):
    data = (DATA / "brandwatch_en.csv").read_bytes()
    outcome = import_export(alice, data, "brandwatch_en.csv")
    assert (outcome.vendor, outcome.read, outcome.stored, outcome.repeated) == (
        "brandwatch",
        5,
        5,
        1,
    )
    stored = Mention.objects.filter(workspace=workspace)
    assert stored.count() == 5 and not stored.exclude(source=None).exists()
    reply = stored.get(guid="brandwatch:res-2")
    assert (reply.kind, reply.network, reply.declared_sentiment, reply.author_followers) == (
        "reply",
        "x",
        "neutral",
        310,
    )
    event = AuditEvent.objects.get(workspace=workspace, object_label="brandwatch_en.csv")
    assert event.changes["stored"] == [None, 5] and event.changes["tool"] == [None, "brandwatch"]

    again = import_export(alice, data, "brandwatch_en.csv")
    assert (again.stored, again.already_there) == (0, 5)
    assert stored.count() == 5


def test_a_mention_found_under_the_same_address_is_not_stored_twice(alice, workspace):
    import_export(alice, (DATA / "brandwatch_en.csv").read_bytes(), "bw.csv")
    outcome = import_export(alice, (DATA / "mention_en.csv").read_bytes(), "mention.csv")
    # m-1001 is the tweet Brandwatch gave as res-1: the same address
    assert (outcome.read, outcome.stored) == (3, 2)


def test_a_refused_file_stores_nothing_and_writes_no_entry(alice, workspace):
    bad = b"Alert,Mention ID,Published date,Description,URL\nA,1,2024-03-05,ok,https://e.org/1\nA,2,jamais,ko,https://e.org/2\n"
    with pytest.raises(ExportRefused, match="Line 3: the date “jamais” cannot be read"):
        import_export(alice, bad, "bad.csv")
    assert not Mention.objects.exists()
    assert not AuditEvent.objects.filter(object_label="bad.csv").exists()


def test_an_editor_may_not_import(workspace, teammate):
    bob = Membership.objects.get(workspace=workspace, user=teammate)
    with pytest.raises(DomainError, match="Only owners and managers can import mentions."):
        import_export(bob, (DATA / "mention_en.csv").read_bytes(), "mention.csv")
    assert not Mention.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(alice, settings, monkeypatch):
    settings.MOSTRA_IMPORT_MAX_BYTES = 100
    with pytest.raises(DomainError, match="too large to import"):
        import_export(alice, (DATA / "mention_en.csv").read_bytes(), "mention.csv")
    settings.MOSTRA_IMPORT_MAX_BYTES = 2 * 1024**3
    monkeypatch.setattr("mostra.listening.services.imports.MAX_BYTES", 1024**2)
    with pytest.raises(DomainError, match=r"\(2 MB; mostra accepts exports up to 1 MB\)"):
        import_export(alice, b"x" * (1024**2 + 1), "huge.csv")  # an export's own limit
    assert not Mention.objects.exists()


def test_the_command_imports_and_says_what_it_did(workspace):
    result = invoke("import", "--workspace", "fromagerie", str(DATA / "brandwatch_en.csv"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Brandwatch export imported. New mentions: 5; already in the workspace: 0.",
        "1 row repeated a mention of the file (once per query): kept once.",
        "Columns not read: Thread Id.",
    ]
    assert Mention.objects.filter(workspace=workspace, source=None).count() == 5


def test_the_command_lists_every_problem_and_imports_nothing(workspace, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Alert,Mention ID,Published date,Description,URL,Reach\n"
        "A,1,2024-03-05,ok,https://e.org/1,beaucoup\n"
        "A,2,jamais,ko,https://e.org/2,3\n"
    )
    result = CliRunner().invoke(
        cli.mostra, ["listen", "import", "--workspace", "fromagerie", str(bad)]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: nothing was imported from bad.csv:",
        "  Line 2: “beaucoup” in the column “Reach” is not a count: correct it.",
        "  Line 3: the date “jamais” cannot be read: write it as 2024-03-05 14:30, or export "
        "the file again.",
    ]
    assert not Mention.objects.exists()


def test_the_command_acts_as_a_member_only(workspace, outsider, teammate):
    path = str(DATA / "mention_en.csv")
    result = CliRunner().invoke(
        cli.mostra, ["listen", "import", "--workspace", "fromagerie", "--as", outsider.email, path]
    )
    assert result.exit_code == 2 and "is not a member of 'fromagerie'" in result.stderr
    result = CliRunner().invoke(
        cli.mostra, ["listen", "import", "--workspace", "fromagerie", "--as", teammate.email, path]
    )
    assert result.exit_code == 2 and "Only owners and managers can import" in result.stderr
    assert not Mention.objects.exists()


def test_the_command_has_help_with_an_example():
    result = invoke("import", "--help")
    assert result.exit_code == 0 and "mostra listen import --workspace" in result.output


def test_imported_mentions_are_on_the_mentions_page_of_the_workspace_only(
    alice, owner_client, teammate_client, outsider_client
):
    import_export(alice, (DATA / "mention_en.csv").read_bytes(), "mention.csv")
    url = "/w/fromagerie/listening/mentions/"
    for client in (owner_client, teammate_client):
        page = client.get(url).content.decode()
        assert "Super atelier de réparation, merci !" in page
        assert "Les ateliers vélo se multiplient" in page
        assert ">import<" in page
    assert outsider_client.get(url).status_code == 404
    other = outsider_client.get("/w/other-brand/listening/mentions/").content.decode()
    assert "Super atelier" not in other
