"""``mostra listen source add|list|poll``: the same services as the pages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mostra.cli import mostra
from mostra.core.models import AuditEvent
from mostra.listening.models import Mention, Source
from tests.listening import hostile_feeds

feed_server = hostile_feeds.feed_server

pytestmark = pytest.mark.django_db(transaction=False)


def run(*args: str):
    return CliRunner().invoke(mostra, list(args), catch_exceptions=False)


def test_add_list_and_poll(workspace, feed_server):
    added = run(
        "listen", "source", "add", "--workspace", "fromagerie", "feed", feed_server.url("/feed.xml")
    )
    assert added.exit_code == 0, added.output
    source = Source.objects.get()
    assert f"Source {source.pk} added" in added.output
    assert AuditEvent.objects.filter(
        object_type="source", actor__email="alice@example.org"
    ).exists()
    polled = run("listen", "source", "poll", "--workspace", "fromagerie")
    assert polled.exit_code == 0 and f"Source {source.pk}: 2 new items." in polled.output
    assert Mention.objects.count() == 2
    again = run("listen", "source", "poll", "--workspace", "fromagerie", "--source", str(source.pk))
    assert "nothing new" in again.output
    listed = json.loads(
        run("listen", "source", "list", "--workspace", "fromagerie", "--format", "json").output
    )
    assert listed[0]["items_stored"] == 2 and listed[0]["last_error"] == ""
    table = run("listen", "source", "list", "--workspace", "fromagerie").output
    assert "OK" in table and str(source.pk) in table


def test_a_preset_with_a_parameter(workspace):
    added = run(
        "listen",
        "source",
        "add",
        "--workspace",
        "fromagerie",
        "google_news",
        "vélo Lyon",
        "--param",
        "language=en",
        "--every",
        "60",
    )
    assert added.exit_code == 0, added.output
    source = Source.objects.get()
    assert "hl=en-GB&gl=GB&ceid=GB%3Aen" in source.url and source.interval_minutes == 60


def test_a_failure_sets_exit_status_1(workspace, feed_server):
    Source.objects.create(
        workspace=workspace, kind="feed", name="b", url=feed_server.url("/bomb.xml")
    )
    polled = run("listen", "source", "poll", "--workspace", "fromagerie")
    assert polled.exit_code == 1 and "declares XML entities" in polled.output


def test_refusals_exit_2_and_change_nothing(workspace):
    bad = run("listen", "source", "add", "--workspace", "fromagerie", "reddit", "not a sub")
    assert bad.exit_code == 2 and "Give a subreddit" in bad.output
    unknown = run("listen", "source", "add", "--workspace", "fromagerie", "telepathy", "x")
    assert unknown.exit_code == 2 and "unknown kind" in unknown.output
    nowhere = run("listen", "source", "list", "--workspace", "nowhere")
    assert nowhere.exit_code == 2
    as_editor = run(
        "listen",
        "source",
        "add",
        "--workspace",
        "fromagerie",
        "reddit",
        "velo",
        "--as",
        "bob@example.org",
    )
    assert as_editor.exit_code == 2 and "Only owners and managers" in as_editor.output
    assert not Source.objects.exists()
