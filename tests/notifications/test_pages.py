"""The bell, the notifications page and the preferences: each member their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostra.core.models import Membership, Role
from mostra.notifications.models import Kind, Notification, Preference, RequiredKind
from mostra.notifications.services import notify

LIST = "notifications:list"


@pytest.fixture
def url(workspace):
    return reverse(LIST, args=[workspace.slug])


def mention(workspace, author, to, post=None, excerpt="Regarde <b>ça</b>"):
    return notify(
        workspace.pk, Kind.MENTIONED, [to.pk], actor=author, post=post, params={"excerpt": excerpt}
    )[0]


def test_the_bell_counts_my_unread_notifications_of_this_workspace_and_leads_to_them(
    workspace, owner, teammate, owner_client, teammate_client, url
):
    mention(workspace, teammate, owner)
    mention(workspace, teammate, owner)
    mention(workspace, owner, teammate)
    page = owner_client.get(reverse("editorial:calendar", args=[workspace.slug])).content.decode()
    assert f'id="notification-bell" href="{url}"' in page
    assert '<span class="bell-count" aria-hidden="true">2</span>' in page
    assert "2 unread notifications" in page
    Notification.objects.filter(recipient=owner).update(read_at="2026-01-01T00:00Z")
    page = owner_client.get(reverse("editorial:calendar", args=[workspace.slug])).content.decode()
    assert "bell-count" not in page and "0 unread notifications" in page


def test_the_page_lists_mine_newest_first_escaped_and_marks_them_read(
    workspace, owner, teammate, owner_client, make_post, url
):
    post = make_post(title="Tomme d'hiver")
    older = mention(workspace, teammate, owner, post, excerpt="première")
    newer = mention(workspace, teammate, owner, post)
    mention(workspace, owner, teammate, excerpt="Pour Bob seulement")
    page = owner_client.get(url).content.decode()
    assert page.index(f"notification-{newer.pk}") < page.index(f"notification-{older.pk}")
    assert "Bob Durand mentioned you in a comment on “Tomme d&#x27;hiver”." in page
    assert "Regarde &lt;b&gt;ça&lt;/b&gt;" in page and "Pour Bob" not in page
    assert reverse("editorial:post", args=[workspace.slug, post.pk]) in page

    read = reverse("notifications:read", args=[workspace.slug])
    assert owner_client.post(read, {"notification": older.pk}).status_code == 302
    older.refresh_from_db()
    assert older.read_at is not None
    unread_page = owner_client.get(url + "?unread=1").content.decode()
    assert f"notification-{newer.pk}" in unread_page
    assert f"notification-{older.pk}" not in unread_page

    response = owner_client.post(read, follow=True)
    assert "1 notification marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=owner, read_at=None).exists()
    assert Notification.objects.filter(recipient=teammate, read_at=None).exists()
    assert "You have read everything." in owner_client.get(url + "?unread=1").content.decode()


def test_someone_elses_notification_cannot_be_marked_read(
    workspace, owner, teammate, teammate_client, outsider_client
):
    mine = mention(workspace, teammate, owner)
    read = reverse("notifications:read", args=[workspace.slug])
    assert teammate_client.post(read, {"notification": mine.pk}).status_code == 404
    assert teammate_client.post(read, {"notification": "abc"}).status_code == 404
    assert outsider_client.post(read, {"notification": mine.pk}).status_code == 404
    assert outsider_client.get(reverse(LIST, args=[workspace.slug])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_page_costs_the_same_queries_for_3_or_30_notifications(
    workspace, owner, teammate, owner_client, make_post, url
):
    post = make_post(title="Tomme")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(url).status_code == 200
        return len(queries)

    for _ in range(3):
        mention(workspace, teammate, owner, post)
    small = count()
    for _ in range(27):
        mention(workspace, teammate, owner, post)
    assert count() == small


def test_preferences_are_reachable_saved_and_audited(workspace, teammate, teammate_client, url):
    prefs = reverse("notifications:preferences", args=[workspace.slug])
    assert prefs in teammate_client.get(url).content.decode()
    page = teammate_client.get(prefs).content.decode()
    assert 'name="approval_requested" value="email" checked' in page  # the default
    assert 'name="mentioned" value="app" checked' in page
    response = teammate_client.post(prefs, {"form": "channels", "mentioned": "digest"})
    assert response.status_code == 302
    assert Preference.objects.get(user=teammate, kind=Kind.MENTIONED).channel == "digest"
    assert "Required for every member" not in page  # owners only


def test_a_bad_choice_is_refused_and_nothing_is_saved(workspace, teammate, teammate_client):
    prefs = reverse("notifications:preferences", args=[workspace.slug])
    response = teammate_client.post(prefs, {"mentioned": "digest", "post_approved": "pigeon"})
    assert response.status_code == 400
    assert "Unknown choice “pigeon”" in response.content.decode()
    assert not Preference.objects.exists()


def test_owners_require_a_kind_that_members_cannot_switch_off(
    workspace, teammate, owner_client, teammate_client
):
    prefs = reverse("notifications:preferences", args=[workspace.slug])
    assert "Required for every member" in owner_client.get(prefs).content.decode()
    owner_client.post(prefs, {"form": "required", "required": ["publication_failed"]})
    assert list(RequiredKind.objects.values_list("kind", flat=True)) == ["publication_failed"]
    response = teammate_client.post(prefs, {"publication_failed": "off"})
    assert "The workspace&#x27;s owners require" in response.content.decode()
    assert not Preference.objects.filter(user=teammate).exists()
    # Nor may a teammate require anything.
    response = teammate_client.post(prefs, {"form": "required", "required": ["mentioned"]})
    assert response.status_code == 400
    assert list(RequiredKind.objects.values_list("kind", flat=True)) == ["publication_failed"]


def test_the_old_address_still_leads_to_the_page(workspace, owner_client):
    old = reverse("publishing:notifications", args=[workspace.slug])
    assert old == reverse(LIST, args=[workspace.slug])
    assert owner_client.get(old).status_code == 200


def test_a_viewer_reads_their_notifications_too(workspace, owner):
    from mostra.core.models import User
    from tests.conftest import client_for

    vera = User.objects.create_user("vera@example.org", "x" * 12, display_name="Vera")
    Membership.objects.create(workspace=workspace, user=vera, role=Role.VIEWER)
    mention(workspace, owner, vera)
    page = client_for(vera).get(reverse(LIST, args=[workspace.slug])).content.decode()
    assert "Alice Martin mentioned you" in page
