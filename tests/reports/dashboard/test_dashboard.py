"""The team dashboard: the figures a team reads, who sees them, bounded queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mostra.analytics import account_days
from mostra.analytics.kpis import Period
from mostra.analytics.models import AccountPost, FollowerCount, TrackedAccount
from mostra.editorial.models import ContentPillar, Post
from mostra.reports.dashboard import gather
from mostra.strategy.models import Objective, Strategy, Tactic

pytestmark = pytest.mark.django_db
OCTOBER = {"period": "custom", "from": "2026-10-01", "to": "2026-10-31"}


def url(workspace) -> str:
    return f"/w/{workspace.slug}/reports/dashboard/"


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, tzinfo=dt.UTC)


def measured(account, key: str, day: int, kind: str = "original", **counts) -> AccountPost:
    return AccountPost.objects.create(
        account=account,
        network_id=f"{account.handle}-{key}",
        kind=kind,
        published_at=at(day),
        source="x-archive",
        text=f"Publication {key}",
        url=f"https://example.org/{key}",
        **counts,
    )


@pytest.fixture
def accounts(workspace):
    x = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    masto = TrackedAccount.objects.create(
        workspace=workspace, network="mastodon", handle="atelier@piaille.fr"
    )
    rival = TrackedAccount.objects.create(
        workspace=workspace, network="x", handle="rival", is_competitor=True
    )
    for i, likes in enumerate([5, 9, 1, 7, 3, 12, 2], start=1):
        measured(
            x, f"o{i}", i * 3, likes=likes, replies=1, reposts=0, reach=100 if i == 1 else None
        )
    measured(x, "r1", 4, kind="repost")
    measured(x, "r2", 5, kind="repost")
    measured(x, "old", 1, likes=999).__class__.objects.filter(network_id="atelier-old").update(
        published_at=dt.datetime(2026, 9, 15, tzinfo=dt.UTC)
    )
    account_days.refresh(x.pk)  # a bulk update keeps the daily sums itself
    measured(masto, "m1", 10)  # no counts given by the source
    measured(rival, "z1", 10, likes=10_000)
    FollowerCount.objects.create(account=x, date=dt.date(2026, 10, 1), followers=1000, source="csv")
    FollowerCount.objects.create(
        account=x, date=dt.date(2026, 10, 30), followers=1250, source="csv"
    )
    FollowerCount.objects.create(
        account=x, date=dt.date(2026, 11, 20), followers=9999, source="csv"
    )
    return x, masto, rival


def figures(html: str, network: str) -> dict[str, str]:
    card = re.search(rf'data-network="{network}">(.*?)</article>', html, re.S).group(1)
    return {
        name: re.sub(r"<[^>]+>", "", value).strip()
        for name, value in re.findall(r'<dd data-figure="([\w-]+)">(.*?)</dd>', card, re.S)
    }


def test_figures_per_network(owner_client, workspace, accounts):
    html = owner_client.get(url(workspace), OCTOBER).content.decode()
    x = figures(html, "x")
    assert x["posts"] == "9" and x["reposts"] == "2"
    # engagement: likes 39 + 7 replies of the 7 originals; the repost's counts are not ours
    assert x["engagement"] == "46" and x["per-post"] == "6.6"
    assert x["reach"] == "100"
    assert x["followers"].startswith("1,250") and "(+250)" in x["followers"]
    masto = figures(html, "mastodon")
    assert masto["posts"] == "1" and masto["engagement"] == "—" and masto["followers"] == "—"
    assert "rival" not in html.split("By network")[1]  # competitors are on the comparison page


def test_top_and_flop(owner_client, workspace, accounts):
    html = owner_client.get(url(workspace), OCTOBER).content.decode()
    top, flop = html.split("Top 5")[1].split("Flop 5")
    scores = lambda part: re.findall(r'<span class="dash-score"[^>]*>(\d+)</span>', part)  # noqa: E731
    assert scores(top) == ["13", "10", "8", "6", "4"]
    assert scores(flop) == ["2", "3"]
    assert 'href="https://example.org/o6"' in top and "Publication o6" in top


def test_which_tactics_work(owner_client, workspace, accounts):
    x, _masto, _rival = accounts
    objective = Objective.objects.create(
        workspace=workspace,
        key="o",
        title="Se faire connaître",
        axis="awareness",
        networks=["x"],
        kpi="followers",
        baseline_value=1000,
        baseline_date=dt.date(2026, 9, 1),
        target_value=1500,
        start=dt.date(2026, 9, 1),
        deadline=dt.date(2027, 3, 31),
    )
    strategy = Strategy.objects.create(workspace=workspace, key="s", objective=objective)
    recipes = Tactic.objects.create(
        workspace=workspace, key="recipes", title="Recettes du dimanche", strategy=strategy
    )
    news = Tactic.objects.create(workspace=workspace, key="news", strategy=strategy)
    pillar = ContentPillar.objects.create(workspace=workspace, name="Savoir-faire")
    for key, tactic in (("o1", news), ("o2", recipes), ("o6", recipes), ("o3", news)):
        post = Post.objects.create(
            workspace=workspace, tactic=tactic, pillar=pillar if key == "o1" else None
        )
        AccountPost.objects.filter(network_id=f"atelier-{key}").update(post=post)

    html = owner_client.get(url(workspace), OCTOBER).content.decode()

    tactics = html.split('class="dash-tactics"')[1].split("</table>")[0]
    lines = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", tactics.split("<tbody>")[1], re.S)
    ]
    # recipes: (10 + 13) / 2 = 11.5; news (key, no title): (6 + 2) / 2 = 4.0, ERR of o1: 6/100
    assert lines == [["Recettes du dimanche", "2", "11.5", "—"], ["news", "2", "4.0", "6.0%"]]
    pillars = html.split('class="dash-pillars"')[1].split("</table>")[0]
    assert "Savoir-faire" in pillars and "6.0" in pillars
    objective_row = re.search(r'<tr data-objective="\d+">(.*?)</tr>', html, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", objective_row, re.S)
    ]
    assert cells[0] == "Se faire connaître" and cells[3] == "1,500"
    assert 'class="chart progress-bar"' in objective_row


def test_members_see_it_outsiders_do_not(
    owner_client, teammate_client, outsider_client, workspace, accounts
):
    assert owner_client.get(url(workspace)).status_code == 200
    assert teammate_client.get(url(workspace), OCTOBER).status_code == 200
    assert 'data-figure="posts">9<' in teammate_client.get(url(workspace), OCTOBER).content.decode()
    assert outsider_client.get(url(workspace)).status_code == 404


def test_empty_states_say_what_to_do(owner_client, workspace):
    html = owner_client.get(url(workspace)).content.decode()
    assert "Nothing measured yet" in html and "import" in html.lower()
    TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    html = owner_client.get(url(workspace)).content.decode()
    assert "No publication in this period" in html


def test_a_wrong_period_says_so(owner_client, workspace, accounts):
    html = owner_client.get(
        url(workspace), {"period": "custom", "from": "31/10/2026", "to": ""}
    ).content.decode()
    assert "YYYY-MM-DD" in html


def test_french_numbers(owner_client, workspace, accounts):
    owner_client.cookies["mostra_language"] = "fr"
    html = owner_client.get(
        url(workspace), OCTOBER, headers={"accept-language": "fr"}
    ).content.decode()
    x = figures(html, "x")
    assert x["per-post"] == "6,6"
    assert x["followers"].startswith("1\xa0250") or x["followers"].startswith("1\u202f250")


def test_gather_skips_nothing_and_counts_nothing_twice(workspace, accounts):
    board = gather(workspace, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
    assert board.posts == 10
    assert sum(week.posts for week in board.weekly) == 10
    # 1 October 2026 is a Thursday: the first week has its 4 days within the period
    assert (board.weekly[0].start, board.weekly[0].days) == (dt.date(2026, 10, 1), 4)
    assert board.weekly[-1].start == dt.date(2026, 10, 26) and board.weekly[-1].days == 6
    assert len(board.weekly) == 5
    assert board.weekly[0].rate == board.weekly[0].posts * 7 / 4


def test_long_periods_are_read_by_buckets(workspace, accounts):
    board = gather(workspace, Period(dt.date(2020, 1, 1), dt.date(2026, 12, 31)))
    assert len(board.weekly) <= 156
    assert sum(week.posts for week in board.weekly) == 11  # the September one too


def test_queries_do_not_grow_with_accounts(owner_client, workspace, django_assert_max_num_queries):
    def load(start: int, n: int) -> None:
        for i in range(start, start + n):
            account = TrackedAccount.objects.create(
                workspace=workspace, network="x", handle=f"acc{i}"
            )
            measured(account, "a", 2, likes=i)
            measured(account, "b", 9, kind="repost")
            FollowerCount.objects.create(
                account=account, date=dt.date(2026, 10, 2), followers=10, source="csv"
            )

    load(0, 2)
    with django_assert_max_num_queries(25) as few:
        owner_client.get(url(workspace), OCTOBER)
    load(2, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = owner_client.get(url(workspace), OCTOBER).content.decode()
    assert figures(html, "x")["posts"] == "40"
    assert figures(html, "x")["followers"] == "200"


def test_a_tactics_engagement_rate_is_the_catalogues(workspace):
    """The dashboard's "engagement rate (reach)" per tactic is the KPI of the catalogue:
    the same engagements (saves included), the same posts (likes, replies and reposts
    known, a reach given)."""
    from mostra.analytics.kpis import compute

    page = TrackedAccount.objects.create(workspace=workspace, network="instagram", handle="page")
    objective = Objective.objects.create(
        workspace=workspace, key="o-reach", title="Portée", axis="awareness", kpi="reach"
    )
    strategy = Strategy.objects.create(workspace=workspace, key="s", objective=objective)
    tactic = Tactic.objects.create(
        workspace=workspace, key="k-reels", title="Reels", strategy=strategy
    )
    post = Post.objects.create(workspace=workspace, tactic=tactic)
    counts = {"likes": 40, "replies": 5, "reposts": 3, "saves": 2, "reach": 1000}
    for key, extra in (("a", {}), ("b", {"reach": 500})):
        measured(page, key, 10, **{**counts, **extra}).__class__.objects.filter(
            network_id=f"page-{key}"
        ).update(post=post)
    measured(page, "c", 11, likes=40, reach=1000)  # replies unknown: not in the rate
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    row = next(t for t in gather(workspace, period).tactics if t.name == "Reels")
    kpi = compute([page], period, ["engagement_rate_reach"])[page.pk]["engagement_rate_reach"]
    assert row.mean_rate == pytest.approx(kpi.value) == pytest.approx((0.05 + 0.1) / 2)
