"""Every workspace page, seen by the owner, a teammate and an outsider."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

PAGES = [
    ("", 200, 200),
    ("members/", 200, 200),
    ("organisation/", 200, 200),
    ("crisis/", 200, 200),
    ("crisis/?print=1", 200, 200),
    ("audit/", 200, 404),  # editors do not read the audit log
    ("settings/", 200, 404),  # nor change the settings
]


@pytest.mark.parametrize(("suffix", "owner_status", "teammate_status"), PAGES)
def test_pages_for_the_cast(
    workspace, owner, teammate, outsider, suffix, owner_status, teammate_status
):
    url = f"/w/{workspace.slug}/{suffix}"
    assert client_for(owner).get(url).status_code == owner_status
    assert client_for(teammate).get(url).status_code == teammate_status
    response = client_for(outsider).get(url)
    assert response.status_code == 404
    assert b"Fromagerie" not in response.content


def test_crisis_level_edit_page(workspace, owner, teammate, outsider):
    level = workspace.crisis_levels.first()
    url = f"/w/{workspace.slug}/crisis/{level.pk}/"
    assert client_for(owner).get(url).status_code == 200
    assert client_for(teammate).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_member_edit_page(workspace, owner, teammate, outsider, teammate_membership):
    url = f"/w/{workspace.slug}/members/{teammate_membership.pk}/"
    assert client_for(owner).get(url).status_code == 200
    assert client_for(teammate).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_anonymous_is_sent_to_login(workspace):
    response = client_for(None).get(f"/w/{workspace.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unknown_workspace_is_404_not_500(owner_client):
    response = owner_client.get("/w/does-not-exist/organisation/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_home_lists_only_my_workspaces(workspace, owner_client, outsider_client):
    page = owner_client.get("/?all=1").content.decode()
    assert "Fromagerie du Lac" in page and "Other brand" not in page
    page = outsider_client.get("/?all=1").content.decode()
    assert "Other brand" in page and "Fromagerie du Lac" not in page


def test_outsider_cannot_post_to_another_workspace(workspace, outsider_client):
    activity = workspace.activities.first()
    before = list(workspace.memberships.values_list("role", flat=True))
    for url, data in [
        (f"/w/{workspace.slug}/organisation/policy/", {"approval_policy": "none"}),
        (f"/w/{workspace.slug}/organisation/activities/{activity.pk}/delete/", {}),
        (f"/w/{workspace.slug}/members/invite/", {"role": "owner"}),
        (f"/w/{workspace.slug}/delete/", {"confirm_slug": workspace.slug}),
    ]:
        assert outsider_client.post(url, data).status_code == 404
    workspace.refresh_from_db()
    assert workspace.activities.filter(pk=activity.pk).exists()
    assert list(workspace.memberships.values_list("role", flat=True)) == before


def test_page_query_counts_do_not_grow_with_the_team(
    workspace, owner_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mostra.core.models import Membership, Role, User

    pages = ["", "members/", "organisation/", "crisis/", "audit/"]

    def counts() -> dict[str, int]:
        found = {}
        for suffix in pages:
            with CaptureQueriesContext(connection) as queries:
                assert owner_client.get(f"/w/{workspace.slug}/{suffix}").status_code == 200
            found[suffix] = len(queries)
        return found

    alone = counts()
    for i in range(8):
        user = User.objects.create_user(f"m{i}@example.org", "x" * 12)
        Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    assert counts() == alone
    # The home page reads each of its sections once; the others are small.
    assert alone[""] <= 24 and max(alone[s] for s in pages[1:]) <= 20, alone
