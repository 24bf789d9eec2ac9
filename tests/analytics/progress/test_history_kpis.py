"""The strategy page computes the history of its objectives' KPIs only: the same points
for those KPIs (and the followers, always) as the whole history, none for the others,
and the same letters on the board."""

from __future__ import annotations

import datetime as dt

from mostra.analytics.progress.history import workspace_history
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.checks.smart import smart_summary
from tests.analytics.progress.builders import account, followers, post, save_posts
from tests.strategy.builders import TODAY, coherent


def _data(workspace) -> None:
    """Four months of daily posts on X and a follower count a month on X and Instagram."""
    x = account(workspace, network="x")
    ig = account(workspace, network="instagram", handle="ig")
    rows, day = [], dt.date(2026, 6, 10)
    while day <= dt.date(2026, 9, 30):
        rows.append(
            post(x, dt.datetime.combine(day, dt.time(12)), likes=day.day, replies=1, reach=100)
        )
        day += dt.timedelta(days=1)
    save_posts(rows)
    for acc, base in ((x, 500), (ig, 1000)):
        followers(acc, {dt.date(2026, m, 15): base + 10 * m for m in range(1, 11)})


def test_the_history_of_some_kpis_is_the_whole_history_s_part(workspace):
    _data(workspace)
    whole = workspace_history(workspace, TODAY)
    computed = sorted({kpi for _network, kpi in whole} - {"followers"})
    assert "reach" in computed and len(computed) > 3
    chosen = {"reach", computed[0]}
    some = workspace_history(workspace, TODAY, chosen)
    assert {kpi for _network, kpi in some} == {"followers", *chosen}
    assert some == {key: points for key, points in whole.items() if key in some}
    assert some[("x", "reach")] and some[("instagram", "followers")]
    assert workspace_history(workspace, TODAY, set()) == {
        key: points for key, points in whole.items() if key[1] == "followers"
    }


def test_the_objectives_kpis_give_the_same_letters_as_the_whole_history(workspace):
    _data(workspace)
    doc = coherent()
    kpis = {o.kpi for o in doc.objectives if o.kpi}
    assert kpis
    whole = smart_summary(doc, context_for_workspace(workspace, TODAY))
    some = smart_summary(doc, context_for_workspace(workspace, TODAY, kpis=kpis))
    assert {key: result.letters for key, result in some.items()} == {
        key: result.letters for key, result in whole.items()
    }
