"""Fixtures of the recorded Mastodon tests: no DNS, the respx router, an account."""

from __future__ import annotations

import pytest
import respx

from mostra.publishing.models import (
    SocialAccount,
)
from tests.publishing.mastodon_recorded.recorded import (
    ACCOUNT,
    BASE,
    TOKEN,
)


@pytest.fixture(autouse=True)
def _no_dns(settings):
    """mastodon.example does not resolve here: the address guard is tested elsewhere."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def api():
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def account(workspace) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="atelier@mastodon.example",
        external_id=ACCOUNT["id"],
        service_url=BASE,
        credentials={"access_token": TOKEN},
        text_limit=1000,
    )
