"""Fixtures of the workflow tests: approvers, policies, a third member, dates.

A test module outside tests/editorial/ gets them, with the editorial ones, by
``from tests.editorial.workflow_fixtures import *`` (fixtures only: see ``__all__``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from mostra.core.models import Membership, Role, User, Workspace
from tests.conftest import PASSWORD
from tests.editorial.conftest import make_post, strategy, tactic

__all__ = [
    "alice_approver",
    "bob_approver",
    "charter_checks",
    "dana",
    "make_post",
    "set_policy",
    "strategy",
    "tactic",
    "viewer",
]


def soon(days: int = 3) -> dt.datetime:
    """A date to come, at 10:00 UTC."""
    return (timezone.now() + dt.timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


def charter_module() -> types.ModuleType | None:
    try:
        return importlib.import_module("mostra.charter.checks")
    except ImportError:
        return None


@pytest.fixture(autouse=True)
def charter_checks(monkeypatch) -> types.ModuleType:
    """The charter checks: the real ones once they exist, else a stub finding nothing."""
    module = charter_module()
    if module is None or not hasattr(module, "check_post"):
        module = types.ModuleType("mostra.charter.checks")
        module.check_post = lambda post: []  # type: ignore[attr-defined]
        module.blocking = lambda result: [f for f in result if f.severity == "error"]  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "mostra.charter.checks", module)
    return module


@pytest.fixture
def set_policy(workspace: Workspace) -> Callable[[str], Workspace]:
    def set_(policy: str) -> Workspace:
        Workspace.objects.filter(pk=workspace.pk).update(approval_policy=policy)
        workspace.refresh_from_db()
        return workspace

    return set_


def make_approver(membership: Membership, value: bool = True) -> Membership:
    Membership.objects.filter(pk=membership.pk).update(is_approver=value)
    membership.refresh_from_db()
    return membership


@pytest.fixture
def bob_approver(teammate_membership: Membership) -> Membership:
    """Bob, editor and approver."""
    return make_approver(teammate_membership)


@pytest.fixture
def alice_approver(owner_membership: Membership) -> Membership:
    return make_approver(owner_membership)


@pytest.fixture
def dana(workspace: Workspace) -> Membership:
    """Dana, a third member (editor and approver): the second pair of eyes."""
    user = User.objects.create_user("dana@example.org", PASSWORD, display_name="Dana Petit")
    return Membership.objects.create(
        workspace=workspace, user=user, role=Role.EDITOR, is_approver=True
    )


@pytest.fixture
def viewer(workspace: Workspace) -> Membership:
    user = User.objects.create_user("vera@example.org", PASSWORD, display_name="Vera Blanc")
    return Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)


def fresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj
