"""Builders shared by the editorial tests: a strategy with tactics, and posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mostra.core.models import Membership
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.strategy.models import Tactic
from tests.strategy.fromagerie import build_strategy


@pytest.fixture
def strategy(owner_membership: Membership) -> Membership:
    """The Fromagerie's strategy (three tactics on Instagram, Facebook and LinkedIn)."""
    build_strategy(owner_membership)
    return owner_membership


@pytest.fixture
def tactic(strategy: Membership) -> Tactic:
    return Tactic.objects.filter(workspace=strategy.workspace).order_by("position", "id").first()


@pytest.fixture
def make_post(owner_membership: Membership) -> Callable[..., Post]:
    """Create a post with one variant per network; ``when`` is an aware datetime."""

    def make(
        *,
        author: Membership | None = None,
        networks: tuple[str, ...] = ("instagram",),
        text: str = "Nouvelle tomme en cave 🧀",
        when: dt.datetime | None = None,
        status: str = PostStatus.DRAFT,
        **fields: Any,
    ) -> Post:
        member = author or owner_membership
        post = Post.objects.create(
            workspace=member.workspace,
            author=member.user,
            status=status,
            scheduled_at=when,
            **fields,
        )
        for position, network in enumerate(networks):
            PostVariant.objects.create(post=post, network=network, text=text, position=position)
        return post

    return make
