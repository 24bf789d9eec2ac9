"""The comparison page: the reference case (40 % of reposts against 70 %), the period,
the missing values with their reason, the CSV, and who may see it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from mostra.analytics.models import AccountPost, TrackedAccount

pytestmark = pytest.mark.django_db


def url(workspace) -> str:
    return f"/w/{workspace.slug}/analytics/compare/"


def history(
    account, reposts: int, originals: int, *, days_ago: int = 5, likes: int | None = 4
) -> None:
    when = timezone.now() - dt.timedelta(days=days_ago)
    for i in range(reposts + originals):
        kind = "repost" if i < reposts else "original"
        AccountPost.objects.create(
            account=account,
            network_id=f"{account.handle}-{days_ago}-{i}",
            kind=kind,
            published_at=when,
            source="x-archive",
            likes=None if kind == "repost" else likes,
        )


@pytest.fixture
def reference_case(workspace):
    own = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    rival = TrackedAccount.objects.create(
        workspace=workspace, network="x", handle="fromagerie_rivale", is_competitor=True
    )
    history(own, reposts=4, originals=6)
    history(rival, reposts=7, originals=3)
    history(own, reposts=10, originals=0, days_ago=60)  # outside the last 30 days
    return own, rival


def row(html: str, code: str) -> list[str]:
    found = re.search(rf'<tr data-kpi="{code}">(.*?)</tr>', html, re.S)
    assert found, code
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    ]


def test_the_repost_ratios_side_by_side(owner_client, teammate_client, workspace, reference_case):
    for client in (owner_client, teammate_client):
        html = client.get(url(workspace)).content.decode()
        assert row(html, "repost_ratio") == ["40.0%", "70.0%"]
        assert row(html, "original_share") == ["60.0%", "30.0%"]
        assert "Ratios side by side" in html and "<svg" in html


def test_a_longer_period_changes_the_figures(owner_client, workspace, reference_case):
    html = owner_client.get(url(workspace), {"period": "90d"}).content.decode()
    assert row(html, "repost_ratio") == ["70.0%", "70.0%"]  # 14 of 20 for the atelier


def test_missing_values_say_why(owner_client, workspace, reference_case):
    html = owner_client.get(url(workspace)).content.decode()
    cells = row(html, "engagement_rate_reach")
    assert all(cell.startswith("—") for cell in cells)
    notes = re.findall(r'<li id="note-\d+">(.*?)</li>', html, re.S)
    line = re.search(r'<tr data-kpi="engagement_rate_reach">(.*?)</tr>', html, re.S).group(1)
    reasons = re.findall(r'title="([^"]+)"', line)
    assert len(reasons) == 2 and all(reason in notes for reason in reasons)
    assert all("counts" in reason or "reach" in reason for reason in reasons)


def test_choosing_accounts_and_kpis(owner_client, workspace, reference_case):
    own, _rival = reference_case
    html = owner_client.get(
        url(workspace), {"account": own.pk, "kpi": ["repost_ratio", "posts_per_week"]}
    ).content.decode()
    assert row(html, "repost_ratio") == ["40.0%"]
    assert 'data-kpi="reply_share"' not in html
    assert "fromagerie_rivale" not in html.split("<table")[1]


def test_a_wrong_custom_period_says_what_to_do(owner_client, workspace, reference_case):
    answer = owner_client.get(url(workspace), {"period": "custom", "from": "2026-13-01", "to": "x"})
    assert answer.status_code == 200
    assert "YYYY-MM-DD" in answer.content.decode()
    reversed_dates = owner_client.get(
        url(workspace), {"period": "custom", "from": "2026-10-31", "to": "2026-10-01"}
    )
    assert "YYYY-MM-DD" in reversed_dates.content.decode()


def test_custom_period(owner_client, workspace, reference_case):
    today = timezone.localdate()
    start = today - dt.timedelta(days=70)
    end = today - dt.timedelta(days=40)
    html = owner_client.get(
        url(workspace), {"period": "custom", "from": start, "to": end}
    ).content.decode()
    assert row(html, "repost_ratio")[0] == "100.0%"


def test_the_csv_download(owner_client, workspace, reference_case):
    answer = owner_client.get(url(workspace), {"format": "csv"})
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    ratio = {r["handle"]: r for r in rows if r["kpi"] == "repost_ratio"}
    assert ratio["atelier"]["value"] == "0.4" and ratio["atelier"]["numerator"] == "4"
    assert (
        ratio["atelier"]["denominator"] == "10"
        and ratio["fromagerie_rivale"]["competitor"] == "yes"
    )
    reach = [r for r in rows if r["kpi"] == "engagement_rate_reach"]
    assert all(r["value"] == "" and r["missing"] for r in reach)


def test_the_csv_download_neutralises_a_handle_that_is_a_formula(
    owner_client, teammate_client, workspace, reference_case
):
    TrackedAccount.objects.create(
        workspace=workspace, network="x", handle='=HYPERLINK("http://evil.example","Voir")'
    )
    for client in (owner_client, teammate_client):
        answer = client.get(url(workspace), {"format": "csv", "kpi": "repost_ratio"})
        rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert [r["handle"] for r in rows] == [
            '\'=HYPERLINK("http://evil.example","Voir")',
            "atelier",
            "fromagerie_rivale",
        ]


def test_french_figures(owner_client, workspace, reference_case):
    owner_client.cookies["mostra_language"] = "fr"
    html = owner_client.get(url(workspace), headers={"accept-language": "fr"}).content.decode()
    assert row(html, "repost_ratio") == ["40,0\xa0%", "70,0\xa0%"]


def test_outsiders_get_404(outsider_client, workspace, reference_case):
    assert outsider_client.get(url(workspace)).status_code == 404
    assert outsider_client.get(url(workspace), {"format": "csv"}).status_code == 404


def test_empty_state(owner_client, workspace):
    html = owner_client.get(url(workspace)).content.decode()
    assert "Nothing to compare yet" in html


def test_queries_do_not_grow_with_accounts(owner_client, workspace, django_assert_max_num_queries):
    def load(n: int, start: int) -> None:
        for i in range(start, start + n):
            account = TrackedAccount.objects.create(
                workspace=workspace, network="x", handle=f"acc{i}"
            )
            history(account, reposts=1, originals=1)

    load(2, 0)
    with django_assert_max_num_queries(20) as few:
        owner_client.get(url(workspace))
    load(18, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = owner_client.get(url(workspace)).content.decode()
    assert row(html, "repost_ratio") == ["50.0%"] * 20


def test_typed_dates_win_over_the_preset():
    from django.http import QueryDict

    from mostra.analytics.views.compare import period_from_query

    today = dt.date(2026, 11, 30)
    same = period_from_query(QueryDict("period=30d&from=2026-11-01&to=2026-11-30"), today)
    assert (same.preset, same.period.start) == ("30d", dt.date(2026, 11, 1))
    typed = period_from_query(QueryDict("period=30d&from=2026-10-01&to=2026-10-31"), today)
    assert (typed.preset, typed.period.start, typed.period.end) == (
        "custom",
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    month = period_from_query(QueryDict("period=last_month"), today)
    assert (month.period.start, month.period.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    ninety = period_from_query(QueryDict("period=90d"), today)
    assert ninety.period.days == 90 and not ninety.error
