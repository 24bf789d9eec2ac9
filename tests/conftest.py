"""The cast used everywhere: Alice owns the workspace, Bob is on her team,
Charlie is an outsider who should have no access to Alice's stuff."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("MOSTRA_DATA_DIR", tempfile.mkdtemp(prefix="mostra-test-"))

import pytest  # noqa: E402

from mostra.core.i18n import compile_catalogues  # noqa: E402

compile_catalogues()
from django.test import Client  # noqa: E402

from mostra.core.models import Membership, Role, User, Workspace  # noqa: E402
from mostra.core.services.workspaces import create_workspace  # noqa: E402

# The peers a run could not have, counted and named in one line at its end.
from tests.peers.missing import (  # noqa: E402, F401  (pytest hooks)
    pytest_runtest_makereport,
    pytest_terminal_summary,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def owner(db) -> User:
    return User.objects.create_user("alice@example.org", PASSWORD, display_name="Alice Martin")


@pytest.fixture
def teammate(db) -> User:
    return User.objects.create_user("bob@example.org", PASSWORD, display_name="Bob Durand")


@pytest.fixture
def outsider(db) -> User:
    return User.objects.create_user("charlie@example.org", PASSWORD, display_name="Charlie Roux")


@pytest.fixture
def workspace(owner, teammate, outsider) -> Workspace:
    ws = create_workspace(owner, "Fromagerie du Lac", slug="fromagerie")
    Membership.objects.create(workspace=ws, user=teammate, role=Role.EDITOR)
    # Charlie owns a workspace of his own, which Alice and Bob must never see.
    create_workspace(outsider, "Other brand", slug="other-brand")
    return ws


@pytest.fixture
def owner_membership(workspace, owner) -> Membership:
    return Membership.objects.get(workspace=workspace, user=owner)


@pytest.fixture
def teammate_membership(workspace, teammate) -> Membership:
    return Membership.objects.get(workspace=workspace, user=teammate)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def teammate_client(teammate) -> Client:
    return client_for(teammate)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing with PBKDF2 makes every test user cost ~0.3 s; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _figures_not_cached(settings):
    """A test's writes are never committed (its transaction is rolled back), so the data
    versions that key the cached figures never move: the cache is off, except in
    tests/core/test_figures_cache.py, which commits."""
    settings.FIGURES_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _default_language():
    """A command run in a test activates the terminal's language: undo it afterwards."""
    from django.utils import translation

    yield
    translation.deactivate()
