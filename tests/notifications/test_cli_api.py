"""``mostra notifications list`` and the API's notification routes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.test import Client

from mostra import cli
from mostra.core.models import ApiToken, Membership, Role, User
from mostra.notifications.models import Kind, Notification
from mostra.notifications.services import notify


def mention(workspace, author, to, post=None):
    return notify(
        workspace.pk, Kind.MENTIONED, [to.pk], actor=author, post=post, params={"excerpt": "Vu ?"}
    )[0]


def run(*args: str):
    return CliRunner().invoke(cli.mostra, ["notifications", "list", *args])


# --- CLI ---------------------------------------------------------------------------------


def test_the_cli_lists_a_persons_notifications_in_json(workspace, owner, teammate, make_post):
    post = make_post(title="Tomme")
    first = mention(workspace, teammate, owner, post)
    second = mention(workspace, teammate, owner)
    mention(workspace, owner, teammate)
    Notification.objects.filter(pk=second.pk).update(read_at="2026-01-01T00:00Z")
    result = run("--user", owner.email, "--workspace", "fromagerie", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["id"] for d in data] == [second.pk, first.pk]
    assert data[1]["kind"] == "mentioned" and data[1]["post"] == post.pk
    assert data[1]["text"] == "Bob Durand mentioned you in a comment on “Tomme”."
    unread = json.loads(run("--user", owner.email, "--unread", "--format", "json").output)
    assert [d["id"] for d in unread] == [first.pk]
    table = run("--user", owner.email).output
    assert "mentioned" in table and str(post.pk) in table


def test_the_cli_refuses_an_unknown_person_or_a_workspace_they_are_not_in(workspace, outsider):
    result = run("--user", "nobody@example.org")
    assert result.exit_code == 2 and "Nobody has the address" in result.output
    result = run("--user", outsider.email, "--workspace", "fromagerie")
    assert result.exit_code == 2 and "is not a member of 'fromagerie'" in result.output
    result = run("--user", outsider.email, "--workspace", "nowhere")
    assert result.exit_code == 2


# --- API ---------------------------------------------------------------------------------


def api(user: User) -> Client:
    """A client with the person's personal API token."""
    _token, raw = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


BASE = "/api/workspaces/fromagerie/notifications"


def test_the_api_lists_mine_and_marks_them_read(workspace, owner, teammate):
    post_less = mention(workspace, teammate, owner)
    other = mention(workspace, teammate, owner)
    bobs = mention(workspace, owner, teammate)
    alice = api(owner)
    body = alice.get(BASE).json()
    assert (body["count"], body["unread"]) == (2, 2)
    assert [i["id"] for i in body["items"]] == [other.pk, post_less.pk]
    assert body["items"][0]["kind"] == "mentioned"
    assert body["items"][0]["quote"] == "Vu ?"

    response = alice.post(f"{BASE}/read", {"ids": [other.pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 1}
    assert [i["id"] for i in alice.get(f"{BASE}?unread=true").json()["items"]] == [post_less.pk]
    # Bob's is not Alice's: 404, nothing marked.
    response = alice.post(
        f"{BASE}/read", {"ids": [post_less.pk, bobs.pk]}, content_type="application/json"
    )
    assert response.status_code == 404
    assert Notification.objects.filter(read_at=None).count() == 2
    response = alice.post(f"{BASE}/read-all")
    assert response.json() == {"marked": 1, "unread": 0}
    assert Notification.objects.get(pk=bobs.pk).read_at is None


@pytest.mark.parametrize("route", ["", "/read", "/read-all"])
def test_the_api_answers_404_to_an_outsider(workspace, owner, teammate, outsider, route):
    mention(workspace, teammate, owner)
    charlie = api(outsider)
    if route:
        response = charlie.post(f"{BASE}{route}", {"ids": []}, content_type="application/json")
    else:
        response = charlie.get(BASE)
    assert response.status_code == 404
    assert Notification.objects.filter(read_at=None).count() == 1


def test_a_teammate_of_another_role_sees_only_their_own(workspace, owner, teammate):
    vera = User.objects.create_user("vera@example.org", "x" * 12, display_name="Vera")
    Membership.objects.create(workspace=workspace, user=vera, role=Role.VIEWER)
    mention(workspace, owner, vera)
    mention(workspace, vera, owner)
    body = api(vera).get(BASE).json()
    assert body["count"] == 1 and body["items"][0]["text"].startswith("Alice Martin")
    assert api(teammate).get(BASE).json()["count"] == 0
