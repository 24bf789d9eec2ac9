"""``mostra query add|list|remove|match``: a workspace's stored queries from the command
line, through the same services (rights, audit) as the Queries page."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mostra.cli import mostra
from mostra.core.models import AuditEvent
from mostra.listening.models import ListeningQuery
from mostra.listening.services import matching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_matchers():
    matching.forget()
    yield
    matching.forget()


def run(*args: str):
    return CliRunner().invoke(mostra, list(args), catch_exceptions=False)


def test_add_list_match_and_remove(workspace, tmp_path):
    added = run(
        "query",
        "add",
        "--workspace",
        "fromagerie",
        "--name",
        "Vélo",
        "--group",
        "topic",
        '"atelier vélo" lyon',
    )
    assert added.exit_code == 0, added.output
    query = ListeningQuery.objects.get()
    assert f"Query {query.pk} added: Vélo" in added.output
    assert query.group == "topic" and query.created_by.email == "alice@example.org"
    assert AuditEvent.objects.filter(object_type="listeningquery", action="create").exists()
    run("query", "add", "--workspace", "fromagerie", "--name", "Acme", "acme OR lyon")
    listed = json.loads(
        run("query", "list", "--workspace", "fromagerie", "--format", "json").output
    )
    assert [(q["name"], q["group"]) for q in listed] == [("Acme", "brand"), ("Vélo", "topic")]
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": 1, "text": "Le meilleur atelier vélo de Lyon"})
        + "\n"
        + json.dumps({"id": "b", "text": "Rien à voir", "lang": "fr"})
        + "\n\n"
        + json.dumps({"id": "c", "text": "Acme", "created_at": "2026-12-01T10:00:00+00:00"})
        + "\n",
        encoding="utf-8",
    )
    matched = run("query", "match", "--workspace", "fromagerie", str(items))
    assert matched.exit_code == 0, matched.output
    assert [json.loads(line) for line in matched.output.splitlines()] == [
        {"id": 1, "queries": ["Acme", "Vélo"]},
        {"id": "c", "queries": ["Acme"]},
    ]
    removed = run("query", "remove", "--workspace", "fromagerie", "vélo")
    assert removed.exit_code == 0 and "Query Vélo removed." in removed.output
    assert list(ListeningQuery.objects.values_list("name", flat=True)) == ["Acme"]
    table = run("query", "list", "--workspace", "fromagerie").output
    assert "Acme" in table and "acme OR lyon" in table


def test_a_query_that_does_not_read_is_refused_with_its_column(workspace):
    result = run("query", "add", "--workspace", "fromagerie", "--name", "Bad", "acme AND (bug")
    assert result.exit_code == 2
    assert "column" in result.output and "^" in result.output
    assert ListeningQuery.objects.count() == 0


def test_a_duplicate_name_and_an_unknown_query_are_refused(workspace):
    run("query", "add", "--workspace", "fromagerie", "--name", "Acme", "acme")
    again = run("query", "add", "--workspace", "fromagerie", "--name", "acme", "other")
    assert again.exit_code == 2 and "already has a query named acme" in again.output
    gone = run("query", "remove", "--workspace", "fromagerie", "Nope")
    assert gone.exit_code == 2 and "No query of this workspace" in gone.output


def test_a_teammate_who_may_not_is_refused(workspace):
    result = run(
        "query", "add", "--workspace", "fromagerie", "--name", "A", "a", "--as", "bob@example.org"
    )
    assert result.exit_code == 2 and "Only owners and managers" in result.output


def test_a_bad_line_exits_2_with_its_number_and_prints_nothing(workspace, tmp_path):
    run("query", "add", "--workspace", "fromagerie", "--name", "Acme", "acme")
    items = tmp_path / "items.jsonl"
    items.write_text('{"id": 1, "text": "acme"}\n{"id": 2, "text": 3}\n', encoding="utf-8")
    result = run("query", "match", "--workspace", "fromagerie", str(items))
    assert result.exit_code == 2
    assert "line 2: an object needs an id and a text." in result.output
    assert '"queries"' not in result.output
    items.write_text('{"id": 1, "text": "acme"\n', encoding="utf-8")
    assert "line 1:" in run("query", "match", "--workspace", "fromagerie", str(items)).output
