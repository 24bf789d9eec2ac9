"""The sources in the API: every member lists them, owners and managers add, remove and
read them, outsiders get 404."""

from __future__ import annotations

import pytest

from mostra.core.models import AuditEvent
from mostra.listening.models import Source
from tests.api.conftest import Api, token_client
from tests.listening import hostile_feeds

feed_server = hostile_feeds.feed_server

pytestmark = pytest.mark.django_db

PATH = "/workspaces/fromagerie/listening/sources"


@pytest.fixture
def as_(workspace, owner, teammate, outsider):
    from mostra.core.models import ApiToken

    def make(user) -> Api:
        return Api(token_client(ApiToken.issue(user, "script")[1]))

    return make


def test_owner_adds_lists_reads_and_removes(workspace, owner, as_, feed_server):
    alice = as_(owner)
    created = alice.post(PATH, {"kind": "feed", "values": {"url": feed_server.url("/feed.xml")}})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "feed" and body["enabled"] and body["last_fetch_at"] is None
    polled = alice.post(f"{PATH}/{body['id']}/poll")
    assert polled.json() == {"stored": 2, "not_modified": False, "error": "", "error_text": ""}
    listed = alice.get(PATH).json()
    assert [s["items_stored"] for s in listed] == [2]
    assert listed[0]["last_success_at"] is not None
    assert alice.delete(f"{PATH}/{body['id']}").status_code == 204
    assert not Source.objects.exists()
    assert AuditEvent.objects.filter(object_type="source").count() == 3


def test_a_failure_is_answered_with_its_words(workspace, owner, as_, feed_server):
    source = Source.objects.create(
        workspace=workspace, kind="feed", name="b", url=feed_server.url("/loop")
    )
    answer = as_(owner).post(f"{PATH}/{source.pk}/poll").json()
    assert answer["error"] == "too_many_redirects"
    assert "redirects more than 5 times" in answer["error_text"]
    listed = as_(owner).get(PATH).json()[0]
    assert listed["last_error"] == "too_many_redirects" and listed["consecutive_failures"] == 1


def test_a_bad_value_is_a_422_naming_the_field(workspace, owner, as_):
    answer = as_(owner).post(PATH, {"kind": "youtube", "values": {"channel_id": "nope"}})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "channel_id"]
    unknown = as_(owner).post(PATH, {"kind": "telepathy", "values": {}})
    assert unknown.status_code == 422 and "feed" in unknown.json()["detail"][0]["msg"]


def test_a_teammate_lists_but_cannot_change(workspace, teammate, as_):
    source = Source.objects.create(
        workspace=workspace, kind="feed", name="a", url="https://a.example/"
    )
    bob = as_(teammate)
    assert [s["id"] for s in bob.get(PATH).json()] == [source.pk]
    assert bob.post(PATH, {"kind": "reddit", "values": {"subreddit": "velo"}}).status_code == 404
    assert bob.post(f"{PATH}/{source.pk}/poll").status_code == 404
    assert bob.delete(f"{PATH}/{source.pk}").status_code == 404
    assert Source.objects.count() == 1


def test_an_outsider_gets_404(workspace, outsider, as_):
    source = Source.objects.create(
        workspace=workspace, kind="feed", name="a", url="https://a.example/"
    )
    charlie = as_(outsider)
    assert charlie.get(PATH).status_code == 404
    assert (
        charlie.post(PATH, {"kind": "reddit", "values": {"subreddit": "velo"}}).status_code == 404
    )
    assert charlie.post(f"{PATH}/{source.pk}/poll").status_code == 404
    assert charlie.delete(f"{PATH}/{source.pk}").status_code == 404
    # Nor through his own workspace's address.
    other = "/workspaces/other-brand/listening/sources"
    assert charlie.delete(f"{other}/{source.pk}").status_code == 404
    assert Source.objects.filter(pk=source.pk).exists()


def test_an_interval_below_five_minutes_is_refused_in_words(workspace, owner, as_):
    answer = as_(owner).post(
        PATH, {"kind": "reddit", "values": {"subreddit": "velo"}, "interval_minutes": 2}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "interval_minutes"]
    assert "every 5 to 1440 minutes" in answer.json()["detail"][0]["msg"]
    assert not Source.objects.exists()


def test_an_address_too_long_for_its_column_is_refused_in_words(workspace, owner, as_):
    url = "https://a.example/" + "x" * 2100
    answer = as_(owner).post(PATH, {"kind": "feed", "values": {"url": url}})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "url"]
    assert "longer than 2000 characters" in answer.json()["detail"][0]["msg"]


def test_a_source_is_renamed_and_its_interval_changed(workspace, owner, teammate, outsider, as_):
    source = Source.objects.create(
        workspace=workspace, kind="feed", name="a", url="https://a.example/"
    )
    path = f"{PATH}/{source.pk}"
    changed = as_(owner).patch(path, {"interval_minutes": 45})
    assert changed.status_code == 200
    assert changed.json()["interval_minutes"] == 45 and changed.json()["name"] == "a"
    assert as_(owner).patch(path, {"name": None}).status_code == 422
    assert as_(owner).patch(path, {"name": "   "}).status_code == 422
    assert as_(teammate).patch(path, {"name": "b"}).status_code == 404
    assert as_(outsider).patch(path, {"name": "b"}).status_code == 404
    source.refresh_from_db()
    assert (source.name, source.interval_minutes) == ("a", 45)
