"""One click from the charter's warning: a post's untagged links become tracked links
(per network, campaign from the objective), the check runs again; a second click
creates nothing."""

from __future__ import annotations

import pytest

from mostra.charter.checks import check_post
from mostra.charter.services import save_charter
from mostra.core.models import AuditEvent, Role
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.links.models import TrackedLink
from mostra.strategy.models import Tactic
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db

SHORT = "https://go.fromagerie.example"


@pytest.fixture
def post(owner_membership, workspace, owner, settings) -> Post:
    settings.MOSTRA_SHORT_LINK_BASE = SHORT
    build_strategy(owner_membership)
    save_charter(
        owner_membership,
        {"tone": "Chaleureux"},
        {"bluesky": {"utm_required": True}, "mastodon": {"utm_required": True}},
    )
    tactic = Tactic.objects.filter(workspace=workspace).select_related("strategy__objective")[0]
    post = Post.objects.create(
        workspace=workspace, author=owner, tactic=tactic, title="Atelier du samedi"
    )
    PostVariant.objects.create(
        post=post,
        network="bluesky",
        text="Inscrivez-vous : https://fromagerie.example/atelier et https://fromagerie.example/tomme",
        link="https://fromagerie.example/atelier",
        position=0,
    )
    PostVariant.objects.create(
        post=post,
        network="mastodon",
        text="Déjà balisé : https://fromagerie.example/atelier?utm_source=mastodon"
        "&utm_medium=social&utm_campaign=atelier · et https://fromagerie.example/atelier",
        position=1,
    )
    return post


def test_the_warning_offers_the_button_and_one_click_tags_every_link(
    post, owner_client, django_assert_max_num_queries
):
    page = owner_client.get(f"/w/fromagerie/posts/{post.pk}/").content.decode()
    assert 'id="tag-links-form"' in page and "Tag the links" in page
    assert 'form="tag-links-form"' in page  # beside the variant's charter check
    assert 'data-untagged="4"' in page

    with django_assert_max_num_queries(120):
        answer = owner_client.post(f"/w/fromagerie/links/posts/{post.pk}/tag/", follow=True)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "4 links replaced by tracked links (3 new)." in html
    assert 'id="tag-links-form"' not in html  # the check found nothing left

    links = {(link.network, link.target): link for link in TrackedLink.objects.filter(post=post)}
    assert set(links) == {
        ("bluesky", "https://fromagerie.example/atelier"),
        ("bluesky", "https://fromagerie.example/tomme"),
        ("mastodon", "https://fromagerie.example/atelier"),
    }
    assert post.tactic.strategy.objective.title == "Faire connaître l'affinage sur Instagram"
    for link in links.values():
        assert link.utm_medium == "organic" and link.utm_source == link.network
        assert link.utm_campaign == "faire-connaitre-l-affinage-sur-instagram"
        assert link.utm_content == f"post-{post.pk}"
    bluesky = post.variants.get(network="bluesky")
    atelier = links[("bluesky", "https://fromagerie.example/atelier")].code
    tomme = links[("bluesky", "https://fromagerie.example/tomme")].code
    assert bluesky.text == (f"Inscrivez-vous : {SHORT}/l/{atelier} et {SHORT}/l/{tomme}")
    assert bluesky.link == f"{SHORT}/l/{atelier}"
    mastodon = post.variants.get(network="mastodon")
    assert "utm_source=mastodon&utm_medium=social&utm_campaign=atelier" in mastodon.text
    assert mastodon.text.endswith(
        f"/l/{links[('mastodon', 'https://fromagerie.example/atelier')].code}"
    )
    assert all(not f.code.startswith("utm_") for found in check_post(post).values() for f in found)
    post.refresh_from_db()
    assert post.version == 2
    assert AuditEvent.objects.filter(object_id=str(post.pk), action="update").exists()

    again = owner_client.post(f"/w/fromagerie/links/posts/{post.pk}/tag/", follow=True)
    assert "already tracked: nothing to do" in again.content.decode()
    assert TrackedLink.objects.filter(post=post).count() == 3
    post.refresh_from_db()
    assert post.version == 2


def test_only_editors_in_the_workspace_tag_links(
    post, teammate_membership, teammate_client, outsider_client
):
    url = f"/w/fromagerie/links/posts/{post.pk}/tag/"
    assert outsider_client.post(url).status_code == 404
    teammate_membership.role = Role.CONTRIBUTOR
    teammate_membership.save()
    assert teammate_client.post(url).status_code == 404
    assert (
        'id="tag-links-form"'
        not in teammate_client.get(f"/w/fromagerie/posts/{post.pk}/").content.decode()
    )
    teammate_membership.role = Role.EDITOR
    teammate_membership.save()
    assert teammate_client.post(url).status_code == 302
    assert TrackedLink.objects.filter(post=post).count() == 3
    assert teammate_client.get(url).status_code == 405


def test_a_published_post_is_left_alone_and_says_why(post, owner_client):
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    answer = owner_client.post(f"/w/fromagerie/links/posts/{post.pk}/tag/", follow=True)
    assert "can no longer be changed" in answer.content.decode()
    assert not TrackedLink.objects.exists()


def test_nothing_half_done_when_the_post_cannot_be_saved(post, owner_client):
    Post.objects.filter(pk=post.pk).update(tactic=None)  # save_post refuses it
    answer = owner_client.post(f"/w/fromagerie/links/posts/{post.pk}/tag/", follow=True)
    assert "Choose the tactic" in answer.content.decode()
    assert not TrackedLink.objects.exists()
    assert "fromagerie.example/tomme" in post.variants.get(network="bluesky").text
