"""Every route, called by the owner, a teammate (editor) and an outsider.

An outsider, and a member whose role lacks the right, get the same 404: the API never
reveals that a workspace exists to someone who may not act on it.
"""

from __future__ import annotations

from typing import Any

import pytest

from mostra.core.models import CrisisLevel, Membership

OWNER, TEAMMATE, OUTSIDER = "owner", "teammate", "outsider"

#: (method, path, body, {who: expected status})
ROUTES: list[tuple[str, str, Any, dict[str, int]]] = [
    ("get", "/me", None, {OWNER: 200, TEAMMATE: 200, OUTSIDER: 200}),
    ("get", "/workspaces", None, {OWNER: 200, TEAMMATE: 200, OUTSIDER: 200}),
    ("post", "/workspaces", {"name": "New brand"}, {OWNER: 201, TEAMMATE: 201, OUTSIDER: 201}),
    ("get", "/workspaces/{slug}", None, {OWNER: 200, TEAMMATE: 200, OUTSIDER: 404}),
    (
        "patch",
        "/workspaces/{slug}",
        {"name": "Renamed"},
        {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404},
    ),
    # Deleting needs the workspace archived first (tests/api/test_workspace_archive.py).
    ("delete", "/workspaces/{slug}", None, {OWNER: 422, TEAMMATE: 404, OUTSIDER: 404}),
    ("post", "/workspaces/{slug}/archive", None, {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404}),
    ("post", "/workspaces/{slug}/restore", None, {OWNER: 422, TEAMMATE: 404, OUTSIDER: 404}),
    ("get", "/workspaces/{slug}/members", None, {OWNER: 200, TEAMMATE: 200, OUTSIDER: 404}),
    (
        "patch",
        "/workspaces/{slug}/members/{bob}",
        {"title": "Community manager"},
        {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404},
    ),
    # Bob removing himself is leaving, which every member may do.
    (
        "delete",
        "/workspaces/{slug}/members/{bob}",
        None,
        {OWNER: 204, TEAMMATE: 204, OUTSIDER: 404},
    ),
    (
        "delete",
        "/workspaces/{slug}/members/{dana}",
        None,
        {OWNER: 204, TEAMMATE: 404, OUTSIDER: 404},
    ),
    ("get", "/workspaces/{slug}/invitations", None, {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404}),
    (
        "post",
        "/workspaces/{slug}/invitations",
        {"email": "dave@example.org"},
        {OWNER: 201, TEAMMATE: 404, OUTSIDER: 404},
    ),
    ("get", "/workspaces/{slug}/organisation", None, {OWNER: 200, TEAMMATE: 200, OUTSIDER: 404}),
    (
        "get",
        "/workspaces/{slug}/organisation/raci",
        None,
        {OWNER: 200, TEAMMATE: 200, OUTSIDER: 404},
    ),
    (
        "put",
        "/workspaces/{slug}/organisation/raci",
        "RACI",
        {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404},
    ),
    ("get", "/workspaces/{slug}/crisis-levels", None, {OWNER: 200, TEAMMATE: 200, OUTSIDER: 404}),
    (
        "put",
        "/workspaces/{slug}/crisis-levels/{level}",
        {
            "name": "",
            "response_minutes": 45,
            "first_actions": ["Call the manager"],
            "responders": [],
            "triggers": [{"kind": "press", "threshold": 2, "window_hours": 12}],
        },
        {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404},
    ),
    ("get", "/workspaces/{slug}/audit", None, {OWNER: 200, TEAMMATE: 404, OUTSIDER: 404}),
]


@pytest.fixture
def dana(workspace, django_user_model) -> Membership:
    """A viewer, so that a removal by someone else can be tried."""
    user = django_user_model.objects.create_user("dana@example.org", "x" * 12)
    return Membership.objects.create(workspace=workspace, user=user, role="viewer")


def _ids(route: tuple[str, str, Any, dict[str, int]]) -> str:
    return f"{route[0].upper()} {route[1]}"


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("who", [OWNER, TEAMMATE, OUTSIDER])
@pytest.mark.parametrize("route", ROUTES, ids=[_ids(r) for r in ROUTES])
def test_every_route_answers_each_of_the_cast(
    route, who, auth, api_as, workspace, teammate_membership, dana, owner_membership
):
    method, template, body, expected = route
    path = template.format(
        slug=workspace.slug,
        bob=teammate_membership.pk,
        dana=dana.pk,
        level=CrisisLevel.objects.filter(workspace=workspace).first().pk,
    )
    if body == "RACI":
        # The current matrix, unchanged: valid as it stands.
        body = api_as(OWNER).get(f"/workspaces/{workspace.slug}/organisation/raci").json()
        body = {"cells": body["cells"]}
    api = api_as(who, auth)
    response = getattr(api, method)(path, body) if body is not None else getattr(api, method)(path)
    assert response.status_code == expected[who], response.content
    if response.status_code == 404:
        assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("route", ROUTES, ids=[_ids(r) for r in ROUTES])
def test_every_route_refuses_anonymous_callers(route, client, workspace, teammate_membership):
    method, template, body, _expected = route
    path = "/api" + template.format(
        slug=workspace.slug, bob=teammate_membership.pk, dana=1, level=1
    )
    if method in {"get", "delete"}:
        response = getattr(client, method)(path)
    else:
        response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_outsider_calls_change_nothing(charlie, workspace, teammate_membership):
    slug = workspace.slug
    charlie.patch(f"/workspaces/{slug}", {"name": "Hacked"})
    charlie.delete(f"/workspaces/{slug}")
    charlie.patch(f"/workspaces/{slug}/members/{teammate_membership.pk}", {"role": "viewer"})
    charlie.delete(f"/workspaces/{slug}/members/{teammate_membership.pk}")
    charlie.post(f"/workspaces/{slug}/invitations", {"role": "owner"})
    workspace.refresh_from_db()
    teammate_membership.refresh_from_db()
    assert workspace.name == "Fromagerie du Lac"
    assert teammate_membership.role == "editor"
    assert not workspace.invitations.exists()


def test_a_member_of_one_workspace_cannot_reach_another_ones_objects(alice, workspace, outsider):
    """Ids from Charlie's workspace, through Alice's slug: 404, not someone else's data."""
    charlie_membership = Membership.objects.get(user=outsider, workspace__slug="other-brand")
    level = CrisisLevel.objects.filter(workspace__slug="other-brand").first()
    slug = workspace.slug
    assert (
        alice.patch(
            f"/workspaces/{slug}/members/{charlie_membership.pk}", {"title": "x"}
        ).status_code
        == 404
    )
    assert alice.delete(f"/workspaces/{slug}/members/{charlie_membership.pk}").status_code == 404
    body = {
        "name": "",
        "response_minutes": 5,
        "first_actions": [],
        "responders": [],
        "triggers": [],
    }
    assert alice.put(f"/workspaces/{slug}/crisis-levels/{level.pk}", body).status_code == 404
    assert alice.get("/workspaces/other-brand/members").status_code == 404
    charlie_membership.refresh_from_db()
    assert charlie_membership.title == ""
