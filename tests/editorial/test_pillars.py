"""Content pillars: strategy editors name them, everyone sees them, posts survive them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.core.models import AuditEvent
from mostra.editorial.models import ContentPillar


def url(workspace, name: str = "editorial:pillars", *args: int) -> str:
    return reverse(name, args=[workspace.slug, *args])


def test_the_owner_adds_a_pillar(owner_client, workspace):
    response = owner_client.post(
        url(workspace),
        {"new-name": "Coulisses", "new-description": "L'affinage en cave", "new-color": "#AA3300"},
        follow=True,
    )
    pillar = ContentPillar.objects.get(workspace=workspace)
    assert (pillar.name, pillar.color) == ("Coulisses", "#aa3300")
    assert "The pillar “Coulisses” is added." in response.content.decode()
    assert AuditEvent.objects.filter(action="create", object_type="contentpillar").exists()


def test_names_are_unique_whatever_their_case(owner_client, workspace):
    ContentPillar.objects.create(workspace=workspace, name="Coulisses")
    response = owner_client.post(url(workspace), {"new-name": "coulisses", "new-color": "#000000"})
    assert response.status_code == 400
    assert (
        "A pillar is already called “coulisses”: choose another name." in response.content.decode()
    )
    assert ContentPillar.objects.count() == 1


def test_a_bad_colour_is_refused(owner_client, workspace):
    response = owner_client.post(url(workspace), {"new-name": "Expertise", "new-color": "red;x"})
    assert response.status_code == 400
    assert "#rrggbb" in response.content.decode()
    assert not ContentPillar.objects.exists()


def test_editing_a_pillar_is_audited(owner_client, workspace):
    pillar = ContentPillar.objects.create(workspace=workspace, name="Coulisses")
    p = f"pillar-{pillar.pk}-"
    response = owner_client.post(
        url(workspace, "editorial:pillar_edit", pillar.pk),
        {f"{p}name": "Savoir-faire", f"{p}description": "", f"{p}color": "#112233"},
    )
    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.name == "Savoir-faire"
    event = AuditEvent.objects.get(action="update", object_type="contentpillar")
    assert event.changes["name"] == ["Coulisses", "Savoir-faire"]


def test_deleting_a_pillar_keeps_its_posts(owner_client, workspace, make_post, tactic):
    pillar = ContentPillar.objects.create(workspace=workspace, name="Coulisses")
    post = make_post(tactic=tactic, pillar=pillar)
    response = owner_client.post(url(workspace, "editorial:pillar_delete", pillar.pk), follow=True)
    assert "its 1 post is kept, without a pillar" in response.content.decode()
    post.refresh_from_db()
    assert post.pillar is None
    assert AuditEvent.objects.filter(action="delete", object_type="contentpillar").exists()


def test_bob_the_editor_sees_the_pillars_but_cannot_change_them(teammate_client, workspace):
    pillar = ContentPillar.objects.create(workspace=workspace, name="<b>Coulisses</b>")
    page = teammate_client.get(url(workspace)).content.decode()
    assert "&lt;b&gt;Coulisses&lt;/b&gt;" in page
    assert "A new pillar" not in page and "pillar_edit" not in page
    response = teammate_client.post(url(workspace), {"new-name": "X", "new-color": "#000000"})
    assert response.status_code == 404
    response = teammate_client.post(
        url(workspace, "editorial:pillar_edit", pillar.pk), {f"pillar-{pillar.pk}-name": "X"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["editorial:pillar_edit", "editorial:pillar_delete"])
def test_another_workspaces_pillar_is_not_found(owner_client, workspace, outsider, name):
    from mostra.core.models import Workspace

    other = ContentPillar.objects.create(
        workspace=Workspace.objects.get(slug="other-brand"), name="Secret"
    )
    response = owner_client.post(url(workspace, name, other.pk), {})
    assert response.status_code == 404
    assert ContentPillar.objects.filter(pk=other.pk, name="Secret").exists()


def test_the_post_form_offers_the_pillars(owner_client, workspace, tactic):
    pillar = ContentPillar.objects.create(workspace=workspace, name="Coulisses")
    page = owner_client.get(reverse("editorial:post_new", args=[workspace.slug])).content.decode()
    assert f'<option value="{pillar.pk}">Coulisses</option>' in page
