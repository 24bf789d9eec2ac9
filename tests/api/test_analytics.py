"""Measurement in the API: the KPI catalogue, tracked accounts, KPI values, objectives.

Alice (owner) and Bob (editor) read everything; Charlie (outsider) gets 404, nobody
logged in 401. The figures come from rows built directly: Alice's account posts 6
originals and 4 reposts in October (repost ratio 0.4), from an X archive (no replies
counts: the conversation rate is missing, never 0).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
import time_machine
from click.testing import CliRunner
from django.test import Client
from django.utils import translation

from mostra.analytics import account_days
from mostra.analytics.cli_kpi import kpi_command
from mostra.analytics.kpis import CATALOGUE
from mostra.analytics.models import AccountPost, FollowerCount, PostKind, TrackedAccount
from mostra.strategy.models import Objective
from tests.api.conftest import Api, error_locs

WS = "/workspaces/fromagerie"
KPIS = f"{WS}/kpis"
ACCOUNTS = f"{WS}/tracked-accounts"
VALUES = f"{WS}/kpi-values"
PROGRESS = f"{WS}/objectives/progress"
ROUTES = [KPIS, ACCOUNTS, VALUES, PROGRESS]
OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}
#: Noon in Paris on 15 October 2026.
NOON = dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC)

_ids = itertools.count(1)


def tracked(workspace, handle: str, network: str = "x", **fields) -> TrackedAccount:
    return TrackedAccount.objects.create(
        workspace=workspace, network=network, handle=handle, **fields
    )


def posts(account, n: int, kind: str = PostKind.ORIGINAL, **counts) -> None:
    """``n`` posts from an X archive at noon on 15 October; absent counts stay None."""
    AccountPost.objects.bulk_create(
        AccountPost(
            account=account,
            network_id=f"api-{next(_ids)}",
            kind=kind,
            published_at=NOON,
            source="x-archive",
            **counts,
        )
        for _ in range(n)
    )
    account_days.refresh(account.pk)  # a bulk write keeps the daily sums itself


@pytest.fixture
def accounts(workspace):
    """Alice's own account: 4 reposts of 10 posts; a competitor's: 7 of 10."""
    ours = tracked(workspace, "fromagerie", display_name="Fromagerie du Lac")
    theirs = tracked(workspace, "laiterie", is_competitor=True)
    posts(ours, 6, likes=2, reposts=1)
    posts(ours, 4, kind=PostKind.REPOST)
    posts(theirs, 3, likes=1, reposts=0)
    posts(theirs, 7, kind=PostKind.REPOST)
    FollowerCount.objects.create(
        account=ours, date=dt.date(2026, 10, 2), followers=1000, source="csv"
    )
    return ours, theirs


# --- Who may read ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ROUTES)
def test_members_read_outsiders_get_404_anonymous_401(path, alice, bob, charlie, accounts):
    assert alice.get(path).status_code == 200
    assert bob.get(path).status_code == 200
    refused = charlie.get(path)
    assert refused.status_code == 404
    assert refused.json() == {"detail": "Not found."}
    anonymous = Api(Client()).get(path)
    assert anonymous.status_code == 401
    assert "Authentication required" in anonymous.json()["detail"]


@pytest.mark.parametrize("path", ROUTES)
def test_a_session_works_too_and_an_unknown_workspace_is_404(path, api_as, accounts):
    assert api_as("teammate", "session").get(path).status_code == 200
    assert api_as("owner").get(path.replace("fromagerie", "nowhere")).status_code == 404


def test_the_outsider_cannot_read_a_workspace_by_its_accounts(charlie, accounts):
    # Charlie's own workspace answers, and shows none of Alice's accounts.
    assert charlie.get("/workspaces/other-brand/tracked-accounts").json() == []
    assert charlie.get("/workspaces/other-brand/kpi-values", **OCTOBER).json() == []


# --- The catalogue ---------------------------------------------------------------------


def test_the_catalogue_lists_every_kpi_with_its_definition(bob, workspace):
    body = bob.get(KPIS).json()
    assert [k["code"] for k in body] == list(CATALOGUE)
    ratio = next(k for k in body if k["code"] == "repost_ratio")
    definition = CATALOGUE["repost_ratio"]
    assert ratio == {
        "code": "repost_ratio",
        "label": str(definition.label),
        "formula": str(definition.formula),
        "numerator": str(definition.numerator),
        "denominator": str(definition.denominator),
        "unit": "ratio",
        "direction": definition.direction,
        "group": definition.group_code,
        "group_label": str(definition.group),
        "source": {"title": str(definition.source.title), "url": ""},
    }
    followers = next(k for k in body if k["code"] == "follower_growth")
    assert followers["source"]["url"].startswith("https://")


def test_the_catalogue_speaks_the_callers_language(alice, workspace):
    response = alice.client.get("/api" + KPIS, headers={"Accept-Language": "fr"})
    assert response["Content-Language"] == "fr"
    ratio = next(k for k in response.json() if k["code"] == "repost_ratio")
    with translation.override("fr"):
        assert ratio["label"] == str(CATALOGUE["repost_ratio"].label)
        assert ratio["group_label"] == str(CATALOGUE["repost_ratio"].group)
    with translation.override("en"):
        english = str(CATALOGUE["repost_ratio"].label)
    assert ratio["label"] != english


# --- Tracked accounts ------------------------------------------------------------------


def test_tracked_accounts_own_first_with_their_posts_count(alice, accounts):
    ours, theirs = accounts
    assert alice.get(ACCOUNTS).json() == [
        {
            "id": ours.pk,
            "network": "x",
            "handle": "fromagerie",
            "display_name": "Fromagerie du Lac",
            "competitor": False,
            "posts": 10,
        },
        {
            "id": theirs.pk,
            "network": "x",
            "handle": "laiterie",
            "display_name": "",
            "competitor": True,
            "posts": 10,
        },
    ]


# --- KPI values ------------------------------------------------------------------------


def test_kpi_values_give_ratios_between_0_and_1_and_say_what_is_missing(bob, accounts):
    response = bob.get(VALUES, **OCTOBER)
    assert response.status_code == 200
    ours, theirs = response.json()
    assert (ours["handle"], ours["network"], ours["competitor"]) == ("fromagerie", "x", False)
    assert (theirs["handle"], theirs["competitor"]) == ("laiterie", True)
    assert ours["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert set(ours["kpis"]) == set(CATALOGUE)
    assert ours["kpis"]["repost_ratio"] == {
        "value": 0.4,
        "numerator": 4,
        "denominator": 10,
        "missing": "",
        "note": "",
    }
    assert theirs["kpis"]["repost_ratio"]["value"] == 0.7
    conversation = ours["kpis"]["conversation_rate"]
    assert conversation["value"] is None
    assert conversation["missing"].startswith(
        "No replies counts: X archives and Mastodon archives do not include them"
    )
    assert ours["kpis"]["followers"]["value"] == 1000


def test_kpi_values_are_what_mostra_kpi_json_writes(alice, accounts):
    api = alice.get(VALUES, **OCTOBER).json()
    runner = CliRunner(env={"MOSTRA_LANGUAGE": "en"})
    october = ["--from", "2026-10-01", "--to", "2026-10-31"]
    cli = runner.invoke(kpi_command, ["--workspace", "fromagerie", *october, "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert api == json.loads(cli.stdout)


def test_kpi_values_for_chosen_accounts_and_kpis(alice, accounts):
    query = "?from=2026-10-01&to=2026-10-31&account=LAITERIE&account=@fromagerie"
    query += "&kpi=repost_ratio&kpi=posts_per_week&kpi=repost_ratio"
    body = alice.client.get("/api" + VALUES + query).json()
    assert [row["handle"] for row in body] == ["laiterie", "fromagerie"]
    assert list(body[0]["kpis"]) == ["repost_ratio", "posts_per_week"]
    assert body[1]["kpis"]["repost_ratio"]["value"] == 0.4


def test_the_default_period_is_the_last_30_days_in_the_workspace_time_zone(alice, accounts):
    # 23:30 UTC on 30 October is already 31 October in Paris.
    with time_machine.travel(dt.datetime(2026, 10, 30, 23, 30, tzinfo=dt.UTC), tick=False):
        body = alice.get(VALUES, kpi="posts_per_week").json()
        ending = alice.get(VALUES, kpi="posts_per_week", to="2026-10-20").json()
    assert body[0]["period"] == {"from": "2026-10-02", "to": "2026-10-31"}
    assert body[0]["kpis"]["posts_per_week"]["numerator"] == 10
    assert ending[0]["period"] == {"from": "2026-09-21", "to": "2026-10-20"}


def test_a_workspace_without_tracked_accounts_answers_an_empty_list(alice, workspace):
    response = alice.get(VALUES)
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize(
    ("params", "loc", "message"),
    [
        (
            {"from": "01/10/2026"},
            "from",
            "From '01/10/2026' is not a date: write it as YYYY-MM-DD (e.g. 2026-10-31).",
        ),
        ({"to": "2026-13-01"}, "to", "To '2026-13-01' is not a date"),
        (
            {"from": "2026-11-01", "to": "2026-10-01"},
            "from",
            "The period ends before it starts: give the earlier date first.",
        ),
        (
            {"to": "9999-12-31"},
            "to",
            "9999-12-31 is out of range: give a date between 1970-01-01 and 2999-12-31.",
        ),
        ({"from": "0001-01-01"}, "from", "0001-01-01 is out of range"),
        ({"kpi": "retweets"}, "kpi", "Unknown KPI retweets. Known codes: "),
        (
            {"account": "nobody"},
            "account",
            "No tracked account has the handle 'nobody'. Known accounts: "
            "@fromagerie (x), @laiterie (x).",
        ),
    ],
)
def test_bad_input_is_a_422_naming_the_parameter(alice, accounts, params, loc, message):
    response = alice.get(VALUES, **params)
    assert response.status_code == 422
    assert error_locs(response) == [["query", loc]]
    (item,) = response.json()["detail"]
    assert message in item["msg"]
    assert item["type"] == "value_error"


def test_bad_input_is_explained_in_the_callers_language(alice, accounts):
    response = alice.client.get(
        "/api" + VALUES, {"kpi": "retweets"}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("KPI inconnu retweets. Codes connus")


def test_a_too_long_date_is_refused_before_any_parsing(alice, accounts):
    response = alice.get(VALUES, **{"from": "2026-10-01" * 10})
    assert response.status_code == 422
    assert error_locs(response) == [["query", "from"]]


def _accounts(workspace, first: int, last: int) -> None:
    """Accounts ``first`` to ``last - 1``, every other one a competitor, with posts."""
    for n in range(first, last):
        account = tracked(workspace, f"account{n}", is_competitor=n % 2 == 1)
        posts(account, 3, likes=1, reposts=0, replies=1)
        posts(account, 1, kind=PostKind.REPOST)


def test_kpi_values_read_as_many_queries_for_10_accounts_as_for_2(
    alice, workspace, django_assert_max_num_queries
):
    alice.get("/me")  # the token's "last used" is written once, not in what is measured

    def measured(count: int) -> int:
        with django_assert_max_num_queries(8) as queries:
            response = alice.get(VALUES, **OCTOBER)
        assert response.status_code == 200
        assert len(response.json()) == count
        assert response.json()[0]["kpis"]["repost_ratio"]["value"] == 0.25
        return len(queries)

    _accounts(workspace, 0, 2)
    two = measured(2)
    _accounts(workspace, 2, 10)
    assert measured(10) == two


# --- Objectives ------------------------------------------------------------------------

START = dt.date(2026, 6, 1)  # a Monday
TODAY = dt.date(2026, 9, 30)
DEADLINE = dt.date(2026, 12, 31)


def objective(workspace, key: str, **changes) -> Objective:
    values = {
        "title": "Se faire connaître",
        "axis": "awareness",
        "networks": ["x"],
        "kpi": "followers",
        "baseline_value": 1000,
        "baseline_date": START,
        "target_value": 1500,
        "start": START,
        "deadline": DEADLINE,
    }
    values.update(changes)
    return Objective.objects.create(workspace=workspace, key=key, **values)


def test_objectives_progress_with_forecast_and_missing_data(bob, workspace):
    own = tracked(workspace, "fromagerie")
    FollowerCount.objects.bulk_create(  # +3 a day from 1,000 on 1 June: an exact line
        FollowerCount(
            account=own, date=START + dt.timedelta(days=i), followers=1000 + 3 * i, source="csv"
        )
        for i in range((TODAY - START).days + 1)
    )
    objective(workspace, "o-followers")
    objective(
        workspace,
        "o-linkedin",
        title="Être présent sur LinkedIn",
        networks=["linkedin"],
        kpi="engagement_rate_impressions",
        baseline_value=None,
        target_value=3.5,
    )
    with time_machine.travel(dt.datetime(2026, 9, 30, 10, tzinfo=dt.UTC), tick=False):
        response = bob.get(PROGRESS)
    assert response.status_code == 200
    followers, linkedin = response.json()
    assert followers["key"] == "o-followers"
    assert followers["title"] == "Se faire connaître"
    assert followers["kpi"] == "followers"
    assert (followers["baseline"], followers["target"]) == (1000, 1500)
    assert followers["current"] == 1000 + 3 * 121
    assert followers["progress"] == pytest.approx(363 / 500)
    assert (followers["status"], followers["status_label"]) == ("on_track", "On track")
    forecast = followers["forecast"]
    assert forecast["at"] == "2026-12-31"
    assert forecast["value"] == pytest.approx(1639)
    assert forecast["low"] <= forecast["value"] <= forecast["high"]
    assert followers["missing"] == ""
    assert linkedin["key"] == "o-linkedin"
    assert linkedin["status"] == "missing_data"
    assert linkedin["current"] is None and linkedin["progress"] is None
    assert linkedin["forecast"] is None
    assert linkedin["missing"].startswith("No account of yours on LinkedIn is tracked yet")


def test_no_objective_answers_an_empty_list(alice, workspace):
    assert alice.get(PROGRESS).json() == []


# --- The API's description -------------------------------------------------------------


def test_the_openapi_description_documents_the_measurement_routes(client, db):
    schema = client.get("/api/openapi.json").json()
    for path in ROUTES:
        assert set(schema["paths"]["/api" + path.replace("fromagerie", "{slug}")]) == {"get"}
    values = schema["paths"]["/api/workspaces/{slug}/kpi-values"]["get"]
    assert {p["name"] for p in values["parameters"]} >= {"slug", "from", "to", "account", "kpi"}
    assert {"401", "404", "422"} <= set(values["responses"])
    period = schema["components"]["schemas"]["PeriodOut"]
    assert set(period["properties"]) == {"from", "to"}
    assert client.get("/api/docs").status_code == 200
