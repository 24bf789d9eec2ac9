"""Facebook Pages and Instagram through the Graph API (recorded responses)."""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import dataclasses

import httpx
import pytest
import respx
from django.core import signing
from django.urls import reverse

from mostra.integrations.api_versions import GRAPH
from mostra.integrations.base import CredentialsRejected, RemoteRef, TransportError
from mostra.integrations.meta.instagram import InstagramAccount
from mostra.publishing.models import SocialAccount
from tests.publishing.networks_support import (
    TOKEN,
    _no_dns,  # noqa: F401
    account,
    app,
    form,
    integration,
    jpeg,
    outgoing,
    public_base,  # noqa: F401
)

G = f"https://graph.facebook.com/{GRAPH.version}"
PAGE = "104729876543210"
IG = "17841400000000001"


@pytest.fixture
def facebook(workspace) -> SocialAccount:
    app("meta")
    return account(workspace, "facebook", PAGE, expires_in=None, refresh=False, page_id=PAGE)


@pytest.fixture
def instagram(workspace, monkeypatch) -> SocialAccount:
    app("meta")
    monkeypatch.setattr(InstagramAccount, "poll_interval", 0.0)
    return account(workspace, "instagram", IG, expires_in=None, refresh=False, page_id=PAGE)


def bearer(request: httpx.Request) -> None:
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "access_token" not in str(request.url)


# Facebook ------------------------------------------------------------------------------


def test_facebook_publishes_text_and_link_to_the_page_feed(facebook):
    with respx.mock(assert_all_called=True) as net:
        feed = net.post(f"{G}/{PAGE}/feed").respond(200, json={"id": f"{PAGE}_555"})
        net.get(f"{G}/{PAGE}_555", params={"fields": "permalink_url"}).respond(
            200, json={"permalink_url": "https://www.facebook.com/fromagerie/posts/555"}
        )
        ref = integration(facebook).publish(outgoing(link="https://fromagerie.example/t"))
    request = feed.calls.last.request
    bearer(request)
    assert form(request) == {
        "message": "Nouvelle tomme en cave (affinée 6 mois) #fromage",
        "link": "https://fromagerie.example/t",
    }
    assert ref == RemoteRef(
        remote_id=f"{PAGE}_555", url="https://www.facebook.com/fromagerie/posts/555"
    )


def test_facebook_photos_are_uploaded_unpublished_with_alt_text_then_attached(facebook, tmp_path):
    with respx.mock(assert_all_called=True) as net:
        photos = net.post(f"{G}/{PAGE}/photos").respond(200, json={"id": "900"})
        feed = net.post(f"{G}/{PAGE}/feed").respond(200, json={"id": f"{PAGE}_556"})
        net.get(f"{G}/{PAGE}_556").respond(200, json={"permalink_url": "https://fb.example/556"})
        comment = net.post(f"{G}/{PAGE}_556/comments").respond(200, json={"id": "c1"})
        integration(facebook).publish(
            outgoing(media=(jpeg(tmp_path),), first_comment="Horaires : 9h-19h")
        )
    upload = photos.calls.last.request
    bearer(upload)
    assert b'name="published"\r\n\r\nfalse' in upload.content
    assert b'name="alt_text_custom"\r\n\r\nUne tomme sur une planche' in upload.content
    assert b'name="source"; filename="tomme.jpg"' in upload.content
    assert form(feed.calls.last.request)["attached_media[0]"] == '{"media_fbid": "900"}'
    assert form(comment.calls.last.request) == {"message": "Horaires : 9h-19h"}


def test_facebook_delete(facebook):
    with respx.mock(assert_all_called=True) as net:
        route = net.delete(f"{G}/{PAGE}_555").respond(200, json={"success": True})
        integration(facebook).delete(RemoteRef(remote_id=f"{PAGE}_555"))
    bearer(route.calls.last.request)


def test_facebook_metrics(facebook):
    with respx.mock(assert_all_called=True) as net:
        fields = net.get(f"{G}/{PAGE}_555").respond(
            200,
            json={
                "reactions": {"data": [], "summary": {"total_count": 42}},
                "comments": {"data": [], "summary": {"total_count": 5}},
                "shares": {"count": 3},
                "id": f"{PAGE}_555",
            },
        )
        net.get(f"{G}/{PAGE}_555/insights").respond(
            200,
            json={
                "data": [
                    {"name": "post_impressions", "period": "lifetime", "values": [{"value": 900}]},
                    {
                        "name": "post_impressions_unique",
                        "period": "lifetime",
                        "values": [{"value": 610}],
                    },
                    {"name": "post_clicks", "period": "lifetime", "values": [{"value": 17}]},
                ]
            },
        )
        [snapshot] = integration(facebook).fetch_metrics([RemoteRef(remote_id=f"{PAGE}_555")])
    assert fields.calls.last.request.url.params["fields"].startswith(
        "reactions.summary(total_count)"
    )
    assert (snapshot.likes, snapshot.replies, snapshot.reposts) == (42, 5, 3)
    assert (snapshot.impressions, snapshot.reach, snapshot.clicks) == (900, 610, 17)


def test_facebook_followers_and_reconciliation(facebook):
    with respx.mock(assert_all_called=True) as net:
        net.get(f"{G}/{PAGE}", params={"fields": "followers_count,fan_count"}).respond(
            200, json={"followers_count": 2300, "fan_count": 2100, "id": PAGE}
        )
        net.get(f"{G}/{PAGE}/posts").respond(
            200,
            json={
                "data": [
                    {
                        "id": f"{PAGE}_557",
                        "message": "Nouvelle tomme en cave (affinée 6 mois) #fromage",
                        "created_time": "2026-11-30T08:40:00+0000",
                        "permalink_url": "https://fb.example/557",
                    }
                ]
            },
        )
        assert integration(facebook).fetch_account().followers == 2300
        found = integration(facebook).find_existing(outgoing(created_at=None))
    assert found == RemoteRef(remote_id=f"{PAGE}_557", url="https://fb.example/557")


def test_graph_rate_limit_waits_what_the_usage_header_says(facebook):
    with respx.mock() as net:
        net.post(f"{G}/{PAGE}/feed").respond(
            400,
            headers={
                "x-business-use-case-usage": '{"104729876543210": [{"type": "pages", '
                '"call_count": 100, "estimated_time_to_regain_access": 12}]}'
            },
            json={
                "error": {
                    "message": "(#32) Page request limit reached",
                    "type": "OAuthException",
                    "code": 32,
                }
            },
        )
        with pytest.raises(TransportError) as caught:
            integration(facebook).publish(outgoing())
    assert not caught.value.permanent and caught.value.retry_after == 720


def test_graph_429_is_retried_later(facebook):
    with respx.mock() as net:
        net.post(f"{G}/{PAGE}/feed").respond(429, headers={"Retry-After": "30"}, json={})
        with pytest.raises(TransportError) as caught:
            integration(facebook).publish(outgoing())
    assert not caught.value.permanent and caught.value.retry_after == 30


def test_facebook_invalid_token_190_means_reconnecting(facebook):
    with respx.mock() as net:
        net.post(f"{G}/{PAGE}/feed").respond(
            400,
            json={
                "error": {
                    "message": "Error validating access token: "
                    "The user has not authorized application 123.",
                    "type": "OAuthException",
                    "code": 190,
                    "error_subcode": 458,
                }
            },
        )
        with pytest.raises(CredentialsRejected) as caught:
            integration(facebook).publish(outgoing())
    assert "reconnect" in caught.value.message and TOKEN not in caught.value.message


# Instagram -----------------------------------------------------------------------------


def quota(net, usage: int = 3, total: int = 50):
    return net.get(f"{G}/{IG}/content_publishing_limit").respond(
        200,
        json={
            "data": [
                {"quota_usage": usage, "config": {"quota_total": total, "quota_duration": 86400}}
            ]
        },
    )


def test_instagram_two_steps_with_a_public_signed_image_address(instagram, tmp_path, public_base):
    image = jpeg(tmp_path)
    with respx.mock(assert_all_called=True) as net:
        limit = quota(net)
        create = net.post(f"{G}/{IG}/media").respond(200, json={"id": "c-1"})
        status = net.get(f"{G}/c-1").mock(
            side_effect=[
                httpx.Response(200, json={"status_code": "IN_PROGRESS", "id": "c-1"}),
                httpx.Response(200, json={"status_code": "FINISHED", "id": "c-1"}),
            ]
        )
        publish = net.post(f"{G}/{IG}/media_publish").respond(200, json={"id": "m-1"})
        net.get(f"{G}/m-1").respond(200, json={"permalink": "https://www.instagram.com/p/Abc/"})
        ref = integration(instagram).publish(outgoing(media=(image,)))
    sent = form(create.calls.last.request)
    bearer(create.calls.last.request)
    assert sent["caption"] == "Nouvelle tomme en cave (affinée 6 mois) #fromage"
    assert sent["alt_text"] == "Une tomme sur une planche"
    assert sent["image_url"].startswith(f"{public_base}/media/public/")
    assert status.call_count == 2
    assert limit.calls.last.request.url.params["fields"] == "quota_usage,config"
    assert form(publish.calls.last.request) == {"creation_id": "c-1"}
    assert ref == RemoteRef(remote_id="m-1", url="https://www.instagram.com/p/Abc/")
    token = sent["image_url"].removeprefix(public_base).split("/")[3]
    from django.test import Client

    served = Client().get(reverse("oauth:public_media", args=[token]))
    assert (
        served.status_code == 200 and b"".join(served.streaming_content) == image.path.read_bytes()
    )


def test_instagram_carousel(instagram, tmp_path, public_base):
    with respx.mock(assert_all_called=True) as net:
        quota(net)
        create = net.post(f"{G}/{IG}/media").mock(
            side_effect=[httpx.Response(200, json={"id": i}) for i in ("k1", "k2", "parent")]
        )
        net.get(f"{G}/parent").respond(200, json={"status_code": "FINISHED"})
        net.post(f"{G}/{IG}/media_publish").respond(200, json={"id": "m-2"})
        net.get(f"{G}/m-2").respond(200, json={"permalink": "https://www.instagram.com/p/Def/"})
        integration(instagram).publish(
            outgoing(media=(jpeg(tmp_path, "a.jpg", "A"), jpeg(tmp_path, "b.jpg", "B")))
        )
    children = [form(c.request) for c in create.calls]
    assert children[0]["is_carousel_item"] == "true" and children[0]["alt_text"] == "A"
    assert children[2]["media_type"] == "CAROUSEL" and children[2]["children"] == "k1,k2"


def test_instagram_needs_a_public_base_url(instagram, tmp_path, settings):
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, base_url="http://127.0.0.1:8000", base_url_explicit=True
    )
    with respx.mock(assert_all_mocked=True):
        with pytest.raises(TransportError) as caught:
            integration(instagram).publish(outgoing(media=(jpeg(tmp_path),)))
    assert caught.value.permanent and "MOSTRA_BASE_URL" in caught.value.message


def test_instagram_needs_an_image(instagram):
    with pytest.raises(TransportError) as caught:
        integration(instagram).publish(outgoing())
    assert caught.value.permanent and "image" in caught.value.message


def test_instagram_daily_limit_is_tried_again_later(instagram, tmp_path, public_base):
    with respx.mock() as net:
        quota(net)
        net.post(f"{G}/{IG}/media").respond(200, json={"id": "c-3"})
        net.get(f"{G}/c-3").respond(200, json={"status_code": "FINISHED"})
        net.post(f"{G}/{IG}/media_publish").respond(
            400,
            json={
                "error": {
                    "message": "Application request limit reached",
                    "type": "OAuthException",
                    "code": 9,
                    "error_subcode": 2207042,
                    "error_user_msg": "You reached the maximum number of posts "
                    "allowed in 24 hours.",
                }
            },
        )
        with pytest.raises(TransportError) as caught:
            integration(instagram).publish(outgoing(media=(jpeg(tmp_path),)))
    error = caught.value
    assert not error.permanent and error.retry_after == 3600 and error.code == "daily_limit"


def test_instagram_container_error_is_permanent(instagram, tmp_path, public_base):
    with respx.mock() as net:
        quota(net)
        net.post(f"{G}/{IG}/media").respond(200, json={"id": "c-4"})
        net.get(f"{G}/c-4").respond(200, json={"status_code": "ERROR", "status": "Error: 2207026"})
        with pytest.raises(TransportError) as caught:
            integration(instagram).publish(outgoing(media=(jpeg(tmp_path),)))
    assert caught.value.permanent and "2207026" in caught.value.message


def test_instagram_metrics_and_followers(instagram):
    with respx.mock(assert_all_called=True) as net:
        net.get(f"{G}/m-1", params={"fields": "like_count,comments_count"}).respond(
            200, json={"like_count": 120, "comments_count": 8, "id": "m-1"}
        )
        insights = net.get(f"{G}/m-1/insights").respond(
            200,
            json={
                "data": [
                    {"name": "reach", "values": [{"value": 1500}]},
                    {"name": "saved", "values": [{"value": 30}]},
                    {"name": "shares", "values": [{"value": 6}]},
                    {"name": "views", "values": [{"value": 2100}]},
                ]
            },
        )
        net.get(f"{G}/{IG}").respond(
            200, json={"followers_count": 5400, "follows_count": 120, "media_count": 310}
        )
        [snapshot] = integration(instagram).fetch_metrics([RemoteRef(remote_id="m-1")])
        figures = integration(instagram).fetch_account()
    assert insights.calls.last.request.url.params["metric"] == "reach,saved,shares,views"
    assert (snapshot.likes, snapshot.replies, snapshot.reach, snapshot.saves) == (120, 8, 1500, 30)
    assert (snapshot.reposts, snapshot.impressions) == (6, 2100)
    assert (figures.followers, figures.following, figures.posts) == (5400, 120, 310)


def test_instagram_offers_no_deletion(instagram):
    with pytest.raises(TransportError) as caught:
        integration(instagram).delete(RemoteRef(remote_id="m-1"))
    assert caught.value.permanent and "Instagram app" in caught.value.message


def test_public_media_refuses_altered_and_foreign_tokens(client, public_base):
    assert client.get(reverse("oauth:public_media", args=["nope"])).status_code == 404
    forged = signing.dumps({"p": "../secret_key"}, salt="mostra.publishing.public-media")
    assert client.get(reverse("oauth:public_media", args=[forged])).status_code == 404


def test_page_tokens_do_not_expire_so_nothing_is_refreshed(facebook):
    from mostra.publishing.services.oauth import fresh_access_token

    with respx.mock(assert_all_mocked=True) as net:
        assert fresh_access_token(facebook, httpx.Client()) == TOKEN
    assert not net.calls


def test_instagram_waits_when_the_24_hour_quota_is_used(instagram, tmp_path, public_base):
    with respx.mock(assert_all_called=False) as net:
        quota(net, usage=50, total=50)
        containers = net.post(f"{G}/{IG}/media").respond(200, json={"id": "never"})
        with pytest.raises(TransportError) as caught:
            integration(instagram).publish(outgoing(media=(jpeg(tmp_path),)))
    error = caught.value
    assert not error.permanent and error.retry_after == 3600 and error.code == "daily_limit"
    assert "50 posts" in error.message
    assert containers.call_count == 0
