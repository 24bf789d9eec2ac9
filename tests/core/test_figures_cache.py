"""The figures of the year-long pages, kept until the workspace's data changes.

These tests commit (``transactional_db``): the data versions move after a commit, and a
test's usual transaction never commits. Each test turns the cache on and empties it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from mostra.analytics import account_days
from mostra.analytics.models import AccountDay, AccountPost, FollowerCount, TrackedAccount
from mostra.core import figures_cache
from mostra.core.figures_cache import EVERY, Figures, versions
from mostra.core.models import Membership, Role, User, Workspace
from mostra.strategy.models import Objective

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def posts(account: TrackedAccount, count: int, likes: int, days_ago: int = 3) -> None:
    """``count`` originals a few days ago, written in bulk and summed as imports do."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    AccountPost.objects.bulk_create(
        AccountPost(
            account=account,
            network_id=f"{account.handle}-{days_ago}-{likes}-{i}",
            kind="original",
            published_at=when,
            source="x-archive",
            likes=likes,
        )
        for i in range(count)
    )
    account_days.refresh(account.pk)


def compare_cell(html: str, code: str) -> list[str]:
    found = re.search(rf'<tr data-kpi="{code}">(.*?)</tr>', html, re.S)
    assert found, code
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    ]


def dashboard_figures(html: str, network: str) -> dict[str, str]:
    card = re.search(rf'data-network="{network}">(.*?)</article>', html, re.S).group(1)
    return {
        name: re.sub(r"<[^>]+>", "", value).strip()
        for name, value in re.findall(r'<dd data-figure="([\w-]+)">(.*?)</dd>', card, re.S)
    }


def test_a_version_moves_after_the_commit_and_not_on_a_rollback(workspace):
    before = versions(workspace.pk)
    with transaction.atomic():
        figures_cache.changed([workspace.pk])
        figures_cache.changed([workspace.pk])  # one statement for the transaction
        assert versions(workspace.pk) == before
    after = versions(workspace.pk)
    assert after[1] > before[1] and after[0] == before[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        figures_cache.changed([workspace.pk])
        raise RuntimeError
    assert versions(workspace.pk) == after
    figures_cache.changed()  # outside a transaction: at once, for every workspace
    assert versions(workspace.pk)[0] > after[0]


def test_a_figure_is_computed_once_per_version(workspace):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert Figures(workspace.pk).get("n", ("a",), compute) == 1
    assert Figures(workspace.pk).get("n", ("a",), compute) == 1
    assert Figures(workspace.pk).get("n", ("b",), compute) == 2  # asked differently
    Objective.objects.create(workspace=workspace, title="Be known", axis="known")
    assert Figures(workspace.pk).get("n", ("a",), compute) == 3


def test_the_dashboard_shows_new_posts_and_counts_after_an_import(owner_client, workspace):
    x = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    posts(x, 3, likes=2)
    url = f"/w/{workspace.slug}/reports/dashboard/"
    first = dashboard_figures(owner_client.get(url).content.decode(), "x")
    assert first["posts"] == "3"
    again = owner_client.get(url)
    assert dashboard_figures(again.content.decode(), "x") == first
    posts(x, 4, likes=5, days_ago=2)  # an import: bulk writes, then the daily sums
    assert dashboard_figures(owner_client.get(url).content.decode(), "x")["posts"] == "7"
    FollowerCount.objects.create(account=x, date=timezone.localdate(), followers=1234, source="csv")
    shown = dashboard_figures(owner_client.get(url).content.decode(), "x")
    assert shown["followers"].startswith("1,234")


def test_a_cached_dashboard_costs_fewer_queries(
    owner_client, workspace, django_assert_max_num_queries
):
    x = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    posts(x, 3, likes=2)
    url = f"/w/{workspace.slug}/reports/dashboard/"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as computed:
        owner_client.get(url)
    with CaptureQueriesContext(connection) as kept:
        owner_client.get(url)
    assert len(kept) < len(computed) - 5
    assert any("core_dataversion" in q["sql"] for q in kept.captured_queries)


def test_the_comparison_table_follows_a_renamed_account(owner_client, workspace):
    own = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    posts(own, 2, likes=3)
    url = f"/w/{workspace.slug}/analytics/compare/"
    assert "atelier" in owner_client.get(url).content.decode()
    own.handle = "atelier_velo"
    own.save()
    html = owner_client.get(url).content.decode()
    assert "atelier_velo" in html.split('class="compare-table"')[1]


def test_each_language_gets_its_own_figures(owner_client, workspace):
    own = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    posts(own, 2, likes=1234)
    url = f"/w/{workspace.slug}/analytics/compare/"
    english = owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Indicator" in english
    owner_client.cookies["mostra_language"] = "fr"
    french = owner_client.get(url).content.decode()
    assert "Indicateur" in french and "Indicator" not in french


def test_one_workspace_never_reads_anothers_figures(owner_client, workspace, owner):
    other = Workspace.objects.create(name="Autre", slug="autre")
    Membership.objects.create(workspace=other, user=owner, role=Role.OWNER)
    for space, likes in ((workspace, 1), (other, 2)):
        account = TrackedAccount.objects.create(workspace=space, network="x", handle="same")
        posts(account, 1 + likes, likes=likes)
    for space, expected in ((workspace, "2"), (other, "3")):
        html = owner_client.get(f"/w/{space.slug}/reports/dashboard/").content.decode()
        assert dashboard_figures(html, "x")["posts"] == expected
    outsider = User.objects.create_user("nobody@example.org", "x" * 16)
    from tests.conftest import client_for

    assert client_for(outsider).get(f"/w/{other.slug}/reports/dashboard/").status_code == 404


def test_a_row_whose_workspace_is_not_loaded_moves_every_version(workspace):
    account = TrackedAccount.objects.create(workspace=workspace, network="x", handle="a")
    posts(account, 1, likes=1)
    every, own = versions(workspace.pk)
    day = AccountDay.objects.filter(account=account).first()
    assert day is not None  # daily sums are not watched: their writer calls changed()
    objective = Objective.objects.create(workspace=workspace, title="t", axis="known")
    assert versions(workspace.pk)[0] == every and versions(workspace.pk)[1] > own
    from mostra.strategy.models import Strategy

    strategy = Strategy.objects.create(workspace=workspace, objective=objective, title="s")
    fresh = Strategy.objects.get(pk=strategy.pk)  # workspace_id on the row: known
    assert figures_cache.workspace_of(fresh) == workspace.pk
    from mostra.editorial.models import Post, PostVariant

    post = Post.objects.create(workspace=workspace, title="p")
    variant = PostVariant.objects.create(post=post, network="x", text="hello")
    loaded = PostVariant.objects.get(pk=variant.pk)  # its post not loaded
    assert figures_cache.workspace_of(loaded) is None
    before = versions(workspace.pk)[0]
    loaded.text = "hello again"
    loaded.save()
    assert versions(workspace.pk)[0] > before
    assert figures_cache.workspace_of(variant) == workspace.pk  # its post loaded


def test_bulk_models_keep_their_fast_delete():
    """A receiver on a model makes Django load every row a cascade deletes."""
    for model in (AccountPost, AccountDay):
        assert not post_delete.has_listeners(model)
        assert not figures_cache.watched(model)


def test_every_watched_model_reaches_its_workspace():
    from django.apps import apps

    watched = [m for m in apps.get_models() if figures_cache.watched(m)]
    assert {m._meta.label for m in watched} >= {
        "strategy.Objective",
        "analytics.TrackedAccount",
        "analytics.FollowerCount",
        "analytics.Measurement",
        "publishing.Publication",
        "editorial.Post",
    }
    assert EVERY == 0
