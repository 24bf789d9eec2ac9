"""``mostra accounts connect bluesky`` (against the real PDS) and ``mostra accounts list``;
the shared connect and disconnect services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from mostra import cli
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.publishing.models import AccountStatus, SocialAccount
from mostra.publishing.services.accounts import disconnect_account
from tests.publishing.conftest_bluesky import *  # noqa: F403

pytestmark = pytest.mark.django_db


def mostra(*args: str):
    return CliRunner().invoke(cli.mostra, list(args))


@pytest.mark.peer
def test_connect_bluesky_from_the_command_line(bluesky_pds, bsky_user, workspace):
    result = mostra(
        "accounts", "connect", "bluesky", "--workspace", "fromagerie",
        "--handle", bsky_user.handle, "--app-password", bsky_user.app_password,
        "--service", bluesky_pds.url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Bluesky account {bsky_user.handle} ({bsky_user.did}) connected" in result.output
    account = SocialAccount.objects.get(workspace=workspace)
    assert account.external_id == bsky_user.did and account.created_by is None
    assert bsky_user.app_password not in result.output
    event = AuditEvent.objects.get(object_type="socialaccount")
    assert event.actor is None and event.object_label == f"Bluesky account {bsky_user.handle}"

    listed = mostra("accounts", "list", "--workspace", "fromagerie", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.output)
    assert row["network"] == "bluesky" and row["handle"] == bsky_user.handle
    assert row["health"] == "connected" and row["server"] == bluesky_pds.url
    for secret in (bsky_user.app_password, account.credentials["access_jwt"]):
        assert secret not in listed.output


@pytest.mark.peer
def test_a_refused_app_password_exits_2_with_the_reason(bluesky_pds, bsky_user, workspace):
    result = mostra(
        "accounts", "connect", "bluesky", "--workspace", "fromagerie",
        "--handle", bsky_user.handle, "--app-password", "wxyz-wxyz-wxyz-wxyz",
        "--service", bluesky_pds.url,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Bluesky refused this handle and app password" in result.output
    assert "wxyz-wxyz-wxyz-wxyz" not in result.output
    assert not SocialAccount.objects.exists()


def test_connect_names_the_workspaces_when_the_slug_is_unknown(workspace):
    result = mostra(
        "accounts", "connect", "bluesky", "--workspace", "nope",
        "--handle", "a.test", "--app-password", "x",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "fromagerie" in result.output
    assert not SocialAccount.objects.exists()


def test_connect_lists_the_networks_it_can_connect():
    result = mostra("accounts", "connect", "--help")
    assert result.exit_code == 0
    assert "bluesky" in result.output
    help_text = mostra("accounts", "connect", "bluesky", "--help").output
    assert "--app-password" in help_text and "https://bsky.social" in help_text
    assert "Example:" in help_text


def account(workspace, handle: str, **fields) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network=fields.pop("network", "bluesky"),
        handle=handle,
        external_id=f"did:plc:{handle.split('.')[0]}",
        service_url="https://bsky.social",
        credentials={"access_jwt": f"secret-token-{handle}"},
        **fields,
    )


def test_list_shows_each_accounts_health(workspace):
    now = timezone.now()
    account(workspace, "ok.bsky.social", last_ok_at=now)
    account(
        workspace,
        "refused.bsky.social",
        status=AccountStatus.NEEDS_RECONNECT,
        last_error="Invalid identifier or password",
        last_error_at=now,
    )
    account(
        workspace, "soon.example", network="linkedin", token_expires_at=now + dt.timedelta(days=2)
    )
    account(workspace, "gone.bsky.social", status=AccountStatus.DISCONNECTED)

    table = mostra("accounts", "list", "--workspace", "fromagerie")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split() == ["Network", "Handle", "Health", "Server"]
    by_handle = {line.split()[1]: line for line in lines[1:]}
    assert "Connected" in by_handle["ok.bsky.social"]
    assert "Needs reconnecting (Invalid identifier or password)" in by_handle["refused.bsky.social"]
    assert "Token expiring" in by_handle["soon.example"]
    assert "Disconnected" in by_handle["gone.bsky.social"]
    assert "secret-token" not in table.output

    rows = json.loads(
        mostra("accounts", "list", "--workspace", "fromagerie", "--format", "json").output
    )
    assert {r["handle"]: r["health"] for r in rows} == {
        "ok.bsky.social": "connected",
        "refused.bsky.social": "needs_reconnect",
        "soon.example": "expiring",
        "gone.bsky.social": "disconnected",
    }
    assert "secret-token" not in json.dumps(rows)


def test_list_shows_only_the_workspaces_own_accounts(workspace):
    from mostra.core.models import Workspace

    account(Workspace.objects.get(slug="other-brand"), "charlie.bsky.social")
    result = mostra("accounts", "list", "--workspace", "fromagerie")
    assert result.exit_code == 0
    assert "No network account is connected to this workspace yet." in result.output


def test_disconnect_forgets_the_credentials_and_keeps_the_account(workspace, owner_membership):
    connected_account = account(workspace, "ok.bsky.social")
    disconnect_account(owner_membership, connected_account)
    stored = SocialAccount.objects.get(pk=connected_account.pk)
    assert stored.credentials is None and stored.status == AccountStatus.DISCONNECTED
    event = AuditEvent.objects.get(object_type="socialaccount")
    assert event.changes == {"status": ["connected", "disconnected"]}


def test_an_editor_cannot_disconnect(workspace, teammate_membership):
    connected_account = account(workspace, "ok.bsky.social")
    with pytest.raises(DomainError, match="owners and managers"):
        disconnect_account(teammate_membership, connected_account)
    assert SocialAccount.objects.get(pk=connected_account.pk).credentials is not None


def test_an_account_of_another_workspace_cannot_be_disconnected(workspace, outsider):
    from mostra.core.models import Membership

    connected_account = account(workspace, "ok.bsky.social")
    charlie = Membership.objects.get(user=outsider, workspace__slug="other-brand")
    with pytest.raises(DomainError):
        disconnect_account(charlie, connected_account)
    assert SocialAccount.objects.get(pk=connected_account.pk).status == AccountStatus.CONNECTED


def test_list_costs_two_queries_whatever_the_number_of_accounts(
    workspace, django_assert_num_queries
):
    for index in range(5):
        account(workspace, f"a{index}.bsky.social")
    with django_assert_num_queries(2):  # the workspace, its accounts
        result = mostra("accounts", "list", "--workspace", "fromagerie", "--format", "json")
    assert len(json.loads(result.output)) == 5


def test_the_connect_help_works_before_django_is_set_up(tmp_path):
    """A fresh process, as a user types it: the networks' packages load lazily."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DJANGO_"))}
    env["MOSTRA_DATA_DIR"] = str(tmp_path)
    for args in (["accounts", "connect", "--help"], ["accounts", "connect", "bluesky", "--help"]):
        done = subprocess.run(
            [sys.executable, "-m", "mostra", *args],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "bluesky" in done.stdout.lower()
