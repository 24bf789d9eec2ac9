"""A member reads the failures meant for them, on the overview and their page."""

from __future__ import annotations

from django.urls import reverse

from mostra.editorial.models import Post
from mostra.publishing.models.notification import Notification, NotificationKind


def notify(workspace, user, message="Le jeton a été révoqué <b>!</b>", post=None):
    return Notification.objects.create(
        workspace=workspace,
        recipient=user,
        kind=NotificationKind.PUBLICATION_FAILED,
        message=message,
        post=post,
    )


def test_each_member_sees_their_own_and_marks_them_read(
    workspace, owner, teammate, owner_client, teammate_client
):
    post = Post.objects.create(workspace=workspace, author=owner, title="Tomme d'hiver")
    notify(workspace, owner, post=post)
    notify(workspace, teammate, message="Pour Bob seulement")
    url = reverse("publishing:notifications", args=[workspace.slug])
    page = owner_client.get(url).content.decode()
    assert "Publication failed" in page and "Tomme d&#x27;hiver" in page
    assert "&lt;b&gt;!&lt;/b&gt;" in page and "Pour Bob" not in page
    overview = owner_client.get(reverse("core:workspace", args=[workspace.slug])).content
    assert b"1 publication needs your attention." in overview

    response = owner_client.post(url, follow=True)
    assert "1 notification marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=teammate, read_at__isnull=True).exists()
    overview = owner_client.get(reverse("core:workspace", args=[workspace.slug])).content
    assert b"Nothing needs your attention." in overview
    assert "Pour Bob seulement" in teammate_client.get(url).content.decode()


def test_outsiders_get_404(workspace, owner, outsider_client):
    notify(workspace, owner)
    url = reverse("publishing:notifications", args=[workspace.slug])
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url).status_code == 404
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
