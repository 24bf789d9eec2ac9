"""A workspace that has published, from archive to deletion.

Alice archives the Fromagerie after a post went out: nobody can change it any more, on
the pages or through the API, and the worker publishes none of its posts. She restores
it: the post whose time passed meanwhile is not published late but waits for a new
date. She archives it again and deletes it: every row of it is gone, in every app, and
its media files too; Charlie's workspace has not lost a row.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.core.models import ApiToken, AuditAction, AuditEvent, Membership, Role, Workspace
from mostra.core.services import archive
from mostra.editorial.models import Post, PostComment, PostMedia, PostStatus, PostVariant
from mostra.publishing.loop import Loop, idle
from mostra.publishing.models import (
    FollowerSnapshot,
    MastodonApp,
    MastodonInstance,
    MetricSnapshot,
    Publication,
    PublicationAttempt,
    PublicationState,
)
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import claims
from mostra.publishing.services.metrics import collect_due, collect_followers_due
from tests.api.conftest import Api, token_client
from tests.publishing import fake_network
from tests.publishing.conftest import fresh
from tests.workspace_rows import path_to_workspace, rows_of

S = PublicationState
ARCHIVED = "This workspace is archived: restore it to change it."


def test_the_lookup_reaches_the_workspace_from_every_kind_of_row():
    assert path_to_workspace(PublicationAttempt) == "publication__account__workspace"
    assert path_to_workspace(Post) == "workspace"
    assert path_to_workspace(MastodonApp) is None  # an instance's, not a workspace's


def _publish_a_post(make_publication, moment, owner_membership):
    """A post that went out through the engine, with what follows a publication."""
    publication = make_publication(due=moment())
    assert Loop("w").tick().published == 1
    publication = fresh(publication)
    assert publication.state == S.PUBLISHED
    MetricSnapshot.objects.create(publication=publication, taken_at=moment(), likes=4)
    FollowerSnapshot.objects.create(account=publication.account, taken_at=moment(), followers=9)
    PostComment.objects.create(
        post=publication.variant.post, author=owner_membership.user, body="Belle photo"
    )
    return publication


def _media_file(variant: PostVariant) -> str:
    name = default_storage.save(
        f"posts/{variant.post.workspace_id}/ab/ab12-tomme.png", ContentFile(b"\x89PNG tomme")
    )
    PostMedia.objects.create(
        variant=variant, file=name, kind="image", mime_type="image/png", size=10, sha256="ab12"
    )
    return name


def test_a_workspace_that_has_published_is_archived_restored_then_deleted(
    workspace,
    owner,
    teammate,
    outsider,
    owner_membership,
    owner_client,
    teammate_client,
    outsider_client,
    make_publication,
    fake_server,
    moment,
    django_capture_on_commit_callbacks,
):
    slug = workspace.slug
    published = _publish_a_post(make_publication, moment, owner_membership)
    media_name = _media_file(published.variant)
    due_soon = make_publication(due=moment() + dt.timedelta(minutes=30), title="Affinage")
    next_week = make_publication(due=moment() + dt.timedelta(days=7), title="Marché")
    draft = Post.objects.create(workspace=workspace, author=teammate, title="Brouillon")
    # Charlie's own workspace publishes all along.
    other = Workspace.objects.get(slug="other-brand")
    other_owner = Membership.objects.get(workspace=other, user=outsider)
    other_account = fake_network.connect(other, "fakenet", handle="other")

    # --- Archived: read-only for everyone, nothing published --------------------------
    response = owner_client.post(f"/w/{slug}/archive/")
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.archived_at is not None and workspace.archived_by == owner

    page = owner_client.get(f"/w/{slug}/")
    assert "This workspace is archived" in page.content.decode()
    assert teammate_client.get(f"/w/{slug}/posts/{draft.pk}/").status_code == 200

    refused = owner_client.post(
        f"/w/{slug}/settings/",
        {"name": "Renamed", "country": "FR", "timezone": "Europe/Paris", "description": ""},
        follow=True,
    )
    assert ARCHIVED in refused.content.decode()
    refused = teammate_client.post(f"/w/{slug}/posts/{draft.pk}/comments/", {"body": "Ok"})
    assert refused.status_code == 302
    assert outsider_client.post(f"/w/{slug}/settings/", {"name": "Hacked"}).status_code == 404
    assert (
        outsider_client.post(f"/w/{slug}/posts/{draft.pk}/comments/", {"body": "x"}).status_code
        == 404
    )
    alice, bob, charlie = (
        Api(token_client(ApiToken.issue(user, "script")[1])) for user in (owner, teammate, outsider)
    )
    answer = alice.patch(f"/workspaces/{slug}", {"name": "Renamed"})
    assert answer.status_code == 409 and answer.json() == {"detail": ARCHIVED}
    answer = bob.patch(f"/workspaces/{slug}/posts/{draft.pk}", {"title": "Changed"})
    assert answer.status_code == 409 and answer.json() == {"detail": ARCHIVED}
    assert charlie.patch(f"/workspaces/{slug}", {"name": "Hacked"}).status_code == 404
    assert alice.get(f"/workspaces/{slug}").json()["archived_at"] is not None
    workspace.refresh_from_db()
    draft.refresh_from_db()
    assert workspace.name == "Fromagerie du Lac" and draft.title == "Brouillon"
    assert PostComment.objects.filter(post=draft).count() == 0

    other_post = make_publication(
        due=moment(), account=other_account, author=other_owner, title="Autre"
    )
    moment.advance(hours=1)  # "Affinage" is due now, in the archived workspace
    with CaptureQueriesContext(connection) as queries:
        due = claims.due_ids(moment())
    assert len(queries) == 1
    assert due == [other_post.pk]
    assert Loop("w").tick().published == 1
    assert fresh(other_post).state == S.PUBLISHED
    assert publish_one(due_soon.pk, "w") is None
    assert fresh(due_soon).state == S.PENDING
    assert idle()  # the archived workspace's due post keeps no worker waiting
    assert len(fake_server.posts) == 2  # the Fromagerie's first post and Charlie's

    # --- Restored: the late post waits for a new date, the others keep theirs ----------
    response = owner_client.post(f"/w/{slug}/restore/", follow=True)
    assert "give them a new date" in response.content.decode()
    late = fresh(due_soon)
    assert late.state == S.CANCELLED
    assert late.variant.post.status == PostStatus.APPROVED
    assert fresh(next_week).state == S.PENDING
    assert fresh(next_week).variant.post.status == PostStatus.SCHEDULED
    assert Loop("w").tick().published == 0
    assert len(fake_server.posts) == 2
    teammate_client.post(f"/w/{slug}/posts/{draft.pk}/comments/", {"body": "Ok"})
    assert PostComment.objects.filter(post=draft).count() == 1
    assert alice.patch(f"/workspaces/{slug}", {"name": "Fromagerie"}).status_code == 200

    # --- Deleted: not before it is archived again, then every row goes ----------------
    assert alice.delete(f"/workspaces/{slug}?confirm_slug={slug}").status_code == 422
    page = owner_client.post(f"/w/{slug}/delete/", {"confirm_slug": slug})
    assert page.status_code == 400
    assert "Archive the workspace first" in page.content.decode()
    assert Workspace.objects.filter(pk=workspace.pk).exists()

    owner_client.post(f"/w/{slug}/archive/")
    rows_before = rows_of(workspace.pk)
    other_rows = rows_of(other.pk)
    for label in (
        "core.Membership",
        "core.AuditEvent",
        "editorial.Post",
        "editorial.PostMedia",
        "publishing.SocialAccount",
        "publishing.Publication",
        "publishing.PublicationAttempt",
        "publishing.MetricSnapshot",
        "publishing.FollowerSnapshot",
    ):
        assert rows_before[label] > 0, label
    assert default_storage.exists(media_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"/w/{slug}/delete/", {"confirm_slug": slug})
    assert response.status_code == 302

    assert {label: n for label, n in rows_of(workspace.pk).items() if n} == {}
    assert not default_storage.exists(media_name)
    assert rows_of(other.pk) == other_rows
    assert other_rows["publishing.Publication"] == 1
    line = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="workspace")
    assert line.workspace_id is None
    assert line.actor == owner
    assert line.object_label == "Fromagerie (fromagerie)"
    assert line.changes["rows"]["publishing.Publication"] == 3


def test_deleting_forgets_mostra_s_mastodon_application_for_its_callback(workspace, owner):
    instance = MastodonInstance.objects.create(url="https://social.example")
    mine = MastodonApp.objects.create(
        instance=instance,
        redirect_uri=f"https://mostra.example/w/{workspace.slug}/accounts/mastodon/callback/",
        scopes="read write",
        client_id="c1",
        client_secret="s1",
    )
    theirs = MastodonApp.objects.create(
        instance=instance,
        redirect_uri="https://mostra.example/w/other-brand/accounts/mastodon/callback/",
        scopes="read write",
        client_id="c2",
        client_secret="s2",
    )
    membership = Membership.objects.get(workspace=workspace, user=owner, role=Role.OWNER)
    archive.archive_workspace(membership)
    archive.delete_workspace(membership, workspace.slug)
    assert not MastodonApp.objects.filter(pk=mine.pk).exists()
    assert MastodonApp.objects.filter(pk=theirs.pk).exists()


def test_an_archived_workspace_s_metrics_and_followers_are_not_collected(
    owner_membership, make_publication, fake_account, fake_server, moment
):
    publication = make_publication(due=moment())
    Loop("w").tick()
    publication = fresh(publication)
    assert publication.next_metrics_at is not None
    fake_account.refresh_from_db()
    followers_at = fake_account.next_followers_at
    archive.archive_workspace(owner_membership)
    later = moment.advance(days=2)
    assert collect_due(later) == 0
    assert collect_followers_due(later) == 0
    assert fresh(publication).next_metrics_at == publication.next_metrics_at
    fake_account.refresh_from_db()
    assert fake_account.next_followers_at == followers_at
    assert not FollowerSnapshot.objects.exists()


def test_a_post_that_had_partly_gone_out_is_not_finished_late(
    workspace, owner_membership, make_publication, fake_account, fake_server, moment
):
    """One network has it, the other was waiting for a retry: on restore, the retry fails
    saying why, and the post waits for a person to retry it."""
    sent = make_publication(due=moment() - dt.timedelta(hours=2))
    Publication.objects.filter(pk=sent.pk).update(state=S.PUBLISHED, published_at=moment())
    post = sent.variant.post
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHING)
    other_account = fake_network.connect(workspace, "fakenet_plain")
    variant = PostVariant.objects.create(post=post, network="fakenet_plain", text="Tomme")
    retry = Publication.objects.create(
        variant=variant,
        account=other_account,
        state=S.PENDING,
        due_at=moment() - dt.timedelta(hours=2),
        next_attempt_at=moment() + dt.timedelta(minutes=5),
        attempts=1,
    )
    archive.archive_workspace(owner_membership)
    moment.advance(hours=1)
    archive.restore_workspace(owner_membership)
    retry.refresh_from_db()
    assert retry.state == S.FAILED
    assert "archived" in retry.error_message
    post.refresh_from_db()
    assert post.status == PostStatus.FAILED
    assert Loop("w").tick().published == 0
