"""Every post editor route, for the owner (Alice), a teammate (Bob, editor) and an outsider.

Alice and Bob may write and edit posts (editors have EDIT_CONTENT); only those who edit
the strategy change content pillars; Charlie gets 404 everywhere, as if the workspace
did not exist.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mostra.editorial.models import ContentPillar, PostMedia
from mostra.editorial.services import media
from tests.editorial.test_media import png, upload
from tests.editorial.test_posts import form_data


@pytest.fixture
def objects(make_post, tactic, workspace, settings, tmp_path) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    post = make_post(tactic=tactic)
    media.attach(media.inspect(upload("a.png", png())), [post.variants.get()], "")
    pillar = ContentPillar.objects.create(workspace=workspace, name="Coulisses")
    return {"post": post, "media": PostMedia.objects.get(), "pillar": pillar, "tactic": tactic}


def gets(o: dict[str, Any]) -> list[tuple[str, list, int, int]]:
    """(url name, args after the slug, owner's status, teammate's status)."""
    return [
        ("editorial:posts", [], 200, 200),
        ("editorial:post_new", [], 200, 200),
        ("editorial:post", [o["post"].pk], 200, 200),
        ("editorial:media", [o["media"].pk], 200, 200),
        ("editorial:pillars", [], 200, 200),
        ("editorial:post_slots", [], 200, 200),
    ]


def test_every_page_for_the_cast(owner_client, teammate_client, outsider_client, objects):
    slug = objects["post"].workspace.slug
    for name, args, owner_status, teammate_status in gets(objects):
        url = reverse(name, args=[slug, *args])
        assert owner_client.get(url).status_code == owner_status, name
        assert teammate_client.get(url).status_code == teammate_status, name
        assert outsider_client.get(url).status_code == 404, name
        # Charlie's own workspace slug does not open Alice's objects either.
        other = reverse(name, args=["other-brand", *args])
        if args:
            assert outsider_client.get(other).status_code == 404, name


def posts(o: dict[str, Any]) -> list[tuple[str, list, dict, int, int]]:
    """(url name, args, data, owner's status, teammate's status) for each change."""
    return [
        ("editorial:post_new", [], form_data(o["tactic"]), 302, 302),
        ("editorial:post", [o["post"].pk], form_data(o["tactic"]), 302, 302),
        ("editorial:post_comment", [o["post"].pk], {"body": "Vu"}, 302, 302),
        ("editorial:post_duplicate", [o["post"].pk], {}, 302, 302),
        ("editorial:pillars", [], {"new-name": "Expertise", "new-color": "#123456"}, 302, 404),
        (
            "editorial:pillar_edit",
            [o["pillar"].pk],
            {
                f"pillar-{o['pillar'].pk}-name": "Savoir-faire",
                f"pillar-{o['pillar'].pk}-color": "#654321",
            },
            302,
            404,
        ),
    ]


@pytest.mark.parametrize("who", ["owner", "teammate", "outsider"])
def test_every_change_for_the_cast(who, request, objects):
    client = request.getfixturevalue(f"{who}_client")
    slug = objects["post"].workspace.slug
    for name, args, data, owner_status, teammate_status in posts(objects):
        expected = {"owner": owner_status, "teammate": teammate_status, "outsider": 404}[who]
        response = client.post(reverse(name, args=[slug, *args]), data)
        assert response.status_code == expected, (name, response.content[:500])


@pytest.mark.parametrize("who", ["owner", "teammate", "outsider"])
def test_deleting_for_the_cast(who, request, objects):
    client = request.getfixturevalue(f"{who}_client")
    slug = objects["post"].workspace.slug
    pillar_status = {"owner": 302, "teammate": 404, "outsider": 404}[who]
    url = reverse("editorial:pillar_delete", args=[slug, objects["pillar"].pk])
    assert client.post(url).status_code == pillar_status
    post_status = {"owner": 302, "teammate": 302, "outsider": 404}[who]
    url = reverse("editorial:post_delete", args=[slug, objects["post"].pk])
    assert client.post(url).status_code == post_status
    assert ContentPillar.objects.exists() is (pillar_status == 404)


def test_changes_need_a_post_request(owner_client, objects):
    slug = objects["post"].workspace.slug
    for name, args in [
        ("editorial:post_delete", [objects["post"].pk]),
        ("editorial:post_comment", [objects["post"].pk]),
        ("editorial:post_duplicate", [objects["post"].pk]),
        ("editorial:pillar_edit", [objects["pillar"].pk]),
        ("editorial:pillar_delete", [objects["pillar"].pk]),
    ]:
        assert owner_client.get(reverse(name, args=[slug, *args])).status_code == 405, name


def test_forms_carry_a_csrf_token(owner_client, objects):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(objects["post"].author)
    url = reverse("editorial:post", args=[objects["post"].workspace.slug, objects["post"].pk])
    assert strict.post(url, form_data(objects["tactic"])).status_code == 403
    assert 'name="csrfmiddlewaretoken"' in owner_client.get(url).content.decode()
