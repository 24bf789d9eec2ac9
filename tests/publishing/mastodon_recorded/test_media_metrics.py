"""Mastodon, recorded: media with alt text, metrics and followers read back, deleting,
the instance's own limits."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from PIL import Image

from mostra.integrations.base import (
    Outgoing,
    OutgoingMedia,
    RemoteRef,
    TransportError,
    integration_for,
)
from mostra.publishing.models import (
    AccountStatus,
    MastodonInstance,
    SocialAccount,
)
from mostra.publishing.services.accounts import text_limit_for
from tests.publishing.mastodon_recorded.recorded import (
    ACCOUNT,
    BASE,
    STATUS,
    TOKEN,
)


@pytest.fixture
def picture(tmp_path: Path) -> OutgoingMedia:
    path = tmp_path / "atelier.png"
    Image.new("RGB", (32, 24), (20, 120, 200)).save(path)
    return OutgoingMedia(path=path, mime_type="image/png", alt_text="Deux vélos réparés")


class FakeTime:
    """The integration's clock and sleep: each sleep moves the clock, nobody waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def test_an_image_is_uploaded_with_its_alternative_text_and_waited_for(account, api, picture):
    upload = api.post("/api/v2/media").respond(202, json={"id": "m1", "url": None})
    api.get("/api/v1/media/m1").mock(
        side_effect=[
            httpx.Response(206, json={"id": "m1", "url": None}),
            httpx.Response(200, json={"id": "m1", "url": f"{BASE}/files/m1.png"}),
        ]
    )
    post = api.post("/api/v1/statuses").respond(200, json=STATUS)
    integration = integration_for(account)
    time = FakeTime()
    integration.sleep, integration.clock = time.sleep, time.clock

    integration.publish(Outgoing(key="v1", text="Réparés !", media=(picture,)))

    sent = upload.calls.last.request
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="description"\r\n\r\nDeux v\xc3\xa9los r\xc3\xa9par\xc3\xa9s' in sent.content
    assert b'filename="atelier.png"' in sent.content
    assert b"Content-Type: image/png" in sent.content
    assert picture.path.read_bytes() in sent.content
    assert time.slept == [1.0, 1.0]
    assert json.loads(post.calls.last.request.content)["media_ids"] == ["m1"]


def test_media_still_processing_past_the_deadline_is_retried_later(account, api, picture):
    api.post("/api/v2/media").respond(202, json={"id": "m1", "url": None})
    api.get("/api/v1/media/m1").respond(206, json={"id": "m1", "url": None})
    post = api.post("/api/v1/statuses")
    integration = integration_for(account)
    time = FakeTime()
    integration.sleep, integration.clock = time.sleep, time.clock

    with pytest.raises(TransportError) as slow:
        integration.publish(Outgoing(key="v1", text="Réparés !", media=(picture,)))

    assert slow.value.code == "media_processing" and not slow.value.permanent
    assert "still processing atelier.png after 120 seconds" in slow.value.message
    assert not post.called


def test_an_image_the_instance_refuses_is_a_permanent_failure(account, api, picture):
    api.post("/api/v2/media").respond(
        422, json={"error": "Validation failed: File content type is invalid"}
    )

    with pytest.raises(TransportError) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="x", media=(picture,)))

    assert refused.value.permanent
    assert "File content type is invalid" in refused.value.message


def test_metrics_give_none_for_what_mastodon_does_not_count(account, api):
    api.get(f"/api/v1/statuses/{STATUS['id']}").respond(200, json=STATUS)

    [snapshot] = integration_for(account).fetch_metrics([RemoteRef(STATUS["id"])])

    assert (snapshot.likes, snapshot.reposts, snapshot.replies) == (7, 3, 2)
    assert snapshot.quotes is None and snapshot.impressions is None and snapshot.reach is None
    assert snapshot.raw == {"favourites_count": 7, "reblogs_count": 3, "replies_count": 2}


def test_metrics_are_read_twenty_statuses_per_call(account, api):
    ids = [str(1000 + n) for n in range(25)]
    batch = api.get("/api/v1/statuses").mock(
        side_effect=lambda request: httpx.Response(
            200,
            json=[
                {**STATUS, "id": i, "favourites_count": int(i) - 1000}
                for i in request.url.params.get_list("id[]")
                if i != "1003"  # deleted on the instance
            ],
        )
    )
    one = api.get("/api/v1/statuses/1003").respond(404, json={"error": "Record not found"})

    snapshots = integration_for(account).fetch_metrics([RemoteRef(i) for i in ids])

    assert [len(c.request.url.params.get_list("id[]")) for c in batch.calls] == [20, 5]
    assert batch.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert one.call_count == 1
    assert [s.remote_id for s in snapshots] == [i for i in ids if i != "1003"]
    assert snapshots[5].remote_id == "1006" and snapshots[5].likes == 6


def test_an_instance_without_the_batch_call_is_read_status_by_status(account, api):
    api.get("/api/v1/statuses").respond(404, json={"error": "Record not found"})
    api.get("/api/v1/statuses/1").respond(200, json={**STATUS, "id": "1"})
    api.get("/api/v1/statuses/2").respond(200, json={**STATUS, "id": "2", "quotes_count": 4})

    snapshots = integration_for(account).fetch_metrics([RemoteRef("1"), RemoteRef("2")])

    assert [(s.remote_id, s.likes, s.quotes) for s in snapshots] == [("1", 7, None), ("2", 7, 4)]


def test_followers_come_from_the_account(account, api):
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)

    figures = integration_for(account).fetch_account()

    assert (figures.followers, figures.following, figures.posts) == (321, 12, 87)


def test_delete_removes_the_thread_but_not_the_conversation(account, api):
    api.get("/api/v1/statuses/200/context").respond(
        200,
        json={
            "ancestors": [],
            "descendants": [
                {"id": "201", "in_reply_to_id": "200", "account": {"id": ACCOUNT["id"]}},
                {"id": "300", "in_reply_to_id": "201", "account": {"id": "someone-else"}},
                # The account answering someone: a conversation, not the thread.
                {"id": "301", "in_reply_to_id": "300", "account": {"id": ACCOUNT["id"]}},
                {"id": "202", "in_reply_to_id": "201", "account": {"id": ACCOUNT["id"]}},
            ],
        },
    )
    api.delete("/api/v1/statuses/201").respond(404, json={"error": "Record not found"})
    deleted = api.delete(url__regex=r"/api/v1/statuses/\d+$").respond(200, json={})

    integration_for(account).delete(RemoteRef("200"))

    paths = [c.request.url.path for c in api.calls if c.request.method == "DELETE"]
    assert paths == ["/api/v1/statuses/202", "/api/v1/statuses/201", "/api/v1/statuses/200"]
    assert deleted.call_count == 2


def test_limits_are_the_instance_own(account, api):
    MastodonInstance.objects.create(
        url=BASE,
        domain="mastodon.example",
        text_limit=1000,
        limits={"max_media": 6, "image_max_bytes": 8_000_000, "mime_types": ["image/png"]},
    )

    limits = integration_for(account).limits()

    assert limits.text_max == 1000
    assert (limits.max_items, limits.max_images, limits.image_max_bytes) == (6, 6, 8_000_000)
    assert limits.mime_types == ("image/png",)
    assert limits.counting == "mastodon"


def test_text_limit_for_is_the_smallest_of_the_connected_accounts(workspace, account):
    SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="atelier@small.example",
        external_id="1",
        service_url="https://small.example",
        text_limit=500,
    )
    gone = SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="old@tiny.example",
        external_id="2",
        text_limit=300,
        status=AccountStatus.DISCONNECTED,
    )

    assert text_limit_for(workspace, "mastodon") == 500
    assert text_limit_for(workspace.pk, "bluesky") is None
    gone.delete()
    SocialAccount.objects.filter(external_id="1").delete()
    assert text_limit_for(workspace, "mastodon") == 1000
