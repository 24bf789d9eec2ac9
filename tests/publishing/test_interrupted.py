"""A publication stranded by a killed worker: "interrupted, retried at 10:03", not "being
sent now" for minutes; the loop takes it back when its lease ends, not before; the
lease fits the network and the media (leases.py).

"Killed" is a claim nobody finishes: the worker claimed the publication at 10:00 (Paris
time, 09:00 UTC) and died. The post goes to LinkedIn (the fake network answering in its
place): a text post's lease there is overdue after 55 s and ends after 135 s (09:02:15),
hence "retried at 10:03".
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from mostra.core.models import ApiToken
from mostra.editorial.models import PostMedia, PostStatus
from mostra.integrations.base import REGISTRY
from mostra.integrations.mastodon import media as mastodon_media
from mostra.integrations.meta.instagram import InstagramAccount
from mostra.integrations.threads import ThreadsAccount
from mostra.publishing.loop import Loop
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import batch, clock
from mostra.publishing.scheduler.outgoing import outgoing_key
from mostra.publishing.services import claims, leases
from tests.publishing import fake_network
from tests.publishing.conftest import fresh
from tests.publishing.fake_network import FakeNetwork

S = PublicationState
T = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
TEXT = leases.lease_for("linkedin")
#: What every page says once the claim is overdue (Paris time).
INTERRUPTED = "Interrupted, retried at 10:03"


def at(seconds: float) -> time_machine.travel:
    return time_machine.travel(T + dt.timedelta(seconds=seconds), tick=False)


@pytest.fixture(autouse=True)
def _engine_follows_the_travel(monkeypatch) -> None:
    """The engine reads PostgreSQL's own clock, which time-machine does not move; the
    offset a tick reads while travelling is put back after the test, or the next tests'
    clock would be off by the travel for its 30 seconds."""
    monkeypatch.setattr(clock, "now", lambda: timezone.now())
    monkeypatch.setattr(clock, "_offset", clock._offset)
    monkeypatch.setattr(clock, "_read_at", None)


@pytest.fixture
def stranded(make_publication, workspace, fake_server, monkeypatch) -> Publication:
    """Claimed at 09:00 UTC by a worker that died before writing the outcome."""
    importlib.import_module("mostra.integrations.linkedin")  # registered first, then replaced
    monkeypatch.setitem(REGISTRY, "linkedin", type("FakeLinkedIn", (FakeNetwork,), {}))
    account = fake_network.connect(workspace, "linkedin")
    with at(0):
        publication = make_publication(due=T, account=account)
        assert batch.claim_batch([publication.pk], "dead-worker", T)
    publication = fresh(publication)
    assert (publication.state, publication.variant.post.status) == (S.PUBLISHING, "publishing")
    return publication


def post_page(client: Client, publication: Publication, **headers: str) -> str:
    response = client.get(f"/w/fromagerie/posts/{publication.variant.post_id}/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_numbers_of_a_linkedin_text_posts_lease():
    assert (TEXT.overdue, TEXT.length) == (dt.timedelta(seconds=55), dt.timedelta(seconds=135))


def test_a_recent_claim_is_being_sent(stranded, owner_client):
    with at(TEXT.overdue.total_seconds()):
        page = post_page(owner_client, stranded)
    assert "Being sent to the network now." in page
    assert "Interrupted" not in page


def test_an_overdue_claim_says_interrupted_and_when_it_is_retried(
    stranded, owner_client, teammate_client, outsider_client
):
    with at(TEXT.overdue.total_seconds() + 1):
        for client in (owner_client, teammate_client):
            page = post_page(client, stranded)
            assert "Being sent to the network now." not in page
            assert "Interrupted: the worker sending it stopped before it finished." in page
            assert "It will be retried at 10:03." in page
            # The post's status badge agrees with its panel.
            assert f'data-status="publishing">{INTERRUPTED}</span>' in page
        response = outsider_client.get(f"/w/fromagerie/posts/{stranded.variant.post_id}/")
    assert response.status_code == 404


def test_the_retry_time_is_in_the_workspaces_time_zone_in_french_too(
    stranded, workspace, owner_client
):
    workspace.timezone = "America/Montreal"
    workspace.save(update_fields=["timezone"])
    with at(60):
        page = post_page(owner_client, stranded, HTTP_ACCEPT_LANGUAGE="fr")
    assert "04:03" in page and "10:03" not in page


@pytest.mark.parametrize(
    "view", ["calendar/2026/12/", "calendar/week/2026/49/", "calendar/list/?when=past"]
)
def test_the_calendar_says_interrupted_too(stranded, owner_client, view):
    with at(60):
        before = owner_client.get(f"/w/fromagerie/{view}").content.decode()
    assert INTERRUPTED in before
    with at(30):
        sending = owner_client.get(f"/w/fromagerie/{view}").content.decode()
    assert INTERRUPTED not in sending and "Publishing" in sending


def test_the_api_says_interrupted_with_the_retry_time(stranded, owner, teammate, outsider):
    def api(user) -> Client:
        return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'script')[1]}"})

    path = f"/api/workspaces/fromagerie/posts/{stranded.variant.post_id}"
    with at(60):
        for user in (owner, teammate):
            data = api(user).get(path).json()
            assert (data["status"], data["status_label"]) == ("publishing", INTERRUPTED)
            assert data["interrupted"] is True
            assert dt.datetime.fromisoformat(data["retry_at"]) == T + dt.timedelta(minutes=3)
            listed = api(user).get("/api/workspaces/fromagerie/posts").json()["items"]
            assert [p["status_label"] for p in listed] == [INTERRUPTED]
        assert api(outsider).get(path).status_code == 404
    with at(30):
        data = api(owner).get(path).json()
    assert (data["status_label"], data["interrupted"], data["retry_at"]) == (
        "Publishing",
        False,
        None,
    )


def test_the_loop_takes_it_back_when_its_lease_ends_and_sends_it_once(stranded, fake_server):
    with at(TEXT.length.total_seconds()):
        report = Loop("rescuer").tick()
    assert (report.released, report.published) == (0, 0)
    assert fresh(stranded).state == S.PUBLISHING
    with at(TEXT.length.total_seconds() + 1):
        report = Loop("rescuer").tick()
    assert (report.released, report.published) == (1, 1)
    publication = fresh(stranded)
    assert publication.state == S.PUBLISHED, publication.error_message
    assert publication.variant.post.status == PostStatus.PUBLISHED
    key = outgoing_key(publication.variant.post_id, publication.variant_id, 1)
    assert fake_server.keys() == [key]


def test_a_videos_claim_holds_as_long_as_its_upload_may_take(stranded, owner_client):
    PostMedia.objects.create(
        variant=stranded.variant,
        file="posts/video.mp4",
        kind="video",
        mime_type="video/mp4",
        size=100_000_000,
        sha256="0" * 64,
    )
    video = leases.leases_of([stranded])[stranded.pk]
    # 100 MB at 1 Mbit/s: 800 s of upload, more than the text post's whole lease.
    assert video.overdue == TEXT.overdue + dt.timedelta(seconds=800)
    with at(TEXT.length.total_seconds() + 60):
        assert claims.release_stale(T + TEXT.length + dt.timedelta(seconds=60)) == 0
        assert "Being sent to the network now." in post_page(owner_client, stranded)
    with at(video.length.total_seconds() + 1):
        assert claims.release_stale(T + video.length + dt.timedelta(seconds=1)) == 1
    publication = fresh(stranded)
    assert (publication.state, publication.error_code) == (S.PENDING, claims.INTERRUPTED)


@pytest.mark.parametrize("network", ["bluesky", "mastodon", "x", "linkedin", "facebook"])
def test_a_text_posts_lease_is_under_five_minutes(network):
    assert leases.lease_for(network, first_comment=True).length < dt.timedelta(minutes=5)


def test_the_lease_covers_each_networks_own_waits():
    """A network that makes mostra wait (polling) gets a lease longer than that wait."""
    mastodon = leases.lease_for("mastodon", media_count=1)
    assert mastodon.overdue > leases.START_WAIT + dt.timedelta(seconds=mastodon_media.DEADLINE)
    for integration, network in ((InstagramAccount, "instagram"), (ThreadsAccount, "threads")):
        polling = dt.timedelta(seconds=integration.polls * integration.poll_interval)
        lease = leases.lease_for(network, media_count=1)
        assert lease.length > leases.START_WAIT + polling + integration.polls * leases.REQUEST
