"""Stopping to track a competitor: one service
(:func:`mostra.analytics.services.competitors.stop_tracking`) for the accounts page and
the API, the same refusals, an audit entry."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.models import AccountPost, TrackedAccount
from mostra.core.models import AuditAction, AuditEvent

API = "/workspaces/fromagerie/tracked-accounts/"


@pytest.fixture
def own(workspace):
    return TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")


def rival_of(workspace, handle: str = "rival@masto.example") -> TrackedAccount:
    account = TrackedAccount.objects.create(
        workspace=workspace, network="mastodon", handle=handle, is_competitor=True
    )
    AccountPost.objects.create(
        account=account,
        network_id=f"{handle}-1",
        published_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
        source="public-profile",
    )
    return account


def web(workspace, account) -> str:
    return f"/w/{workspace.slug}/analytics/accounts/{account.pk}/delete/"


def deletions(workspace) -> list[tuple[str, dict]]:
    events = AuditEvent.objects.filter(
        workspace=workspace, action=AuditAction.DELETE, object_type="trackedaccount"
    ).order_by("id")
    return [(e.object_label, e.changes) for e in events]


def test_the_page_and_the_api_stop_tracking_a_competitor_alike(
    workspace, owner, owner_client, alice
):
    first, second = rival_of(workspace), rival_of(workspace, "autre@masto.example")
    assert owner_client.post(web(workspace, first)).status_code == 302
    assert alice.delete(API + str(second.pk)).status_code == 204
    assert not TrackedAccount.objects.filter(is_competitor=True).exists()
    assert not AccountPost.objects.exists()
    assert deletions(workspace) == [
        (str(first), {"posts": [1, 0]}),
        (str(second), {"posts": [1, 0]}),
    ]
    assert set(
        AuditEvent.objects.filter(object_type="trackedaccount").values_list("actor", flat=True)
    ) == {owner.pk}


def test_an_own_account_is_not_deleted_on_either(workspace, own, owner_client, alice):
    assert owner_client.post(web(workspace, own)).status_code == 404
    assert alice.delete(API + str(own.pk)).status_code == 404
    assert TrackedAccount.objects.filter(pk=own.pk).exists()
    assert deletions(workspace) == []


def test_a_teammate_and_an_outsider_get_404(workspace, bob, charlie, teammate_client):
    rival = rival_of(workspace)
    assert bob.delete(API + str(rival.pk)).status_code == 404
    assert charlie.delete(API + str(rival.pk)).status_code == 404
    assert teammate_client.post(web(workspace, rival)).status_code == 404
    # Through his own workspace, the outsider cannot reach it either.
    other = "/workspaces/other-brand/tracked-accounts/"
    assert charlie.delete(other + str(rival.pk)).status_code == 404
    assert TrackedAccount.objects.filter(pk=rival.pk).exists()
    assert deletions(workspace) == []
