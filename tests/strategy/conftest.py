"""Fixtures of the strategy tests."""

from __future__ import annotations

import pytest

from mostra.core.models import Membership
from tests.strategy.fromagerie import build_strategy


@pytest.fixture
def strategy(owner_membership) -> Membership:
    """The Fromagerie's strategy, built by its owner (see :func:`build_strategy`)."""
    build_strategy(owner_membership)
    return owner_membership
