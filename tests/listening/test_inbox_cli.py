"""``mostra inbox list``: the inbox's mentions from the command line, filtered as the
page is."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from mostra.listening.cli_inbox import inbox_group
from mostra.listening.models import ListeningQuery, Mention, MentionState

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(inbox_group, list(args), catch_exceptions=False)


def test_inbox_list_filters_and_json(workspace):
    query = ListeningQuery.objects.create(workspace=workspace, name="Marque", text="vélo")
    old = Mention.objects.create(
        workspace=workspace,
        guid="old",
        text="Atelier fermé ?",
        network="mastodon",
        author="@zoe@m.example",
        published_at=timezone.now() - dt.timedelta(hours=30),
    )
    old.matched_queries.add(query)
    Mention.objects.create(
        workspace=workspace,
        guid="done",
        text="Merci pour la réparation",
        state=MentionState.HANDLED,
        published_at=timezone.now(),
    )
    result = run("list", "--workspace", "fromagerie", "--state", "new", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["id"] for d in data] == [old.pk]
    assert data[0]["queries"] == ["Marque"] and data[0]["overdue"] is True
    assert data[0]["author"] == "@zoe@m.example" and data[0]["network"] == "mastodon"
    table = run("list", "--workspace", "fromagerie")
    assert "Atelier fermé ?" in table.output and "Merci pour la réparation" in table.output
    assert "new !" in table.output  # over the target


def test_inbox_list_refuses_a_filter_it_cannot_read(workspace):
    result = CliRunner().invoke(inbox_group, ["list", "--workspace", "fromagerie", "--state", "x"])
    assert result.exit_code == 2 and "Unknown state" in result.output
    unknown = CliRunner().invoke(inbox_group, ["list", "--workspace", "nope"])
    assert unknown.exit_code == 2
