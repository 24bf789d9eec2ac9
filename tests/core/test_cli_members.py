"""``mostra members invite / list`` through click's runner: the web app's invitation (same
rights, same link, same audit entry, same e-mail), Alice inviting, Bob and Charlie not."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.cli.members import ROLES
from mostra.core.models import AuditEvent, Invitation, Membership, Role
from mostra.core.services.invitations import accept_invitation, revoke_invitation

LINK = re.compile(r"^(http\S+/invitations/(\S+)/)$", re.M)


def run(*args: str):
    return CliRunner().invoke(cli.mostra, ["members", *args])


def invite(email: str, *args: str):
    return run("invite", email, "--workspace", "fromagerie", *args)


@pytest.mark.parametrize("command", ["invite", "list"])
def test_every_subcommand_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"mostra members {command}" in result.output


def test_the_roles_offered_are_the_models():
    assert list(ROLES) == list(Role.values)


@pytest.mark.django_db
def test_the_owner_invites_and_the_printed_link_makes_a_member(
    workspace, owner, outsider, settings
):
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, base_url="https://mostra.example.org", base_url_explicit=True
    )
    result = invite("Charlie@Example.org", "--role", "manager")
    assert result.exit_code == 0, result.output
    # The link alone on the standard output, for scripts; the sentences on the error.
    url, token = LINK.search(result.stdout).groups()
    assert result.stdout == url + "\n"
    assert url.startswith("https://mostra.example.org/invitations/")
    assert "charlie@example.org is invited to 'fromagerie' with the role Manager" in (result.stderr)
    assert "No e-mail is sent (MOSTRA_SMTP_URL is not set): send the link yourself." in (
        result.stderr
    )
    assert "MOSTRA_BASE_URL" not in result.stderr  # it is set
    invitation = Invitation.objects.get(workspace=workspace)
    assert (invitation.email, invitation.role, invitation.created_by) == (
        "charlie@example.org",
        "manager",
        owner,
    )
    event = AuditEvent.objects.get(workspace=workspace, action="invite")
    assert event.actor == owner and event.changes == {
        "role": "manager",
        "email": "charlie@example.org",
    }
    membership = accept_invitation(token, outsider)
    assert (membership.workspace, membership.role) == (workspace, "manager")


@pytest.mark.django_db
def test_without_base_url_the_link_says_which_address_it_uses(workspace, settings):
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, base_url="http://127.0.0.1:8000", base_url_explicit=False
    )
    result = invite("dana@example.org", "--role", "editor")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("http://127.0.0.1:8000/invitations/")
    assert "set MOSTRA_BASE_URL to the address people open mostra at" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_with_smtp_the_worker_e_mails_the_link(workspace, settings, mailoutbox):
    from mostra.publishing.loop import run_worker

    settings.EMAIL_ENABLED = True
    result = invite("dana@example.org", "--role", "editor")
    assert result.exit_code == 0, result.output
    assert "The worker (mostra up or mostra worker) e-mails it to dana@example.org." in (
        result.stderr
    )
    assert mailoutbox == []  # the worker sends it
    run_worker(until_idle=True, interval=0, startup_delay=False)
    [mail] = mailoutbox
    assert mail.to == ["dana@example.org"]
    assert result.stdout.strip() in mail.body


@pytest.mark.django_db
def test_as_a_manager(workspace, teammate_membership, teammate):
    teammate_membership.role = "manager"
    teammate_membership.save()
    result = invite("dana@example.org", "--role", "editor", "--as", "BOB@example.org")
    assert result.exit_code == 0, result.output
    assert Invitation.objects.get().created_by == teammate
    # A manager cannot make someone owner: only an owner can.
    result = invite("erin@example.org", "--role", "owner", "--as", teammate.email)
    assert result.exit_code == 2
    assert "You cannot give this role." in result.stderr
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_the_teammate_editor_may_not_invite(workspace, teammate):
    result = invite("dana@example.org", "--role", "editor", "--as", teammate.email)
    assert result.exit_code == 2
    assert "Only owners and managers can invite members." in result.stderr
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_the_outsider_is_not_a_member_and_his_own_workspace_does_not_count(workspace, outsider):
    result = invite("dana@example.org", "--role", "editor", "--as", outsider.email)
    assert result.exit_code == 2
    assert "charlie@example.org is not a member of 'fromagerie'." in result.stderr
    assert not Invitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--role", "editor"], "'not-an-email' is not an e-mail address."),
        (["dana@example.org", "--role", "boss"], "'boss' is not one of 'owner', 'manager'"),
        (["dana@example.org"], "Missing option '--role'"),
        (["bob@example.org", "--role", "viewer"], "bob@example.org is already a member."),
    ],
)
def test_bad_input_is_refused_with_status_2_and_nobody_invited(workspace, args, message):
    result = invite(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_unknown_workspace_lists_the_existing_ones(workspace):
    for args in (["invite", "dana@example.org", "--role", "editor"], ["list"]):
        result = run(*args, "--workspace", "nope")
        assert result.exit_code == 2
        assert "no workspace has the short name 'nope'" in result.stderr
        assert "fromagerie, other-brand" in result.stderr
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_list_shows_the_members_and_only_the_pending_invitations(
    workspace, owner_membership, teammate_membership, outsider
):
    teammate_membership.is_approver = True
    teammate_membership.save()
    for email in ("dana@example.org", "erin@example.org", "charlie@example.org"):
        assert invite(email, "--role", "contributor").exit_code == 0
    revoke_invitation(owner_membership, Invitation.objects.get(email="erin@example.org"))
    token = LINK.search(invite("frank@example.org", "--role", "viewer").stdout).group(2)
    accept_invitation(token, outsider)  # Charlie joins with Frank's link

    result = run("list", "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    members, invitations = result.output.split("\n\n")
    assert [line.split()[:1] + line.split()[-2:] for line in members.splitlines()[1:]] == [
        ["alice@example.org", "Martin", "Owner"],
        ["bob@example.org", "Editor", "yes"],
        ["charlie@example.org", "Roux", "Viewer"],
    ]
    assert invitations.splitlines()[0] == "Pending invitations:"
    pending = [line.split()[:3] for line in invitations.splitlines()[2:]]
    assert pending == [
        ["dana@example.org", "Contributor", "alice@example.org"],
        ["charlie@example.org", "Contributor", "alice@example.org"],
    ]

    data = json.loads(run("list", "--workspace", "fromagerie", "--format", "json").output)
    assert data["workspace"] == "fromagerie"
    assert [(m["email"], m["role"]) for m in data["members"]] == [
        ("alice@example.org", "owner"),
        ("bob@example.org", "editor"),
        ("charlie@example.org", "viewer"),
    ]
    assert [(i["email"], i["invited_by"]) for i in data["invitations"]] == [
        ("dana@example.org", "alice@example.org"),
        ("charlie@example.org", "alice@example.org"),
    ]
    assert Membership.objects.filter(workspace=workspace).count() == 3


@pytest.mark.django_db
def test_list_without_pending_invitations_says_so(workspace):
    result = run("list", "--workspace", "other-brand")
    assert result.exit_code == 0, result.output
    assert "charlie@example.org" in result.output and "alice" not in result.output
    assert result.output.endswith("No pending invitation.\n")
