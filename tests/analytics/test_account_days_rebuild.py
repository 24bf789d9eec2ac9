"""Rebuilding many accounts' days tells the figures cache once per workspace, not once
per account. Commits (``transactional_db``): the data versions move after a commit."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.analytics import account_days
from mostra.analytics.models import AccountDay, TrackedAccount
from mostra.core.figures_cache import versions
from mostra.core.models import Workspace

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_many_accounts_rebuilt_move_each_workspace_s_version_in_one_query(workspace):
    other = Workspace.objects.create(name="Laiterie", slug="laiterie")
    accounts = [
        TrackedAccount.objects.create(workspace=ws, network="x", handle=f"{ws.slug}{i}")
        for ws in (workspace, other)
        for i in range(5)
    ]
    before = versions(workspace.pk), versions(other.pk)
    with CaptureQueriesContext(connection) as queries:
        assert account_days.rebuild(a.pk for a in accounts) == 10
    reads = [q["sql"] for q in queries if "analytics_trackedaccount" in q["sql"]]
    assert len(reads) == 1  # the zones and workspaces, not one read back per account
    stamps = [q["sql"] for q in queries if "core_dataversion" in q["sql"]]
    assert len(stamps) == 2  # one per workspace
    after = versions(workspace.pk), versions(other.pk)
    assert after[0][1] > before[0][1] and after[1][1] > before[1][1]
    assert not AccountDay.objects.exists()  # no post, no day
