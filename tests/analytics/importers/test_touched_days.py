"""An import recomputes the daily sums of the days it wrote posts on, and only those
(the earliest to the latest post written, counting the day an updated post leaves),
with the sums computed in the database: the rows equal a rebuild's, on SQLite and
PostgreSQL alike, and the days outside the span keep their rows."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.analytics import account_days
from mostra.analytics.importers.base import ParsedImport, ParsedPost
from mostra.analytics.models import AccountDay

store = importlib.import_module("mostra.analytics.importers.store")
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # Paris changes its clocks on the 29th


def post(number: int, days: int | None = None, **values) -> ParsedPost:
    values.setdefault("likes", number)
    values.setdefault("replies", 1)
    values.setdefault("reposts", 2)
    at = START + timedelta(days=number if days is None else days, hours=number % 7)
    return ParsedPost(str(number), "original" if number % 4 else "reply", at, **values)


def imported(workspace, posts):
    parsed = ParsedImport(network="x", handle="fromagerie", posts=posts)
    account = store.tracked_account(workspace, parsed, competitor=False, user=None)
    return account, store.store_posts(account, parsed, "x-archive")


def rows(account) -> list[dict]:
    return list(AccountDay.objects.filter(account=account).order_by("day").values())


def strip(found: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "id"} for row in found]


def rebuilt(account) -> list[dict]:
    account_days.refresh(account.pk)
    return strip(rows(account))


def test_an_import_again_recomputes_only_the_days_it_wrote_on(workspace):
    posts = [post(n) for n in range(60)]
    account, counts = imported(workspace, posts)
    assert counts["new"] == 60
    before = rows(account)
    assert len(before) == 60 and strip(before) == rebuilt(account)
    before = rows(account)
    changed = [*posts[:40], post(40, likes=1000), *posts[41:]]
    account, counts = imported(workspace, changed)
    assert (counts["updated"], counts["unchanged"]) == (1, 59)
    after = rows(account)
    assert strip(after) == rebuilt(account)
    day_40 = next(r for r in after if r["sum_likes"] >= 1000)
    untouched = [(a["id"], a["day"]) for a in after if a["day"] != day_40["day"]]
    assert untouched == [(b["id"], b["day"]) for b in before if b["day"] != day_40["day"]]


def test_a_post_moved_to_another_day_leaves_its_old_day(workspace):
    account, _ = imported(workspace, [post(n) for n in range(30)])
    moved = [post(n) for n in range(29)] + [post(29, days=2)]  # day 29 → day 2
    account, counts = imported(workspace, moved)
    assert counts["updated"] == 1
    assert strip(rows(account)) == rebuilt(account)
    assert len(rows(account)) == 29


def test_the_days_are_written_by_one_statement_whatever_their_number(workspace):
    account, _ = imported(workspace, [post(n) for n in range(5)])

    def statements(days: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert account_days.refresh(account.pk) == days
        return len(queries.captured_queries)

    few = statements(5)
    imported(workspace, [post(n) for n in range(200)])
    # The zone, (on SQLite the posts' span,) the delete and the insert, in a savepoint.
    assert statements(200) == few <= 6
