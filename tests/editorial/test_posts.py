"""Writing a post: the form, its variants, who may edit what, and all-or-nothing saves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostra.core.models import AuditEvent, Membership, Role, User
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.editorial.services import posts as service
from tests.conftest import PASSWORD, client_for


def form_data(chosen: Any, /, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "tactic": str(chosen.pk),
        "pillar": "",
        "title": "Tomme de printemps",
        "date": "2030-03-12",
        "time": "10:00",
        "networks": ["instagram"],
        "v-instagram-text": "La tomme de printemps sort de cave 🧀",
        "v-instagram-link": "",
        "v-instagram-first_comment": "#fromage #affinage",
        "upload_everywhere": "on",
    }
    data.update(over)
    return data


def new_url(workspace: Any) -> str:
    return reverse("editorial:post_new", args=[workspace.slug])


def post_url(post: Post) -> str:
    return reverse("editorial:post", args=[post.workspace.slug, post.pk])


@pytest.fixture
def contributor(workspace) -> User:
    user = User.objects.create_user("dana@example.org", PASSWORD, display_name="Dana Petit")
    Membership.objects.create(workspace=workspace, user=user, role=Role.CONTRIBUTOR)
    return user


# --- Creating -------------------------------------------------------------------------


def test_owner_writes_a_post_with_two_variants(owner_client, workspace, strategy):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    data = form_data(
        tactic,
        networks=["facebook", "instagram"],
        **{
            "v-facebook-text": "Arrivage de comté 24 mois ce matin.",
            "v-facebook-link": "fromageriedulac.fr/arrivages",
            "v-facebook-first_comment": "",
            "sponsored": "on",
        },
    )
    response = owner_client.post(new_url(workspace), data)
    post = Post.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert response["Location"] == post_url(post)
    assert post.status == PostStatus.DRAFT and post.tactic == tactic and post.sponsored
    # 10:00 in Paris in March (winter time) is 09:00 UTC.
    assert post.scheduled_at == dt.datetime(2030, 3, 12, 9, 0, tzinfo=dt.UTC)
    variants = {v.network: v for v in post.variants.all()}
    assert list(variants) == ["facebook", "instagram"]
    assert variants["facebook"].link == "https://fromageriedulac.fr/arrivages"
    assert variants["instagram"].first_comment == "#fromage #affinage"
    assert AuditEvent.objects.filter(action="create", object_type="post").count() == 1
    page = owner_client.get(post_url(post)).content.decode()
    assert "Arrivage de comté 24 mois ce matin." in page


def test_new_post_is_prefilled_from_the_link(owner_client, workspace, tactic):
    response = owner_client.get(new_url(workspace) + f"?at=2030-05-04T18:30&tactic={tactic.pk}")
    page = response.content.decode()
    assert 'value="2030-05-04"' in page and 'value="18:30"' in page
    assert f'<option value="{tactic.pk}" selected data-networks="instagram">' in page
    assert 'name="networks" value="instagram" class="checks" id="id_networks_' in page or (
        'value="instagram"' in page and "checked" in page
    )


def test_tactics_are_grouped_by_objective_and_strategy(owner_client, workspace, strategy):
    page = owner_client.get(new_url(workspace)).content.decode()
    assert '<optgroup label="Faire connaître l&#x27;affinage sur Instagram → Les coulisses' in page
    assert 'data-networks="facebook instagram"' in page


def test_without_networks_the_tactics_networks_are_used(owner_client, workspace, tactic):
    data = form_data(tactic, networks=[])
    assert owner_client.post(new_url(workspace), data).status_code == 302
    assert [v.network for v in PostVariant.objects.all()] == ["instagram"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tactic": ""}, "This field is required"),
        ({"date": "2030-03-12", "time": ""}, "Give the time too"),
        # Clocks go forward in Paris on 31 March 2030 at 02:00.
        ({"date": "2030-03-31", "time": "02:30"}, "does not exist on"),
        # …and back on 27 October 2030 at 03:00: 02:30 happens twice.
        ({"date": "2030-10-27", "time": "02:30"}, "happens twice"),
        ({"v-instagram-link": "not a link at all"}, "Enter a valid URL"),
        ({"date": "2020-01-07", "time": "10:00"}, "This date and time are past"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    owner_client, workspace, tactic, change, message
):
    response = owner_client.post(new_url(workspace), form_data(tactic, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Post.objects.exists() and not PostVariant.objects.exists()


def test_a_bad_variant_leaves_nothing_half_saved(owner_membership, make_post, tactic):
    post = make_post(tactic=tactic, networks=("instagram", "facebook"), text="Avant")
    data = service.PostInput(
        tactic=tactic,
        title="Changed",
        variants=[
            service.VariantInput("instagram", text="Après"),
            service.VariantInput("not-a-network", text="?"),
        ],
    )
    with pytest.raises(service.DomainError):
        service.save_post(owner_membership, data, post)
    post.refresh_from_db()
    assert post.title == "" and {v.network: v.text for v in post.variants.all()} == {
        "instagram": "Avant",
        "facebook": "Avant",
    }


def test_a_failure_in_the_middle_rolls_everything_back(
    owner_membership, make_post, tactic, monkeypatch
):
    post = make_post(tactic=tactic, networks=("instagram",), text="Avant")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(service.media_service, "forget_files_after_commit", boom)
    data = service.PostInput(
        tactic=tactic,
        title="Changed",
        variants=[service.VariantInput("facebook", text="Nouveau")],
    )
    with pytest.raises(RuntimeError):
        service.save_post(owner_membership, data, post)
    post.refresh_from_db()
    assert post.title == ""
    assert [(v.network, v.text) for v in post.variants.all()] == [("instagram", "Avant")]


# --- Editing --------------------------------------------------------------------------


def test_editing_changes_variants_and_removes_unchosen_networks(owner_client, make_post, tactic):
    post = make_post(tactic=tactic, networks=("instagram", "facebook"))
    data = form_data(tactic, networks=["instagram"], **{"v-instagram-text": "Nouveau texte"})
    response = owner_client.post(post_url(post), data)
    assert response.status_code == 302
    assert [(v.network, v.text) for v in post.variants.all()] == [("instagram", "Nouveau texte")]
    changes = [e.changes for e in AuditEvent.objects.filter(action="update", object_type="post")]
    assert [None, ["facebook", "instagram"]] in [c.get("variants") for c in changes]


def test_editing_an_approved_post_sends_it_back_to_review(owner_client, make_post, tactic):
    """A new version that passes the charter (Facebook: no image needed)."""
    post = make_post(tactic=tactic, status=PostStatus.APPROVED, networks=("facebook",))
    data = form_data(tactic, networks=["facebook"])
    for field in ("text", "link", "first_comment"):
        data[f"v-facebook-{field}"] = data.pop(f"v-instagram-{field}")
    response = owner_client.post(post_url(post), data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW and post.version == 2
    page = owner_client.get(post_url(post)).content.decode()
    assert "back in review" in page


def test_a_post_already_past_can_still_be_edited_without_moving_it(owner_client, make_post, tactic):
    when = dt.datetime(2020, 1, 7, 9, 0, tzinfo=dt.UTC)
    post = make_post(tactic=tactic, when=when)
    data = form_data(tactic, date="2020-01-07", time="10:00", **{"v-instagram-text": "Bilan"})
    assert owner_client.post(post_url(post), data).status_code == 302
    post.refresh_from_db()
    assert post.scheduled_at == when and post.variants.get().text == "Bilan"


def test_changing_only_the_plan_keeps_the_approval(owner_client, make_post, tactic):
    post = make_post(tactic=tactic, status=PostStatus.APPROVED, text="Texte")
    data = form_data(tactic, title="Nouveau titre", **{"v-instagram-text": "Texte"})
    data["v-instagram-first_comment"] = ""
    assert owner_client.post(post_url(post), data).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.version == 1
    assert post.title == "Nouveau titre"


@pytest.mark.parametrize(
    "status", [PostStatus.PUBLISHING, PostStatus.PUBLISHED, PostStatus.CANCELLED]
)
def test_posts_on_their_way_out_cannot_be_edited(owner_client, make_post, tactic, status):
    post = make_post(tactic=tactic, status=status, text="Figé")
    page = owner_client.get(post_url(post)).content.decode()
    assert "it can no longer be changed" in page and 'id="post-form"' not in page
    response = owner_client.post(post_url(post), form_data(tactic), follow=True)
    assert "it can no longer be changed" in response.content.decode()
    assert post.variants.get().text == "Figé"


def test_bob_the_editor_edits_alices_post(teammate_client, make_post, tactic):
    post = make_post(tactic=tactic)
    page = teammate_client.get(post_url(post)).content.decode()
    assert 'id="post-form"' in page
    data = form_data(tactic, **{"v-instagram-text": "Relu par Bob"})
    assert teammate_client.post(post_url(post), data).status_code == 302
    assert post.variants.get().text == "Relu par Bob"


def test_a_contributor_reads_but_cannot_edit_someone_elses_post(contributor, make_post, tactic):
    post = make_post(tactic=tactic, text="Texte d'Alice")
    client = client_for(contributor)
    page = client.get(post_url(post)).content.decode()
    assert "Texte d&#x27;Alice" in page and 'id="post-form"' not in page
    response = client.post(post_url(post), form_data(tactic))
    assert response.status_code == 404
    assert post.variants.get().text == "Texte d'Alice"
    delete = reverse("editorial:post_delete", args=[post.workspace.slug, post.pk])
    assert client.post(delete).status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_contributor_writes_and_edits_their_own_post(contributor, workspace, tactic):
    client = client_for(contributor)
    assert client.post(new_url(workspace), form_data(tactic)).status_code == 302
    post = Post.objects.get(author=contributor)
    data = form_data(tactic, **{"v-instagram-text": "Corrigé"})
    assert client.post(post_url(post), data).status_code == 302
    assert post.variants.get().text == "Corrigé"


def test_a_contributor_cannot_move_their_approved_post(contributor, workspace, tactic):
    client = client_for(contributor)
    assert client.post(new_url(workspace), form_data(tactic)).status_code == 302
    post = Post.objects.get(author=contributor)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.APPROVED)
    response = client.post(post_url(post), form_data(tactic, date="2030-03-13"))
    assert response.status_code == 400
    assert "ask an editor to move this one" in response.content.decode()
    post.refresh_from_db()
    assert post.scheduled_at == dt.datetime(2030, 3, 12, 9, 0, tzinfo=dt.UTC)


def test_a_viewer_cannot_write(workspace, tactic):
    viewer = User.objects.create_user("eve@example.org", PASSWORD)
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    client = client_for(viewer)
    assert client.get(new_url(workspace)).status_code == 404
    assert client.post(new_url(workspace), form_data(tactic)).status_code == 404
    post = Post.objects.create(workspace=workspace, tactic=tactic)
    duplicate = reverse("editorial:post_duplicate", args=[workspace.slug, post.pk])
    assert client.post(duplicate).status_code == 404
    assert Post.objects.count() == 1


# --- Deleting -------------------------------------------------------------------------


def test_a_draft_is_deleted_and_audited(owner_client, make_post, tactic):
    post = make_post(tactic=tactic)
    url = reverse("editorial:post_delete", args=[post.workspace.slug, post.pk])
    response = owner_client.post(url)
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="post").exists()


def test_a_post_past_draft_is_cancelled_not_deleted(owner_client, make_post, tactic):
    post = make_post(tactic=tactic, status=PostStatus.APPROVED)
    url = reverse("editorial:post_delete", args=[post.workspace.slug, post.pk])
    response = owner_client.post(url, follow=True)
    assert "Only drafts can be deleted" in response.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_published_post_is_duplicated_as_a_new_draft(
    teammate_client, teammate, make_post, tactic, settings, tmp_path
):
    from mostra.editorial.models import PostMedia
    from mostra.editorial.services import media
    from tests.editorial.test_media import png, upload

    settings.MEDIA_ROOT = str(tmp_path)
    post = make_post(
        tactic=tactic,
        networks=("instagram", "facebook"),
        status=PostStatus.PUBLISHED,
        title="Tomme",
        sponsored=True,
        when=dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC),
    )
    media.attach(media.inspect(upload("a.png", png())), list(post.variants.all()), "Meule")
    url = reverse("editorial:post_duplicate", args=[post.workspace.slug, post.pk])
    response = teammate_client.post(url)
    copy = Post.objects.exclude(pk=post.pk).get()
    assert response["Location"] == post_url(copy)
    assert (copy.status, copy.author, copy.scheduled_at, copy.title) == (
        PostStatus.DRAFT,
        teammate,
        None,
        "Copy of Tomme",
    )
    assert copy.sponsored and copy.tactic == tactic
    assert [v.network for v in copy.variants.all()] == ["instagram", "facebook"]
    copied = PostMedia.objects.filter(variant__post=copy)
    assert [m.alt_text for m in copied] == ["Meule", "Meule"]
    assert {m.file.name for m in copied} == {
        m.file.name for m in PostMedia.objects.filter(variant__post=post)
    }
    assert post.variants.count() == 2  # the original is untouched


# --- Comments -------------------------------------------------------------------------


def test_comments_are_escaped_audited_and_shown_with_their_author(
    owner_client, teammate_client, make_post, tactic
):
    post = make_post(tactic=tactic)
    url = reverse("editorial:post_comment", args=[post.workspace.slug, post.pk])
    teammate_client.post(url, {"body": "<script>alert(1)</script> Le titre me va."})
    page = owner_client.get(post_url(post)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Le titre me va." in page
    assert "<script>alert(1)" not in page
    assert "Bob Durand" in page
    assert AuditEvent.objects.filter(action="create", object_type="postcomment").exists()


def test_an_empty_comment_is_refused(owner_client, make_post, tactic):
    post = make_post(tactic=tactic)
    url = reverse("editorial:post_comment", args=[post.workspace.slug, post.pk])
    response = owner_client.post(url, {"body": "   "}, follow=True)
    assert "Write something before sending the comment." in response.content.decode()
    assert not post.comments.exists()


def test_viewers_read_comments_but_cannot_write_any(workspace, make_post, tactic):
    viewer = User.objects.create_user("eve@example.org", PASSWORD)
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    post = make_post(tactic=tactic)
    client = client_for(viewer)
    page = client.get(post_url(post)).content.decode()
    assert "Team comments" in page and 'name="body"' not in page
    url = reverse("editorial:post_comment", args=[post.workspace.slug, post.pk])
    assert client.post(url, {"body": "Hello"}).status_code == 404


# --- The list -------------------------------------------------------------------------


def test_the_list_shows_my_drafts_and_unplanned_posts(owner_client, teammate, make_post, tactic):
    mine = make_post(tactic=tactic, title="Mon brouillon")
    bob = Membership.objects.get(user=teammate)
    other = make_post(tactic=tactic, author=bob, title="Idée de Bob")
    page = owner_client.get(reverse("editorial:posts", args=[mine.workspace.slug])).content
    assert b"Mon brouillon" in page and b"Id\xc3\xa9e de Bob" in page
    assert other.pk != mine.pk


# --- Query counts ---------------------------------------------------------------------


def _page_queries(client: Any, post: Post) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(post_url(post))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_post_page_costs_the_same_with_one_or_five_variants(owner_client, make_post, tactic):
    one = make_post(tactic=tactic, networks=("instagram",))
    five = make_post(tactic=tactic, networks=("instagram", "facebook", "linkedin", "x", "bluesky"))
    _page_queries(owner_client, one)  # warm caches (sessions, charter)
    queries = _page_queries(owner_client, one)
    assert queries == _page_queries(owner_client, five)
    assert queries <= 20  # 15 today: session, member, post, variants, media, comments, choices…
