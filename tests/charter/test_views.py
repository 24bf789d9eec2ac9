"""The charter page and the live check: Alice edits, Bob reads and checks, Charlie sees
nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.charter.models import Charter, CharterNetworkRule
from mostra.charter.services import save_charter
from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostMedia, PostVariant


@pytest.fixture
def page_url(workspace) -> str:
    return reverse("charter:edit", args=[workspace.slug])


@pytest.fixture
def check_url(workspace) -> str:
    return reverse("charter:check", args=[workspace.slug])


@pytest.fixture
def charter(owner_membership) -> Charter:
    return save_charter(
        owner_membership,
        {"tone": "Chaleureux et précis.", "forbidden_words": "pas cher", "address_form": "vous"},
        {"instagram": {"max_hashtags": 3, "alt_text_required": True}},
    )


def form_data(**extra: str) -> dict[str, str]:
    data = {
        "tone": "Chaleureux",
        "address_form": "vous",
        "max_caps_ratio": "30",
        "max_exclamations": "2",
        "inclusive_writing": "allowed",
        "language": "fr",
        "disclosure_mentions": "",
        "forbidden_words": "pas cher",
        "required_words": "",
        "formats_video": ["reel", "short"],
        "networks": ["instagram"],
        "rule-instagram-max_hashtags": "4",
        "rule-instagram-emoji_policy": "allowed",
        "rule-instagram-emoji_max": "",
        "rule-instagram-required_words": "",
        "rule-instagram-forbidden_words": "",
        "rule-instagram-utm_required": "on",
        "rule-instagram-alt_text_required": "on",
        "rule-instagram-disclosure_required": "on",
    }
    data.update(extra)
    return data


# --- The page ----------------------------------------------------------------------------


def test_owner_sees_the_form(owner_client, page_url, charter) -> None:
    response = owner_client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="charter-form"' in html
    assert 'name="rule-instagram-max_hashtags"' in html
    assert "Chaleureux et précis." in html
    assert 'id="try"' in html


def test_owner_saves_and_the_change_is_audited(owner_client, page_url, workspace) -> None:
    response = owner_client.post(page_url, form_data())
    assert response.status_code == 302
    charter = Charter.objects.get(workspace=workspace)
    assert charter.address_form == "vous" and charter.max_caps_ratio == 30
    assert charter.favoured_formats == {"video": ["reel", "short"]}
    rule = CharterNetworkRule.objects.get(charter=charter, network="instagram")
    assert rule.max_hashtags == 4 and rule.utm_required and rule.alt_text_required
    events = AuditEvent.objects.filter(
        workspace=workspace, object_type__in=["charter", "charternetworkrule"]
    )
    assert {e.object_type for e in events} == {"charter", "charternetworkrule"}
    assert events.filter(object_type="charter").first().actor.email == "alice@example.org"


def test_update_records_what_changed(owner_client, page_url, workspace, charter) -> None:
    owner_client.post(page_url, form_data(tone="Sobre"))
    event = AuditEvent.objects.filter(
        workspace=workspace, object_type="charter", action="update"
    ).first()
    assert event.changes["tone"] == ["Chaleureux et précis.", "Sobre"]


def test_more_hashtags_than_the_network_accepts_is_refused(
    owner_client, page_url, workspace
) -> None:
    response = owner_client.post(page_url, form_data(**{"rule-instagram-max_hashtags": "8"}))
    assert response.status_code == 400
    assert "Instagram accepts at most 5 hashtags" in response.content.decode()
    assert not Charter.objects.filter(workspace=workspace).exists()


def test_removing_a_network_rule(owner_client, page_url, charter) -> None:
    data = form_data(**{"rule-instagram-remove": "on"})
    assert owner_client.post(page_url, data).status_code == 302
    assert not CharterNetworkRule.objects.filter(charter=charter).exists()


def test_adding_a_network_shows_its_rules(owner_client, page_url) -> None:
    html = owner_client.get(page_url + "?add=bluesky").content.decode()
    assert 'name="rule-bluesky-max_hashtags"' in html


def test_teammate_reads_the_charter_without_a_form(teammate_client, page_url, charter) -> None:
    response = teammate_client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chaleureux et précis." in html and "pas cher" in html
    assert 'id="charter-form"' not in html and "rule-instagram" not in html
    assert 'id="try"' in html  # an editor drafts content, so may try a text


def test_teammate_cannot_save(teammate_client, page_url, charter) -> None:
    response = teammate_client.post(page_url, form_data(tone="Piraté"))
    assert response.status_code == 404
    charter.refresh_from_db()
    assert charter.tone == "Chaleureux et précis."


def test_outsider_gets_404(outsider_client, page_url, check_url, charter) -> None:
    assert outsider_client.get(page_url).status_code == 404
    assert outsider_client.post(page_url, form_data()).status_code == 404
    assert outsider_client.post(check_url, {"network": "x", "text": "a"}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, page_url) -> None:
    assert client.get(page_url).status_code == 302


# --- The live check ----------------------------------------------------------------------


def test_check_answers_the_findings_partial(owner_client, check_url, charter) -> None:
    response = owner_client.post(
        check_url, {"network": "instagram", "text": "Vélos pas cher #a #b #c #d", "sponsored": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="findings" data-errors="')
    assert 'data-code="word_forbidden"' in html
    assert 'data-code="hashtags_charter_max"' in html
    assert 'data-code="disclosure_missing"' in html
    assert 'data-code="media_required"' in html
    assert "26 / 2200" in html


def test_check_with_prefix_and_flags(teammate_client, check_url) -> None:
    data = {
        "network": "x",
        "prefix": "v-x-",
        "v-x-text": "日" * 141,
        "v-x-first_comment": "Suite",
        "sponsored": "off",
        "sensitive": "",
    }
    html = teammate_client.post(check_url, data).content.decode()
    assert 'data-errors="1"' in html and 'data-warnings="0"' in html
    assert "282 / 280" in html
    assert "disclosure_missing" not in html


def test_check_counts_and_escapes(owner_client, check_url) -> None:
    html = owner_client.post(
        check_url, {"network": "bluesky", "text": "<script>alert(1)</script> pas cher"}
    ).content.decode()
    assert "<script>" not in html
    assert 'data-errors="0"' in html and "34 / 300" in html


def test_unknown_network_is_a_400_fragment(owner_client, check_url) -> None:
    response = owner_client.post(check_url, {"network": "myspace", "text": "a"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="findings"' in html and "myspace" in html and "bluesky" in html
    assert owner_client.post(check_url, {"text": "a"}).status_code == 400


def test_check_is_post_only(owner_client, check_url) -> None:
    assert owner_client.get(check_url).status_code == 405


def _post_with_image(workspace, owner, alt: str = "") -> Post:
    post = Post.objects.create(workspace=workspace, author=owner)
    variant = PostVariant.objects.create(post=post, network="instagram", text="Atelier")
    PostMedia.objects.create(
        variant=variant,
        file="posts/x.png",
        kind="image",
        mime_type="image/png",
        size=9_000_000,
        sha256="0" * 64,
        alt_text=alt,
    )
    return post


def test_check_includes_the_saved_media_of_the_post(
    owner_client, check_url, workspace, owner, charter
) -> None:
    post = _post_with_image(workspace, owner)
    html = owner_client.post(
        check_url, {"network": "instagram", "text": "Atelier", "post": str(post.pk)}
    ).content.decode()
    for code in ("media_type", "media_too_large", "alt_text_missing"):
        assert f'data-code="{code}"' in html
    assert 'data-code="media_required"' not in html


def test_check_refuses_a_post_of_another_workspace(owner_client, outsider, check_url) -> None:
    from mostra.core.models import Workspace

    other = _post_with_image(Workspace.objects.get(slug="other-brand"), outsider)
    response = owner_client.post(check_url, {"network": "instagram", "post": str(other.pk)})
    assert response.status_code == 404
    assert owner_client.post(check_url, {"network": "instagram", "post": "abc"}).status_code == 400


def test_check_query_count(owner_client, check_url, charter, django_assert_num_queries) -> None:
    # session, user, membership, charter, its rules: the same for any text.
    with django_assert_num_queries(5):
        owner_client.post(check_url, {"network": "instagram", "text": "a" * 3000})


def _member(workspace, email: str, role: str):  # noqa: ANN001, ANN202
    from mostra.core.models import Membership, User
    from tests.conftest import client_for

    user = User.objects.create_user(email, "x" * 12)
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return client_for(user)


def test_manager_edits_the_charter(workspace, page_url) -> None:
    manager = _member(workspace, "dana@example.org", "manager")
    assert 'id="charter-form"' in manager.get(page_url).content.decode()
    assert manager.post(page_url, form_data(tone="Direct")).status_code == 302
    assert Charter.objects.get(workspace=workspace).tone == "Direct"


def test_viewer_reads_but_neither_tries_nor_checks(workspace, page_url, check_url) -> None:
    viewer = _member(workspace, "eve@example.org", "viewer")
    html = viewer.get(page_url).content.decode()
    assert 'id="charter-form"' not in html and 'id="try"' not in html
    assert viewer.post(check_url, {"network": "x", "text": "a"}).status_code == 404


def test_the_strategy_s_platforms_get_a_rule_form(owner_client, page_url, workspace) -> None:
    from mostra.strategy.models import Platform

    Platform.objects.create(workspace=workspace, network="bluesky")
    html = owner_client.get(page_url).content.decode()
    assert 'name="rule-bluesky-emoji_policy"' in html
    assert 'name="rule-x-emoji_policy"' not in html
