"""The composer shows each chosen network's readiness, where the work starts.

The Fromagerie's strategy answers every question for Instagram, Facebook and LinkedIn;
the tests forget who is there on Instagram.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.strategy.models import MissionNetwork
from mostra.strategy.services import readiness as answers
from tests.conftest import client_for


@pytest.fixture
def who_forgotten(strategy):
    MissionNetwork.objects.filter(network="instagram").update(
        audience_present=None, competitors_present=None, partners_present=None
    )
    return strategy


def slot(html: str, network: str) -> str:
    found = re.search(
        rf'<div class="readiness-slot" data-network="{network}"[^>]*>(.*?)\n  </div>', html, re.S
    )
    assert found, f"no readiness line for {network}"
    return found.group(0)


def status(client, network: str, post: int | None = None) -> str:
    """The line the composer's script loads for a chosen network."""
    back = f"/w/fromagerie/posts/{post}/" if post else "/w/fromagerie/posts/new/"
    url = f"/w/fromagerie/strategy/readiness/{network}/?fragment=status&next={back}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_composer_has_a_readiness_line_for_each_chosen_network(who_forgotten, make_post, owner):
    post = make_post(networks=("instagram",))
    html = client_for(owner).get(f"/w/fromagerie/posts/{post.pk}/").content.decode()
    line = slot(html, "instagram")
    assert "hidden" not in line.split(">")[0]
    assert 'data-url="/w/fromagerie/strategy/readiness/instagram/"' in line
    # Without JavaScript: a link to the network's questions, and back to the post.
    assert (
        f'href="/w/fromagerie/strategy/readiness/instagram/?next=/w/fromagerie/posts/{post.pk}/"'
        in line.replace("%2F", "/")
    )
    assert "What the strategy still needs for Instagram" in line
    # The script and the dialog's styles are files the app serves (no inline script).
    assert '<script src="/static/mostra/post-readiness.js" defer>' in html
    # Networks not chosen: a hidden line the script shows (and fills) when chosen.
    assert "hidden" in slot(html, "facebook").split(">")[0]


def test_a_chosen_network_shows_its_missing_answers_with_links(who_forgotten, make_post, owner):
    post = make_post(networks=("instagram",))
    line = status(client_for(owner), "instagram", post.pk)
    assert 'data-ready="no"' in line and "not yet" in line
    assert "Say whether your ideal customer, your competitors, your partners are on" in line
    assert '<a href="/w/fromagerie/strategy/#network-instagram"' in line or (
        '<a href="/w/fromagerie/strategy/#platform-instagram"' in line
    )
    assert "data-readiness-open" in line and "Answer these questions" in line
    assert "<html" not in line


def test_a_ready_network_says_so(strategy, owner):
    line = status(client_for(owner), "facebook")
    assert 'data-ready="yes"' in line and ">ready<" in line
    assert "Answer these questions" not in line


def test_not_known_yet_and_the_override_show_in_the_composer(
    who_forgotten, owner, owner_membership
):
    answers.set_not_known(
        owner_membership, "instagram", "ready-mission-who", "We survey our customers in June."
    )
    client = client_for(owner)
    line = status(client, "instagram")
    assert 'data-ready="yes"' in line and "Not known yet: We survey our customers in June." in line

    answers.override(owner_membership, "tiktok", "A trial before the survey.")
    line = status(client, "tiktok")
    assert "overridden" in line and "A trial before the survey." in line


def test_the_status_fragment_for_a_network_chosen_in_the_page(who_forgotten, teammate):
    # What the script fetches when a network is ticked; any member may read it.
    client = client_for(teammate)
    response = client.get(
        "/w/fromagerie/strategy/readiness/instagram/?fragment=status&next=/w/fromagerie/posts/new/"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "data-readiness-open" in html and "Answer these questions" in html


def test_the_readiness_queries_do_not_grow_with_the_networks_chosen(strategy, make_post, owner):
    # The strategy is read once, whatever the number of networks chosen.
    client = client_for(owner)
    one = make_post(networks=("instagram",))
    three = make_post(networks=("instagram", "facebook", "linkedin"))
    counts = []
    for post in (one, three):
        client.get(f"/w/fromagerie/posts/{post.pk}/")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/w/fromagerie/posts/{post.pk}/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
