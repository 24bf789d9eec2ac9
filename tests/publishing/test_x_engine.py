"""X through the publishing engine: published once, and a timeout reconciled by reading
the account's recent posts instead of posting a second time."""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from mostra.publishing.models import PublicationState, SocialAccount
from mostra.publishing.scheduler.publisher import publish_one
from tests.publishing.conftest import fresh
from tests.publishing.networks_support import _no_dns, account, app  # noqa: F401

API = "https://api.x.com/2"


@pytest.fixture
def x_account(workspace) -> SocialAccount:
    app("x")
    return account(workspace, "x", "1500", handle="fromagerie_lac")


def test_published_once_with_its_link(x_account, make_publication, moment):
    publication = make_publication(account=x_account, text="Tomme du jour")
    with respx.mock(assert_all_called=True) as net:
        net.post(f"{API}/tweets").respond(201, json={"data": {"id": "1846"}})
        publish_one(publication.pk, "w1")
    publication = fresh(publication)
    assert publication.state == PublicationState.PUBLISHED
    assert publication.remote_url == "https://x.com/fromagerie_lac/status/1846"


def test_a_timeout_is_reconciled_not_posted_twice(x_account, make_publication, moment):
    publication = make_publication(account=x_account, text="Tomme du jour")
    with respx.mock() as net:
        tweets = net.post(f"{API}/tweets").mock(side_effect=httpx.ReadTimeout("slow"))
        publish_one(publication.pk, "w1")
        assert fresh(publication).state == PublicationState.PENDING
        recent = net.get(f"{API}/users/1500/tweets").respond(
            200,
            json={
                "data": [
                    {
                        "id": "1846",
                        "text": "Tomme du jour",
                        "created_at": (moment() + dt.timedelta(seconds=5)).isoformat(),
                    }
                ]
            },
        )
        moment.advance(hours=1)
        publish_one(publication.pk, "w2")
    publication = fresh(publication)
    assert publication.state == PublicationState.PUBLISHED
    assert publication.remote_id == "1846"
    assert tweets.call_count == 1 and recent.call_count == 1
