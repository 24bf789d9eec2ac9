"""What the Bluesky integration makes of a server's failures, from recorded answers.

The local PDS runs without rate limits and never fails on purpose: these answers are
the ones bsky.social and the PDS send (XRPC error bodies, ``ratelimit-*`` headers),
played back through the guarded client with an ``httpx.MockTransport``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from mostra.core.http import outbound_client
from mostra.integrations.base import CredentialsRejected, Outgoing, RemoteRef, TransportError
from mostra.integrations.bluesky import BlueskyIntegration
from mostra.integrations.bluesky.xrpc import retry_after
from mostra.publishing.models import SocialAccount

pytestmark = pytest.mark.django_db
PDS = "https://pds.example"


@pytest.fixture(autouse=True)
def no_dns(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # pds.example does not resolve


@pytest.fixture
def account(workspace) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network="bluesky",
        handle="fromagerie.example",
        external_id="did:plc:fromagerie",
        service_url=PDS,
        credentials={
            "did": "did:plc:fromagerie",
            "handle": "fromagerie.example",
            "access_jwt": "access",
            "refresh_jwt": "refresh",
            "access_expires_at": None,
            "pds_url": PDS,
            "app_password": "abcd-efgh-ijkl-mnop",
        },
    )


def playing(account: SocialAccount, answer: Callable[[httpx.Request], httpx.Response]):
    return BlueskyIntegration(account, outbound_client(transport=httpx.MockTransport(answer)))


def xrpc_error(status: int, error: str, message: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"error": error, "message": message}, headers=headers)


def test_429_waits_until_the_rate_limit_resets(account):
    reset = int(time.time()) + 120
    answer = xrpc_error(
        429,
        "RateLimitExceeded",
        "Rate Limit Exceeded",
        **{"ratelimit-limit": "5000", "ratelimit-remaining": "0", "ratelimit-reset": str(reset)},
    )
    with pytest.raises(TransportError) as limited:
        playing(account, lambda r: answer).publish(Outgoing(key="k", text="x"))
    error = limited.value
    assert not error.permanent and not error.unknown_outcome
    assert error.code == "rate_limited" and error.http_status == 429
    assert 100 < error.retry_after <= 120


def test_retry_after_reads_either_header():
    assert retry_after(httpx.Response(429, headers={"retry-after": "30"})) == 30
    assert retry_after(httpx.Response(429, headers={"ratelimit-reset": "1000"}), now=990) == 10
    assert retry_after(httpx.Response(429)) is None


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(account, status):
    answer = xrpc_error(status, "InternalServerError", "Internal Server Error")
    with pytest.raises(TransportError) as failed:
        playing(account, lambda r: answer).fetch_account()
    assert not failed.value.permanent and failed.value.http_status == status


def test_a_server_error_on_write_is_checked_against_the_record(account):
    """A 500 on putRecord: the record is read back; there, it is the publication."""
    uri = "at://did:plc:fromagerie/app.bsky.feed.post/"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("putRecord"):
            return xrpc_error(500, "InternalServerError", "Internal Server Error")
        rkey = request.url.params["rkey"]
        return httpx.Response(200, json={"uri": uri + rkey, "cid": "bafy", "value": {}})

    ref = playing(account, answer).publish(Outgoing(key="k", text="x"))
    assert ref.uri.startswith(uri) and ref.remote_id == ref.uri.rsplit("/", 1)[1]


def test_a_timeout_after_sending_a_write_is_an_unknown_outcome(account):
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(TransportError) as failed:
        playing(account, answer).publish(Outgoing(key="k", text="x"))
    assert failed.value.unknown_outcome and not failed.value.permanent
    assert failed.value.code == "timeout"


def test_a_timeout_on_a_read_is_only_retried(account):
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(TransportError) as failed:
        playing(account, answer).fetch_metrics([RemoteRef("3k", "at://did/app.bsky.feed.post/3k")])
    assert not failed.value.unknown_outcome and not failed.value.permanent


def test_a_refused_connection_is_retried_and_nothing_was_sent(account):
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TransportError) as failed:
        playing(account, answer).publish(Outgoing(key="k", text="x"))
    assert failed.value.code == "unreachable"
    assert not failed.value.unknown_outcome and not failed.value.permanent


def test_an_invalid_record_is_permanent_with_the_servers_message(account):
    answer = xrpc_error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: bad langs")
    with pytest.raises(TransportError) as refused:
        playing(account, lambda r: answer).publish(Outgoing(key="k", text="x"))
    assert refused.value.permanent
    assert "Invalid app.bsky.feed.post record: bad langs" in refused.value.message


def test_a_blob_too_large_is_permanent(account, tmp_path):
    from mostra.integrations.base import OutgoingMedia

    image = tmp_path / "a.png"
    image.write_bytes(b"\x89PNG" + b"0" * 100)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("getRecord"):
            return xrpc_error(400, "RecordNotFound", "Could not locate record")
        return xrpc_error(413, "PayloadTooLarge", "request entity too large")

    media = (OutgoingMedia(image, "image/png", "alt", size=104),)
    with pytest.raises(TransportError) as refused:
        playing(account, answer).publish(Outgoing(key="k", text="x", media=media))
    assert refused.value.permanent and refused.value.code == "too_large"
    assert "request entity too large" in refused.value.message


def test_a_suspended_account_needs_reconnecting(account):
    answer = xrpc_error(400, "AccountTakedown", "Account has been taken down")
    with pytest.raises(CredentialsRejected) as refused:
        playing(account, lambda r: answer).publish(Outgoing(key="k", text="x"))
    assert "Account has been taken down" in refused.value.message


def test_a_server_answering_html_is_not_a_bluesky_server(account):
    answer = httpx.Response(200, text="<html>Welcome</html>", headers={"content-type": "text/html"})
    with pytest.raises(TransportError) as refused:
        playing(account, lambda r: answer).fetch_account()
    assert refused.value.permanent and refused.value.code == "not_bluesky"


def test_tokens_never_appear_in_error_messages(account):
    answer = xrpc_error(401, "AuthenticationRequired", "Bad token access")
    with pytest.raises(TransportError) as refused:
        playing(account, lambda r: answer).publish(Outgoing(key="k", text="x"))
    assert "abcd-efgh-ijkl-mnop" not in str(refused.value)
    assert "refresh" not in refused.value.message.split("(")[0]


def test_an_account_without_credentials_asks_for_reconnecting(account):
    account.credentials = None
    with pytest.raises(CredentialsRejected, match="connect it again"):
        playing(account, lambda r: httpx.Response(200)).publish(Outgoing(key="k", text="x"))


def test_a_server_echoing_a_token_gets_it_hidden(account):
    def answer(request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        return xrpc_error(
            400, "InvalidRequest", f"bad request with {token} and abcd-efgh-ijkl-mnop"
        )

    with pytest.raises(TransportError) as refused:
        playing(account, answer).publish(Outgoing(key="k", text="x"))
    assert refused.value.message.endswith("bad request with *** and ***")
    assert "access" not in str(refused.value).split(":", 1)[1]
