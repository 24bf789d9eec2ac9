"""LinkedIn: the Posts API requests mostra sends (recorded responses), versioned headers."""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import datetime as dt

import pytest
import respx

from mostra.integrations.api_versions import LINKEDIN
from mostra.integrations.base import CredentialsRejected, RemoteRef, TransportError
from mostra.integrations.linkedin import little_text
from mostra.publishing.models import SocialAccount
from tests.publishing.networks_support import (
    REFRESH,
    SECRET,
    TOKEN,
    _no_dns,  # noqa: F401
    account,
    app,
    body,
    form,
    integration,
    jpeg,
    outgoing,
)

REST = "https://api.linkedin.com/rest"
ORG = "urn:li:organization:2414183"
SHARE = "urn:li:share:7012345678901234567"


@pytest.fixture
def page(workspace) -> SocialAccount:
    app("linkedin")
    return account(workspace, "linkedin", ORG, handle="fromagerie-du-lac", refresh=False)


def versioned(request) -> None:
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["LinkedIn-Version"] == LINKEDIN.version
    assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"


def test_the_version_is_a_month(page):
    assert len(LINKEDIN.version) == 6 and LINKEDIN.version.isdigit()


def test_publish_text_as_the_page(page):
    with respx.mock(assert_all_called=True) as net:
        route = net.post(f"{REST}/posts").respond(201, headers={"x-restli-id": SHARE})
        ref = integration(page).publish(outgoing())
    request = route.calls.last.request
    versioned(request)
    assert body(request) == {
        "author": ORG,
        "commentary": "Nouvelle tomme en cave \\(affinée 6 mois\\) \\#fromage",
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }
    assert ref == RemoteRef(remote_id=SHARE, url=f"https://www.linkedin.com/feed/update/{SHARE}/")


def test_little_text_escapes_what_would_cut_the_post():
    assert little_text("Prix (TTC) @Lyon #fromage_bio") == "Prix \\(TTC\\) \\@Lyon \\#fromage\\_bio"


def test_a_link_without_images_is_an_article(page):
    with respx.mock(assert_all_called=True) as net:
        route = net.post(f"{REST}/posts").respond(201, headers={"x-restli-id": SHARE})
        integration(page).publish(outgoing(text="Notre tomme", link="https://fromagerie.example/t"))
    assert body(route.calls.last.request)["content"] == {
        "article": {"source": "https://fromagerie.example/t", "title": "Notre tomme"}
    }


def test_images_are_initialised_uploaded_then_attached_with_alt_text(page, tmp_path):
    upload_url = "https://www.linkedin.com/dms-uploads/sp/v2/D4E10AQ/upload"
    with respx.mock(assert_all_called=True) as net:
        init = net.post(f"{REST}/images", params={"action": "initializeUpload"}).mock(
            side_effect=[
                respx.MockResponse(
                    200,
                    json={
                        "value": {
                            "uploadUrl": upload_url,
                            "image": f"urn:li:image:C{n}",
                            "uploadUrlExpiresAt": 1,
                        }
                    },
                )
                for n in (1, 2)
            ]
        )
        put = net.put(upload_url).respond(201)
        post = net.post(f"{REST}/posts").respond(201, headers={"x-restli-id": SHARE})
        integration(page).publish(
            outgoing(media=(jpeg(tmp_path, "a.jpg", "Tomme"), jpeg(tmp_path, "b.jpg", "Cave")))
        )
    versioned(init.calls.last.request)
    assert body(init.calls.last.request) == {"initializeUploadRequest": {"owner": ORG}}
    assert put.calls.last.request.content.startswith(b"\xff\xd8")
    assert put.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert body(post.calls.last.request)["content"] == {
        "multiImage": {
            "images": [
                {"id": "urn:li:image:C1", "altText": "Tomme"},
                {"id": "urn:li:image:C2", "altText": "Cave"},
            ]
        }
    }


def test_first_comment(page):
    with respx.mock(assert_all_called=True) as net:
        net.post(f"{REST}/posts").respond(201, headers={"x-restli-id": SHARE})
        comment = net.post(
            f"{REST}/socialActions/urn%3Ali%3Ashare%3A7012345678901234567/comments"
        ).respond(201)
        integration(page).publish(outgoing(first_comment="Horaires en commentaire"))
    assert body(comment.calls.last.request) == {
        "actor": ORG,
        "object": SHARE,
        "message": {"text": "Horaires en commentaire"},
    }


def test_delete(page):
    with respx.mock(assert_all_called=True) as net:
        route = net.delete(f"{REST}/posts/urn%3Ali%3Ashare%3A7012345678901234567").respond(204)
        integration(page).delete(RemoteRef(remote_id=SHARE))
    versioned(route.calls.last.request)


def test_page_metrics_from_share_statistics(page):
    with respx.mock(assert_all_called=True) as net:
        route = net.get(url__startswith=f"{REST}/organizationalEntityShareStatistics").respond(
            200,
            json={
                "elements": [
                    {
                        "organizationalEntity": ORG,
                        "share": SHARE,
                        "totalShareStatistics": {
                            "uniqueImpressionsCount": 310,
                            "shareCount": 3,
                            "engagement": 0.05,
                            "clickCount": 12,
                            "likeCount": 21,
                            "impressionCount": 402,
                            "commentCount": 4,
                        },
                    }
                ]
            },
        )
        [snapshot] = integration(page).fetch_metrics([RemoteRef(remote_id=SHARE)])
    request = route.calls.last.request
    versioned(request)
    assert request.url.raw_path.decode().endswith(
        "?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183"
        "&shares=List(urn%3Ali%3Ashare%3A7012345678901234567)"
    )
    assert (snapshot.likes, snapshot.replies, snapshot.reposts) == (21, 4, 3)
    assert (snapshot.impressions, snapshot.reach, snapshot.clicks) == (402, 310, 12)


def test_member_metrics_from_social_actions(workspace):
    app("linkedin")
    member = account(workspace, "linkedin", "urn:li:person:abc", refresh=False)
    with respx.mock(assert_all_called=True) as net:
        net.get(f"{REST}/socialActions/urn%3Ali%3Ashare%3A7012345678901234567").respond(
            200,
            json={
                "likesSummary": {"totalLikes": 9},
                "commentsSummary": {"aggregatedTotalComments": 2},
            },
        )
        [snapshot] = integration(member).fetch_metrics([RemoteRef(remote_id=SHARE)])
    assert (snapshot.likes, snapshot.replies) == (9, 2)


def test_page_followers(page):
    with respx.mock(assert_all_called=True) as net:
        net.get(f"{REST}/networkSizes/urn%3Ali%3Aorganization%3A2414183").respond(
            200, json={"firstDegreeSize": 1543}
        )
        assert integration(page).fetch_account().followers == 1543


def test_reconciliation_reads_the_authors_posts(page):
    with respx.mock(assert_all_called=True) as net:
        route = net.get(f"{REST}/posts").respond(
            200,
            json={
                "elements": [
                    {
                        "id": SHARE,
                        "commentary": "Nouvelle tomme en cave \\(affinée 6 mois\\) \\#fromage",
                        "createdAt": int(dt.datetime.now(dt.UTC).timestamp() * 1000),
                    }
                ]
            },
        )
        found = integration(page).find_existing(outgoing())
    request = route.calls.last.request
    assert request.headers["X-RestLi-Method"] == "FINDER"
    assert request.url.params["q"] == "author" and request.url.params["author"] == ORG
    assert found is not None and found.remote_id == SHARE


def test_a_retired_version_says_it_must_be_updated(page):
    with respx.mock() as net:
        net.post(f"{REST}/posts").respond(
            426,
            json={
                "status": 426,
                "code": "NONEXISTENT_VERSION",
                "message": "Requested version 202610 is not active",
            },
        )
        with pytest.raises(TransportError) as caught:
            integration(page).publish(outgoing())
    error = caught.value
    assert error.permanent and error.code == "api_version_retired"
    assert "API version must be updated" in error.message and LINKEDIN.version in error.message


def test_an_administrator_can_override_the_version(page):
    from mostra.publishing.models import OAuthClient

    OAuthClient.objects.filter(network="linkedin").update(extra={"api_version": "202611"})
    with respx.mock(assert_all_called=True) as net:
        route = net.post(f"{REST}/posts").respond(201, headers={"x-restli-id": SHARE})
        integration(page).publish(outgoing())
    assert route.calls.last.request.headers["LinkedIn-Version"] == "202611"


def test_429_waits(page):
    with respx.mock() as net:
        net.post(f"{REST}/posts").respond(429, headers={"Retry-After": "120"}, json={"status": 429})
        with pytest.raises(TransportError) as caught:
            integration(page).publish(outgoing())
    assert not caught.value.permanent and caught.value.retry_after == 120


def test_a_revoked_token_means_reconnecting(page):
    with respx.mock() as net:
        net.post(f"{REST}/posts").respond(
            401,
            json={
                "status": 401,
                "serviceErrorCode": 65601,
                "code": "REVOKED_ACCESS_TOKEN",
                "message": "The token used in the request has been revoked by the user",
            },
        )
        with pytest.raises(CredentialsRejected) as caught:
            integration(page).publish(outgoing())
    assert "revoked" in caught.value.message


def test_refresh_with_a_refresh_token(workspace):
    app("linkedin")
    acc = account(workspace, "linkedin", ORG, expires_in=dt.timedelta(days=3))
    with respx.mock(assert_all_called=True) as net:
        token = net.post("https://www.linkedin.com/oauth/v2/accessToken").respond(
            200,
            json={
                "access_token": "tok-new",
                "expires_in": 5184000,
                "refresh_token": "ref-new",
                "refresh_token_expires_in": 31536000,
            },
        )
        post = net.post(f"{REST}/posts").respond(201, headers={"x-restli-id": SHARE})
        integration(acc).publish(outgoing())
    assert form(token.calls.last.request) == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH,
        "client_id": "linkedin-client-id",
        "client_secret": SECRET,
    }
    assert post.calls.last.request.headers["Authorization"] == "Bearer tok-new"
    acc.refresh_from_db()
    assert acc.token_expires_at is not None and acc.token_expires_at.year >= 2027


def test_without_a_refresh_token_an_expired_token_means_reconnecting(workspace):
    app("linkedin")
    acc = account(workspace, "linkedin", ORG, refresh=False, expires_in=dt.timedelta(days=-1))
    with respx.mock(assert_all_mocked=True):
        with pytest.raises(CredentialsRejected) as caught:
            integration(acc).publish(outgoing())
    assert "reconnect" in caught.value.message
