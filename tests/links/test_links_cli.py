"""``mostra link create|stats``: the short address printed, the figures in json and csv,
refusals saying what to do with nothing written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from mostra.core.models import AuditEvent
from mostra.links.cli import link_group
from mostra.links.models import ClickDay, TrackedLink, UtmCampaign

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(link_group, list(args))


def test_create_prints_the_short_url_and_stats_count_its_clicks(workspace, settings):
    settings.MOSTRA_SHORT_LINK_BASE = "https://go.example.org"
    result = run(
        "create",
        "https://fromagerie.example/?a=1",
        "--workspace",
        "fromagerie",
        "--campaign",
        "Fête du lait",
        "--medium",
        "offline",
        "--support",
        "flyer",
    )
    assert result.exit_code == 0, result.output
    link = TrackedLink.objects.get(workspace=workspace)
    assert result.output.strip() == f"https://go.example.org/l/{link.code}"
    assert (link.utm_source, link.utm_campaign, link.support) == ("flyer", "fete-du-lait", "flyer")
    assert UtmCampaign.objects.filter(workspace=workspace, name="fete-du-lait").exists()
    assert AuditEvent.objects.filter(workspace=workspace, action="create").exists()
    ClickDay.objects.create(link=link, day=timezone.localdate(), clicks=7, uniques=5)

    data = json.loads(run("stats", "--workspace", "fromagerie", "--format", "json").output)
    assert (data["clicks"], data["uniques"]) == (7, 5)
    assert data["links"][0]["code"] == link.code and data["links"][0]["support"] == "flyer"
    rows = list(
        csv.DictReader(
            io.StringIO(run("stats", "--workspace", "fromagerie", "--format", "csv").output)
        )
    )
    assert rows[0]["clicks"] == "7" and rows[0]["campaign"] == "fete-du-lait"
    assert link.code in run("stats", "--workspace", "fromagerie").output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "must start with https://"),
        ("ftp://example.org/file", "must start with https://"),
        ("https://user:secret@example.org/", "Remove the name and password"),
        ("https://exa mple.org/", "not an address"),
    ],
)
def test_create_refuses_what_cannot_be_a_link(workspace, url, message):
    result = run("create", url, "--workspace", "fromagerie")
    assert result.exit_code == 2
    assert message in result.output
    assert not TrackedLink.objects.exists()


def test_stats_refuses_a_period_backwards_and_an_unknown_post(workspace):
    result = run("stats", "--workspace", "fromagerie", "--from", "2026-05-02", "--to", "2026-05-01")
    assert result.exit_code == 2 and "--from must be on or before --to" in result.output
    bad = run("create", "https://example.org/", "--workspace", "fromagerie", "--post", "999")
    assert bad.exit_code == 2 and "No post 999" in bad.output
    assert not TrackedLink.objects.exists()


def test_disable_a_link_by_its_code(workspace, outsider):
    created = run("create", "https://fromagerie.example/", "--workspace", "fromagerie")
    code = created.output.strip().rsplit("/", 1)[-1]
    assert run("disable", "zzzzzzz", "--workspace", "fromagerie").exit_code == 2
    # Another workspace's code is not found from this one.
    assert run("disable", code, "--workspace", "other-brand").exit_code == 2
    result = run("disable", code, "--workspace", "fromagerie")
    assert result.exit_code == 0 and "is disabled" in result.output
    assert TrackedLink.objects.get(code=code).disabled_at is not None
