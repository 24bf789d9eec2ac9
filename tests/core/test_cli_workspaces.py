"""``mostra workspace create / list`` through click's runner: the web app's rules, the
owner by default, and every bad input refused with status 2 and nothing created."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.core.models import AuditEvent, Membership, User, Workspace
from tests.conftest import PASSWORD


def run(*args: str):
    return CliRunner().invoke(cli.mostra, ["workspace", *args])


@pytest.mark.parametrize("command", ["create", "list"])
def test_every_subcommand_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"mostra workspace {command}" in result.output


@pytest.mark.django_db
def test_create_makes_the_owner_owner_with_the_web_apps_organisation(owner):
    result = run(
        "create", "Coopérative des Alpes", "--timezone", "Europe/Zurich", "--owner", owner.email
    )
    assert result.exit_code == 0, result.output
    assert (
        "Created the workspace 'cooperative-des-alpes' (Coopérative des Alpes), "
        "owned by alice@example.org." in result.output
    )
    assert "mostra members invite EMAIL --workspace cooperative-des-alpes --role ROLE" in (
        result.output
    )
    ws = Workspace.objects.get(slug="cooperative-des-alpes")
    assert (ws.name, ws.timezone, ws.country) == ("Coopérative des Alpes", "Europe/Zurich", "FR")
    assert Membership.objects.get(workspace=ws).user == owner
    assert Membership.objects.get(workspace=ws).role == "owner"
    # As in the web app: the RACI matrix and the crisis playbook, and one audit entry.
    assert ws.activities.count() == 10
    assert ws.crisis_levels.count() == 5
    event = AuditEvent.objects.get(workspace=ws)
    assert (event.action, event.actor) == ("create", owner)


@pytest.mark.django_db
def test_create_with_slug_and_english(owner):
    result = run(
        "create", "Bike Co-op", "--slug", "bike", "--language", "en", "--owner", "ALICE@example.org"
    )
    assert result.exit_code == 0, result.output
    ws = Workspace.objects.get(slug="bike")
    assert ws.country == "GB"  # an English-speaking country: its exports say language: en
    from mostra.core.services.workspaces import workspace_language

    assert workspace_language(ws) == "en"


@pytest.mark.django_db
def test_the_owner_is_the_first_superuser_by_default():
    User.objects.create_user("dana@example.org", PASSWORD)  # the first user, not an admin
    admin = User.objects.create_superuser("me@example.org", PASSWORD)
    result = run("create", "Fromagerie du Lac")
    assert result.exit_code == 0, result.output
    assert "owned by me@example.org" in result.output
    assert Membership.objects.get(workspace__slug="fromagerie-du-lac").user == admin


@pytest.mark.django_db
def test_without_any_user_it_says_to_create_one():
    result = run("create", "Fromagerie du Lac")
    assert result.exit_code == 2
    assert "this install has no user yet" in result.stderr
    assert "mostra createuser EMAIL --superuser" in result.stderr
    assert not Workspace.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["X", "--slug", "fromagerie"], "This short name is already taken"),
        (["X", "--slug", "admin"], "This short name cannot be used"),
        (["X", "--slug", "Not A Slug"], "This short name cannot be used"),
        (["X", "--timezone", "Mars/Olympus"], "Choose a time zone from the IANA list"),
        (["X", "--language", "de"], "'de' is not one of 'fr', 'en'"),
        (["   "], "Give the workspace a name."),
        (["n" * 121], "121 characters: shorten it to 120 at most."),
        (["X", "--owner", "nobody@example.org"], "no user has the e-mail nobody@example.org"),
    ],
)
def test_bad_input_is_refused_with_status_2_and_nothing_created(workspace, args, message):
    before = Workspace.objects.count()
    result = run("create", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert Workspace.objects.count() == before


@pytest.mark.django_db
def test_an_unknown_owner_is_told_how_to_create_the_account(db):
    result = run("create", "X", "--owner", "nobody@example.org")
    assert "create the account with mostra createuser nobody@example.org" in result.stderr


@pytest.mark.django_db
def test_list_shows_every_workspace_with_its_owners(workspace, teammate):
    result = run("list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "Short",
        "name",
        "Name",
        "Time",
        "zone",
        "Language",
        "Members",
        "Owners",
    ]
    assert lines[1].split() == [
        "fromagerie",
        "Fromagerie",
        "du",
        "Lac",
        "Europe/Paris",
        "fr",
        "2",
        "alice@example.org",
    ]
    assert lines[2].split()[0] == "other-brand" and lines[2].endswith("charlie@example.org")

    rows = json.loads(run("list", "--format", "json").output)
    assert [r["slug"] for r in rows] == ["fromagerie", "other-brand"]
    assert rows[0] | {"created_at": None} == {
        "slug": "fromagerie",
        "name": "Fromagerie du Lac",
        "timezone": "Europe/Paris",
        "country": "FR",
        "language": "fr",
        "members": 2,
        "owners": ["alice@example.org"],
        "created_at": None,
    }


@pytest.mark.django_db
def test_list_of_an_empty_install_says_how_to_create_one():
    result = run("list")
    assert result.exit_code == 0
    assert 'No workspace yet: create one with mostra workspace create "NAME"' in result.output
    assert json.loads(run("list", "--format", "json").output) == []
