"""Shared fixtures of the publishing tests: a workspace with a connected fake account,
posts with their publications, and a clock the test moves.

Alice owns the Fromagerie, Bob is an editor there, Charlie is an outsider (see
tests/conftest.py). The fake network lives in :mod:`tests.publishing.fake_network`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone

from mostra.core.models import Membership
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.publishing.scheduler import clock
from tests.publishing import fake_network
from tests.publishing.fake_network import SERVER, FakeServer


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    """The fake network, empty, with its integrations registered."""
    SERVER.reset()
    fake_network.install()
    yield SERVER
    fake_network.uninstall()
    SERVER.reset()


@pytest.fixture
def fake_account(workspace, owner, fake_server) -> SocialAccount:
    """The Fromagerie's connected account on the idempotent fake network."""
    account = fake_network.connect(workspace, "fakenet")
    account.created_by = owner
    account.save(update_fields=["created_by"])
    return account


class Moment:
    """The engine's clock, frozen; ``advance`` moves it."""

    def __init__(self, start: dt.datetime) -> None:
        self.value = start

    def __call__(self) -> dt.datetime:
        return self.value

    def advance(self, **delta: float) -> dt.datetime:
        self.value += dt.timedelta(**delta)
        return self.value


@pytest.fixture
def moment(monkeypatch) -> Moment:
    """Freeze the engine's clock (:func:`clock.now`) at the current second."""
    frozen = Moment(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(clock, "now", frozen)
    return frozen


@pytest.fixture
def make_publication(
    owner_membership: Membership, fake_account: SocialAccount
) -> Callable[..., Publication]:
    """A scheduled post with one variant and its pending publication, due ``due``."""

    def make(
        *,
        due: dt.datetime | None = None,
        account: SocialAccount | None = None,
        text: str = "Nouvelle tomme en cave 🧀",
        author: Membership | None = None,
        **fields: Any,
    ) -> Publication:
        account = account or fake_account
        member = author or owner_membership
        due = due or clock.now()
        post = Post.objects.create(
            workspace=member.workspace,
            author=member.user,
            status=PostStatus.SCHEDULED,
            scheduled_at=due,
            title=fields.pop("title", "Tomme"),
        )
        variant = PostVariant.objects.create(post=post, network=account.network, text=text)
        return Publication.objects.create(
            variant=variant,
            account=account,
            state=PublicationState.PENDING,
            due_at=due,
            next_attempt_at=due,
            **fields,
        )

    return make


def fresh(publication: Publication) -> Publication:
    """The publication as the database holds it now.

    The SQLite test database lives in memory with a shared cache, where a reader that
    meets a table another thread is writing gets "database table is locked" at once
    (the busy timeout does not apply to shared-cache locks): a test polling while a
    worker thread publishes reads again, for up to five seconds."""
    deadline = time.monotonic() + 5
    while True:
        try:
            return Publication.objects.select_related("variant__post", "account").get(
                pk=publication.pk
            )
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
