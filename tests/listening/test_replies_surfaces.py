"""Replying from the inbox page, the API and ``mostra inbox reply``: the same service,
the reply box only where mostra can answer, the reply's state on the item; owners and
teammates reply, outsiders and viewers get 404, refusals say what to do and write
nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mostra.core.models import ApiToken, Membership, Role
from mostra.listening.cli_inbox import inbox_group
from mostra.listening.models import MentionReply
from mostra.publishing.models import Publication
from tests.api.conftest import Api, token_client
from tests.listening.reply_support import already_posting, item
from tests.listening.test_replies_service import PARENT, account

pytestmark = pytest.mark.django_db
PAGE = "/w/fromagerie/listening/mentions/"
API = "/workspaces/fromagerie/listening/mentions"


@pytest.fixture
def mention(workspace):
    already_posting(workspace, "bluesky")
    return item(workspace, "bluesky", PARENT, text="Le vélo est prêt ?")


def api(user) -> Api:
    return Api(token_client(ApiToken.issue(user, "script")[1]))


def test_the_reply_box_only_where_mostra_can_answer(workspace, mention, owner_client):
    feed = item(workspace, "feed", "https://blog.example/a", text="Un article")
    html = owner_client.get(PAGE).content.decode()
    assert f"/mentions/{mention.pk}/reply/" not in html  # no Bluesky account yet
    account(workspace, "atelier.test")
    html = owner_client.get(PAGE).content.decode()
    assert f"/mentions/{mention.pk}/reply/" in html and f"/mentions/{feed.pk}/reply/" not in html
    assert "From atelier.test" in html and 'name="account"' in html
    account(workspace, "boutique.test")
    html = owner_client.get(PAGE).content.decode()
    assert '<option value="boutique.test">' in html


def test_owner_and_teammate_reply_from_the_page_outsider_gets_404(
    workspace, mention, owner_client, teammate_client, outsider_client
):
    account(workspace, "atelier.test")
    url = f"{PAGE}{mention.pk}/reply/"
    answer = owner_client.post(url, {"text": "Oui, dès demain", "account": "atelier.test"})
    assert answer.status_code == 302
    html = owner_client.get(PAGE).content.decode()
    assert "Reply from atelier.test" in html and "Oui, dès demain" in html and "Sending" in html
    assert (
        teammate_client.post(url, {"text": "Merci", "account": "atelier.test"}).status_code == 302
    )
    assert outsider_client.post(url, {"text": "Spam", "account": "atelier.test"}).status_code == 404
    texts = [r.post.main_text for r in MentionReply.objects.order_by("id")]
    assert texts == ["Oui, dès demain", "Merci"]


def test_a_refusal_on_the_page_says_what_to_do(workspace, mention, owner_client):
    account(workspace, "atelier.test")
    answer = owner_client.post(
        f"{PAGE}{mention.pk}/reply/", {"text": "  ", "account": "atelier.test"}, follow=True
    )
    assert "Write the reply" in answer.content.decode()
    assert not MentionReply.objects.exists()


def test_a_viewer_gets_404(workspace, mention, teammate, teammate_client):
    account(workspace, "atelier.test")
    Membership.objects.filter(workspace=workspace, user=teammate).update(role=Role.VIEWER)
    answer = teammate_client.post(f"{PAGE}{mention.pk}/reply/", {"text": "Merci"})
    assert answer.status_code == 404
    assert f"/mentions/{mention.pk}/reply/" not in teammate_client.get(PAGE).content.decode()


def test_the_api_replies_and_refuses_in_words(workspace, mention, owner, teammate, outsider):
    account(workspace, "atelier.test")
    path = f"{API}/{mention.pk}/reply"
    answer = api(owner).post(path, {"text": "C'est prêt !", "account": "atelier.test"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["state"], body["account"], body["text"]) == (
        "sending",
        "atelier.test",
        "C'est prêt !",
    )
    assert Publication.objects.get(variant__post_id=body["post_id"]).reply_to == PARENT
    assert api(teammate).post(path, {"text": "Merci"}).status_code == 201  # one account
    assert api(outsider).post(path, {"text": "Merci"}).status_code == 404
    refused = api(owner).post(path, {"text": "x" * 301})
    assert refused.status_code == 422 and "300" in json.dumps(refused.json())
    assert MentionReply.objects.count() == 2
    listed = api(teammate).get(f"{API}/{mention.pk}/replies")
    assert listed.status_code == 200, listed.content
    assert [(r["text"], r["state"]) for r in listed.json()] == [
        ("C'est prêt !", "sending"),
        ("Merci", "sending"),
    ]
    assert api(outsider).get(f"{API}/{mention.pk}/replies").status_code == 404


def test_the_command_line_replies_and_refuses(workspace, mention):
    account(workspace, "atelier.test")
    run = CliRunner().invoke(
        inbox_group,
        [
            "reply",
            "--workspace",
            "fromagerie",
            "--mention",
            str(mention.pk),
            "--account",
            "atelier.test",
            "Merci !",
        ],
    )
    assert run.exit_code == 0, run.output
    assert "from atelier.test: Sending" in run.output
    refused = CliRunner().invoke(
        inbox_group,
        [
            "reply",
            "--workspace",
            "fromagerie",
            "--mention",
            str(mention.pk),
            "--account",
            "nope",
            "Merci",
        ],
    )
    assert refused.exit_code == 2
    assert "nope is not a connected account" in refused.output
    assert MentionReply.objects.count() == 1


def test_the_reply_in_french(workspace, mention, owner, owner_client):
    from django.utils import translation

    from tests.core.pending_french import pending

    account(workspace, "atelier.test")
    owner.language = "fr"
    owner.save()
    with pending("reply"), translation.override("fr"):
        owner_client.post(f"{PAGE}{mention.pk}/reply/", {"text": "Merci !"})
        html = owner_client.get(PAGE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réponse de atelier.test" in html and "Envoi en cours" in html
    assert "Envoyer la réponse" in html
