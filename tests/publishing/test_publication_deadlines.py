"""Every request of a publication has a total deadline, the one its claim's lease counts:
25 s (5 to connect, 20 to answer), an upload its size at 1 Mbit/s more.

Without it, an instance or a PDS its user controls could answer one byte every few
seconds (each within the read timeout) and hold the publishing thread for as long as it
liked: past the lease, where a second worker takes the publication back, and with every
other workspace's posts waiting behind it. The worker itself, against a tarpit, is in
``test_publication_deadline_proof.py``.
"""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import pkgutil
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import respx
from django.core.files.base import ContentFile
from django.utils import translation

import mostra.integrations
from mostra.core.http import DEADLINE, ENDS_AT, REQUEST_TIME, outbound_client
from mostra.editorial.models import PostMedia
from mostra.integrations.base import REGISTRY, TransportError
from mostra.integrations.bluesky import xrpc
from mostra.integrations.calls import api_call
from mostra.integrations.mastodon import MastodonIntegration
from mostra.integrations.mastodon.api import MastodonApi
from mostra.publishing.models import PublicationAttempt, PublicationState, SocialAccount
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import leases
from tests.core.pending_french import pending
from tests.publishing.conftest import fresh
from tests.publishing.mastodon_instance import Instance
from tests.publishing.networks_support import (
    _no_dns,  # noqa: F401
    account,
    app,
    public_base,  # noqa: F401
)

TAG = "h17-publish-deadlines"
#: The image every publication here carries: 250 kB, 2 s at 1 Mbit/s.
IMAGE_BYTES = 250_000
MASTODON = "https://mastodon.example"


def mastodon(workspace) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="fromagerie@mastodon.example",
        external_id="109348729384756",
        service_url=MASTODON,
        credentials={"access_token": "tok-mastodon-4711"},
    )


def bluesky(workspace) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network="bluesky",
        handle="fromagerie.bsky.social",
        external_id="did:plc:fromagerie",
        service_url="https://bsky.social",
        credentials={
            "did": "did:plc:fromagerie",
            "handle": "fromagerie.bsky.social",
            "access_jwt": "access.jwt.token",
            "refresh_jwt": "refresh.jwt.token",
            "pds_url": "https://pds.example",
        },
    )


def with_app(network: str, provider: str, external_id: str, **options) -> Callable:
    def make(workspace) -> SocialAccount:
        app(provider)
        return account(workspace, network, external_id, **options)

    return make


#: How each network's account is connected here. A new integration adds its own: the
#: test below fails until it does, so that none is left without the deadline.
ACCOUNTS: dict[str, Callable[..., SocialAccount]] = {
    "mastodon": mastodon,
    "bluesky": bluesky,
    "x": with_app("x", "x", "1500"),
    "linkedin": with_app("linkedin", "linkedin", "urn:li:organization:2414183", refresh=False),
    "facebook": with_app(
        "facebook", "meta", "1047", expires_in=None, refresh=False, page_id="1047"
    ),
    "instagram": with_app(
        "instagram", "meta", "1784", expires_in=None, refresh=False, page_id="1047"
    ),
    "threads": with_app(
        "threads", "threads", "2560001", refresh=False, expires_in=dt.timedelta(days=50)
    ),
}


def integrations() -> set[str]:
    """Every network mostra's own integrations register (each package imported)."""
    for module in pkgutil.iter_modules(mostra.integrations.__path__):
        importlib.import_module(f"mostra.integrations.{module.name}")
    return {
        network
        for network, cls in REGISTRY.items()
        if cls.__module__.startswith("mostra.integrations.")
    }


def test_every_integration_is_checked_here():
    assert integrations() == set(ACCOUNTS)


def with_image(publication, size: int = IMAGE_BYTES) -> None:
    data = b"\xff\xd8\xff\xe0" + b"\0" * (size - 4)
    media = PostMedia(
        variant=publication.variant,
        original_name="tomme.jpg",
        kind="image",
        mime_type="image/jpeg",
        size=len(data),
        width=1200,
        height=800,
        sha256=hashlib.sha256(data).hexdigest(),
        alt_text="Une tomme entière, croûte grise",
    )
    media.file.save("tomme.jpg", ContentFile(data), save=False)
    media.save()


def lease_deadline(request: httpx.Request) -> float:
    """What the lease counts for this request: 25 s, and its body at 1 Mbit/s."""
    return REQUEST_TIME + int(request.headers.get("Content-Length", "0")) / leases.UPLOAD_RATE


class Unavailable:
    """Every network answering 503 to every request; keeps each request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(503, json={"error": "Service Unavailable"})


@pytest.fixture
def unavailable() -> Iterator[Unavailable]:
    network = Unavailable()
    with respx.mock(assert_all_called=False) as mock:
        mock.route().mock(side_effect=network)
        yield network


@pytest.mark.parametrize("network", sorted(ACCOUNTS))
def test_each_request_of_a_publication_has_the_deadline_its_lease_counts(
    network, workspace, make_publication, unavailable, public_base
):
    """On every network, with an image: each request has 25 s in all, an upload its
    size's time more; the publication waits for its next try."""
    publication = make_publication(account=ACCOUNTS[network](workspace))
    with_image(publication)

    publish_one(publication.pk, "worker-1")

    assert unavailable.requests, f"{network} made no request"
    for request in unavailable.requests:
        assert ENDS_AT in request.extensions, f"{network}: {request.url} has no deadline"
        assert request.extensions[DEADLINE] == pytest.approx(lease_deadline(request))
    assert fresh(publication).state == PublicationState.PENDING


def test_a_mastodon_upload_has_its_size_at_1_mbit_per_second_more(
    workspace, make_publication, public_base, monkeypatch
):
    """1.25 MB: 10 s more than the 25 s of the other requests, the processing's polls
    included."""
    publication = make_publication(account=mastodon(workspace), text="La tomme est prête")
    with_image(publication, size=1_250_000)
    with respx.mock(base_url=MASTODON) as api:
        upload = api.post("/api/v2/media").respond(202, json={"id": "7", "url": None})
        poll = api.get("/api/v1/media/7").respond(200, json={"id": "7", "url": "https://m/7"})
        status = api.post("/api/v1/statuses").respond(
            200, json={"id": "1134", "uri": f"{MASTODON}/s/1134", "url": f"{MASTODON}/@f/1134"}
        )
        monkeypatch.setattr(MastodonIntegration, "sleep", staticmethod(lambda seconds: None))
        publish_one(publication.pk, "worker-1")
    assert fresh(publication).state == PublicationState.PUBLISHED
    sent = upload.calls.last.request
    assert sent.extensions[DEADLINE] == pytest.approx(lease_deadline(sent))
    assert 35.0 < sent.extensions[DEADLINE] < 35.1  # the form's few bytes
    assert poll.calls.last.request.extensions[DEADLINE] == REQUEST_TIME
    assert 25.0 < status.calls.last.request.extensions[DEADLINE] < 25.1


@pytest.fixture
def tarpit(settings) -> Iterator[Instance]:
    """An instance that makes the first status, then answers one byte a second."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    instance = Instance(dribbled=1, every=1.0)
    yield instance
    instance.close()


@pytest.fixture
def short_deadline(monkeypatch) -> None:
    """2 s for each request instead of 25: the same path, sooner."""
    monkeypatch.setattr(leases, "REQUEST", dt.timedelta(seconds=2))


def tarpit_account(workspace, instance: Instance) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="atelier@127.0.0.1",
        external_id="1",
        service_url=instance.url,
        credentials={"access_token": "tok-tarpit-0042"},
    )


@pytest.mark.usefixtures("short_deadline")
def test_a_tarpit_instance_costs_a_publication_its_deadline_then_the_retry_meets_its_status(
    workspace, make_publication, tarpit, moment
):
    publication = make_publication(account=tarpit_account(workspace, tarpit))

    publish_one(publication.pk, "worker-1", moment())

    waiting = fresh(publication)
    assert waiting.state == PublicationState.PENDING
    assert waiting.next_attempt_at > moment()
    assert waiting.error_message == (
        "The server did not answer within 2 seconds. The post may have gone out: mostra "
        "tries again with the same idempotency key, which meets it if it did."
    )
    [attempt] = PublicationAttempt.objects.filter(publication=publication)
    assert attempt.message == waiting.error_message

    moment.advance(hours=1)  # past the backoff; the instance now answers at once
    publish_one(publication.pk, "worker-1", moment())

    published = fresh(publication)
    assert published.state == PublicationState.PUBLISHED
    [status] = tarpit.statuses.values()
    assert published.remote_id == status["id"]
    first, retry = tarpit.received
    assert first.key == retry.key and first.status_id == retry.status_id


@pytest.mark.usefixtures("short_deadline")
def test_the_deadlines_words_in_french(workspace, make_publication, tarpit, moment):
    publication = make_publication(account=tarpit_account(workspace, tarpit))

    with pending(TAG), translation.override("fr"):
        publish_one(publication.pk, "worker-1", moment())

    assert fresh(publication).error_message.startswith(
        "Le serveur n'a pas répondu dans les 2 secondes."
    )


def out_of_time(request: httpx.Request) -> httpx.Response:
    """A transport whose answer never comes: the call's clock runs out."""
    request.extensions[ENDS_AT] = time.monotonic()  # its 25 s are over
    raise httpx.ReadTimeout("the call ran out of time", request=request)


def bluesky_write(client: httpx.Client) -> None:
    xrpc.call(client, "POST", "https://pds.example/xrpc/com.atproto.repo.putRecord", write=True)


def bluesky_read(client: httpx.Client) -> None:
    xrpc.call(client, "GET", "https://pds.example/xrpc/com.atproto.repo.getRecord", write=False)


def oauth_network_post(client: httpx.Client) -> None:
    api_call(client, "POST", "https://api.linkedin.com/rest/posts", label="LinkedIn", mutation=True)


def oauth_network_read(client: httpx.Client) -> None:
    api_call(client, "GET", "https://api.linkedin.com/rest/posts", label="LinkedIn")


def mastodon_read(client: httpx.Client) -> None:
    MastodonApi(MASTODON, "tok-mastodon-4711", client).call("GET", "/api/v1/statuses/1")


@pytest.mark.parametrize(
    ("call", "then", "unknown"),
    [
        (bluesky_write, "The post may have been written: mostra tries again with the same", True),
        (bluesky_read, "mostra will try again.", False),
        (oauth_network_post, "The post may have been published: mostra checks the account", True),
        (oauth_network_read, "mostra will try again.", False),
        (mastodon_read, "mostra will try again.", False),
    ],
)
def test_every_networks_words_name_the_deadline(call, then, unknown):
    with leases.within_lease(), outbound_client(transport=httpx.MockTransport(out_of_time)) as c:
        with pytest.raises(TransportError) as cut:
            call(c)
    assert cut.value.message.startswith(f"The server did not answer within 25 seconds. {then}")
    assert cut.value.unknown_outcome is unknown
    assert not cut.value.permanent


def test_a_timeout_without_a_deadline_keeps_its_words():
    """A read timeout of httpx's own (no deadline passed): the network's usual words."""
    with outbound_client(transport=httpx.MockTransport(out_of_time)) as client:
        with pytest.raises(TransportError) as cut:
            oauth_network_read(client)
    assert cut.value.message == "LinkedIn did not answer in time."
