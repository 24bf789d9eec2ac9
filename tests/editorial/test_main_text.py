"""One main text shared by the networks, each of them free to customise its own: the
composer, the service, the API and the upgrade of the posts written before."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostVariant
from mostra.editorial.services import posts as service
from tests.api.conftest import Api  # noqa: F401  (the API fixtures below)
from tests.editorial.test_posts import form_data, new_url, post_url

MAIN = "La tomme de printemps sort de cave 🧀"


def composer(tactic, **over):
    """The composer as a browser sends it: a main text, two networks, LinkedIn customised."""
    data = form_data(
        tactic,
        networks=["facebook", "instagram", "linkedin"],
        main_text=MAIN,
        main_link="fromagerie.fr/tomme",
        **{
            "v-facebook-text": MAIN,
            "v-instagram-text": MAIN,
            "v-linkedin-text": "Pour les pros : la tomme de printemps arrive.",
            "v-linkedin-link": "https://fromagerie.fr/pros",
            "v-linkedin-overridden": "on",
            "v-facebook-first_comment": "",
            "v-linkedin-first_comment": "",
        },
    )
    data.update(over)
    return data


def texts(post: Post) -> dict[str, tuple[str, str, bool]]:
    return {v.network: (v.text, v.link, v.overridden) for v in post.variants.all()}


def test_the_networks_follow_the_main_text_unless_customised(owner_client, workspace, strategy):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    response = owner_client.post(new_url(workspace), composer(tactic))
    assert response.status_code == 302
    post = Post.objects.get(workspace=workspace)
    assert (post.main_text, post.main_link) == (MAIN, "https://fromagerie.fr/tomme")
    assert texts(post) == {
        "facebook": (MAIN, "https://fromagerie.fr/tomme", False),
        "instagram": (MAIN, "https://fromagerie.fr/tomme", False),
        "linkedin": (
            "Pour les pros : la tomme de printemps arrive.",
            "https://fromagerie.fr/pros",
            True,
        ),
    }
    page = owner_client.get(post_url(post)).content.decode()
    assert 'name="main_text"' in page and "Customise for this network" in page
    assert re.search(r"<input[^>]*name=\"v-linkedin-overridden\"[^>]*checked", page)
    assert not re.search(r"<input[^>]*name=\"v-facebook-overridden\"[^>]*checked", page)


def test_a_new_main_text_changes_only_the_networks_that_follow_it(
    owner_client, workspace, strategy
):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    owner_client.post(new_url(workspace), composer(tactic))
    post = Post.objects.get(workspace=workspace)
    version = post.version
    # The page is sent back as it was loaded (the followers' fields hold the old text).
    again = composer(tactic, main_text="Le comté 24 mois est arrivé.")
    assert owner_client.post(post_url(post), again).status_code == 302
    post.refresh_from_db()
    assert post.main_text == "Le comté 24 mois est arrivé."
    assert texts(post)["facebook"][0] == "Le comté 24 mois est arrivé."
    assert texts(post)["instagram"][0] == "Le comté 24 mois est arrivé."
    assert texts(post)["linkedin"][0] == "Pour les pros : la tomme de printemps arrive."
    assert post.version == version + 1
    event = AuditEvent.objects.filter(action="update", object_type="post").latest("id")
    assert event.changes["main_text"] == [MAIN, "Le comté 24 mois est arrivé."]
    assert event.changes["variants"] == [None, ["facebook", "instagram"]]


def test_untick_customise_and_the_network_takes_the_main_text_again(
    owner_client, workspace, strategy
):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    owner_client.post(new_url(workspace), composer(tactic))
    post = Post.objects.get(workspace=workspace)
    data = composer(tactic)
    del data["v-linkedin-overridden"]
    data["v-linkedin-text"] = MAIN  # what composer.js puts back in the hidden field
    owner_client.post(post_url(post), data)
    assert texts(post)["linkedin"] == (MAIN, "https://fromagerie.fr/tomme", False)


def test_typing_in_a_following_network_without_script_customises_it(
    owner_client, workspace, strategy
):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    owner_client.post(new_url(workspace), composer(tactic))
    post = Post.objects.get(workspace=workspace)
    owner_client.post(post_url(post), composer(tactic, **{"v-facebook-text": "Rien que Facebook"}))
    assert texts(post)["facebook"] == ("Rien que Facebook", "", True)
    assert texts(post)["instagram"][0] == MAIN


def test_line_ends_sent_by_a_browser_change_nothing(owner_client, workspace, strategy):
    """Text areas send CR LF: a thread's separator is still found, a follower still follows."""
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    first = composer(tactic, main_text="Un\r\n---\r\nDeux", **{"v-facebook-text": "x"})
    first["v-facebook-text"] = "Un\r\n---\r\nDeux"
    first["v-instagram-text"] = "Un\r\n---\r\nDeux"
    owner_client.post(new_url(workspace), first)
    post = Post.objects.get(workspace=workspace)
    assert post.main_text == "Un\n---\nDeux" and texts(post)["facebook"][0] == "Un\n---\nDeux"
    # Sent back as the page shows it (CR LF), with a new main text: it follows.
    again = composer(tactic, main_text="Trois")
    again["v-facebook-text"] = again["v-instagram-text"] = "Un\r\n---\r\nDeux"
    owner_client.post(post_url(post), again)
    assert texts(post)["facebook"] == ("Trois", "https://fromagerie.fr/tomme", False)


def test_a_bad_main_link_saves_nothing(owner_client, workspace, strategy):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    response = owner_client.post(new_url(workspace), composer(tactic, main_link="pas un lien"))
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not Post.objects.exists()


def test_a_form_without_main_text_keeps_each_text(owner_client, workspace, tactic):
    """A page or a script that knows no main text: the variants keep what they say."""
    assert owner_client.post(new_url(workspace), form_data(tactic)).status_code == 302
    post = Post.objects.get()
    variant = post.variants.get()
    assert variant.text == "La tomme de printemps sort de cave 🧀"
    # One network saying it: that is the main text, followed.
    assert (post.main_text, variant.overridden) == (variant.text, False)


def test_a_duplicate_keeps_the_main_text_and_who_follows_it(owner_membership, make_post):
    post = make_post(networks=("facebook", "linkedin"), text=MAIN, main_text=MAIN)
    PostVariant.objects.filter(post=post, network="facebook").update(overridden=False)
    copy = service.duplicate_post(owner_membership, post)
    assert copy.main_text == MAIN
    assert texts(copy) == {"facebook": (MAIN, "", False), "linkedin": (MAIN, "", True)}


# --- The API ---------------------------------------------------------------------------

P = "/workspaces/fromagerie/posts"


@pytest.fixture
def alice(workspace, owner):
    from mostra.api.auth import ApiToken
    from tests.api.conftest import token_client

    return Api(token_client(ApiToken.issue(owner, "script")[1]))


def test_the_api_takes_a_main_text_and_overrides(strategy, alice):
    created = alice.post(
        P,
        {
            "tactic": "k-arrivages",
            "main_text": MAIN,
            "variants": [
                {"network": "facebook"},
                {"network": "linkedin", "text": "Pour les pros", "overridden": True},
            ],
        },
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["main_text"] == MAIN
    assert [(v["network"], v["text"], v["overridden"]) for v in data["variants"]] == [
        ("facebook", MAIN, False),
        ("linkedin", "Pour les pros", True),
    ]
    changed = alice.patch(f"{P}/{data['id']}", {"main_text": "Comté 24 mois"}).json()
    assert [v["text"] for v in changed["variants"]] == ["Comté 24 mois", "Pour les pros"]
    refused = alice.patch(f"{P}/{data['id']}", {"main_link": "pas un lien"})
    assert refused.status_code == 422
    assert "web address" in refused.content.decode()


def test_the_api_without_main_text_keeps_each_text(strategy, alice):
    data = alice.post(
        P,
        {
            "tactic": "k-arrivages",
            "variants": [
                {"network": "facebook", "text": "Un"},
                {"network": "linkedin", "text": "Deux"},
            ],
        },
    ).json()
    assert data["main_text"] == ""
    assert [(v["text"], v["overridden"]) for v in data["variants"]] == [
        ("Un", True),
        ("Deux", True),
    ]


# --- The upgrade (editorial 0003) ------------------------------------------------------

BEFORE = [("editorial", "0002_revision")]
AFTER = [("editorial", "0003_main_text")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_posts_written_before_get_their_shared_text_as_main_text(make_post):
    same = make_post(networks=("facebook", "linkedin"), text=MAIN)
    different = make_post(networks=("facebook", "linkedin"), text=MAIN)
    PostVariant.objects.filter(post=different, network="linkedin").update(text="Autre texte")
    migrate(BEFORE)
    try:
        migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    same = Post.objects.get(pk=same.pk)
    different = Post.objects.get(pk=different.pk)
    assert same.main_text == MAIN
    assert texts(same) == {"facebook": (MAIN, "", False), "linkedin": (MAIN, "", False)}
    assert different.main_text == ""
    assert texts(different) == {
        "facebook": (MAIN, "", True),
        "linkedin": ("Autre texte", "", True),
    }
