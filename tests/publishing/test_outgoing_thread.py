"""Threads from a variant's text: split into Outgoing.text and Outgoing.thread, published."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from mostra.cli import mostra
from mostra.editorial.models import Post, PostStatus
from mostra.integrations.base import REGISTRY, Outgoing, RemoteRef
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import outgoing
from mostra.publishing.scheduler.publisher import publish_one
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.publishing.conftest import fresh
from tests.publishing.fake_network import SERVER, FakeNetwork, connect

THREE = "Une tomme arrive 🧀\n---\nSix mois de cave.\n---\nDégustation le 12 !"

#: Every Outgoing the threaded fake network received.
SENT: list[Outgoing] = []


class FakeThreads(FakeNetwork):
    """The idempotent fake network, with threads (as Bluesky or Mastodon)."""

    network = "mastodon"
    supports_threads = True

    def publish(self, outgoing: Outgoing) -> RemoteRef:
        SENT.append(outgoing)
        return super().publish(outgoing)


@pytest.fixture
def threads_network(fake_server, monkeypatch):
    SENT.clear()
    monkeypatch.setitem(REGISTRY, "mastodon", FakeThreads)
    yield SENT
    SENT.clear()


@pytest.fixture
def instance(workspace, threads_network):
    return connect(workspace, "mastodon", "fromagerie@piaille.fr")


def test_a_thread_is_split_on_a_network_with_threads(make_publication, instance):
    publication = fresh(make_publication(account=instance, text=THREE))
    sent = outgoing.build(publication, [])
    assert sent.text == "Une tomme arrive 🧀"
    assert sent.thread == ("Six mois de cave.", "Dégustation le 12 !")


def test_a_text_without_separator_goes_out_whole(make_publication, instance):
    sent = outgoing.build(fresh(make_publication(account=instance, text="Un\n--\nDeux")), [])
    assert (sent.text, sent.thread) == ("Un\n--\nDeux", ())


def test_the_separator_stays_text_where_there_are_no_threads(make_publication, fake_account):
    # fakenet has no threads: the charter refuses such a text before approval; if it
    # reaches the engine anyway, nothing is lost.
    sent = outgoing.build(fresh(make_publication(account=fake_account, text=THREE)), [])
    assert (sent.text, sent.thread) == (THREE, ())


def test_a_three_part_thread_created_on_the_command_line_is_published(
    instance, strategy, set_policy, moment, make_post
):
    set_policy("none")
    # The workspace already posts on Mastodon: the readiness gate lets it through.
    make_post(networks=("mastodon",), status=PostStatus.PUBLISHED)
    when = (moment() + dt.timedelta(days=2)).replace(second=0)
    result = CliRunner().invoke(
        mostra,
        [
            *("post", "create", "--workspace", "fromagerie"),
            *("--account", "fromagerie@piaille.fr", "--tactic", "k-arrivages"),
            *("--text", THREE, "--at", when.isoformat()),
        ],
    )
    assert result.exit_code == 0, result.output
    post = Post.objects.get(pk=int(result.stdout))
    assert post.status == PostStatus.SCHEDULED
    publication = Publication.objects.get(variant__post=post)
    moment.value = when
    assert publish_one(publication.pk, "worker-a") is not None
    assert fresh(publication).state == PublicationState.PUBLISHED
    [sent] = SENT
    assert [sent.text, *sent.thread] == [
        "Une tomme arrive 🧀",
        "Six mois de cave.",
        "Dégustation le 12 !",
    ]
    assert SERVER.keys() == [sent.key]
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
