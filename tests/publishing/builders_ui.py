"""Builders for the accounts, publications and webhooks tests (helper P-UI's tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from mostra.core.models import Workspace
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.integrations.base import (
    REGISTRY,
    AccountFigures,
    Integration,
    Outgoing,
    RemoteRef,
    Snapshot,
)
from mostra.publishing.models import Publication, PublicationState, SocialAccount

SECRET_PASSWORD = "app-pass-zq81-secret"


def make_account(
    workspace: Workspace, network: str = "uifake", handle: str = "lac.example", **fields: Any
) -> SocialAccount:
    values: dict[str, Any] = {
        "external_id": f"id-{network}-{handle}",
        "credentials": {"password": SECRET_PASSWORD},
        "last_ok_at": None,
    }
    values.update(fields)
    return SocialAccount.objects.create(
        workspace=workspace, network=network, handle=handle, **values
    )


def make_publication(
    account: SocialAccount,
    *,
    network: str | None = None,
    state: str = PublicationState.PUBLISHED,
    published_at: dt.datetime | None = None,
    next_metrics_at: dt.datetime | None = None,
    post: Post | None = None,
    text: str = "Nouvelle tomme en cave",
    **fields: Any,
) -> Publication:
    network = network or account.network
    if post is None:
        post = Post.objects.create(
            workspace=account.workspace,
            status=PostStatus.PUBLISHED
            if state == PublicationState.PUBLISHED
            else PostStatus.SCHEDULED,
            scheduled_at=published_at or dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC),
            title="Tomme",
        )
    variant = PostVariant.objects.create(post=post, network=network, text=text)
    due = published_at or dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
    return Publication.objects.create(
        variant=variant,
        account=account,
        state=state,
        due_at=due,
        next_attempt_at=due,
        published_at=published_at if state == PublicationState.PUBLISHED else None,
        next_metrics_at=next_metrics_at,
        remote_id=fields.pop("remote_id", f"r{variant.pk}"),
        **fields,
    )


class FakeNetwork(Integration):
    """A network in memory: counts per remote id, an error to raise, the calls made."""

    network = "uifake"
    counts: ClassVar[dict[str, dict[str, int | None]]] = {}
    followers: ClassVar[AccountFigures] = AccountFigures(followers=120, following=8, posts=40)
    error: ClassVar[Exception | None] = None
    calls: ClassVar[list[list[str]]] = []

    @classmethod
    def reset(cls) -> None:
        cls.counts = {}
        cls.error = None
        cls.calls = []
        cls.followers = AccountFigures(followers=120, following=8, posts=40)

    def publish(self, outgoing: Outgoing) -> RemoteRef:  # pragma: no cover - not used
        raise NotImplementedError

    def delete(self, ref: RemoteRef) -> None:  # pragma: no cover - not used
        raise NotImplementedError

    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
        self.calls.append([r.remote_id for r in refs])
        if self.error is not None:
            raise self.error
        return [
            Snapshot(remote_id=r.remote_id, **self.counts.get(r.remote_id, {"likes": 1}))
            for r in refs
        ]

    def fetch_account(self) -> AccountFigures:
        if self.error is not None:
            raise self.error
        return self.followers


def install_fake_network() -> type[FakeNetwork]:
    FakeNetwork.reset()
    REGISTRY["uifake"] = FakeNetwork
    return FakeNetwork


def uninstall_fake_network() -> None:
    REGISTRY.pop("uifake", None)
    FakeNetwork.reset()
