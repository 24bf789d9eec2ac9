"""``mostra kpi``: the reference case in a table, JSON and CSV; bad input exits 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from click.testing import CliRunner

from mostra.analytics.cli_kpi import kpi_command
from mostra.analytics.kpis import CATALOGUE
from mostra.analytics.models import PostKind
from tests.analytics.kpis.builders import followers, posts, tracked

OCTOBER = ["--from", "2026-10-01", "--to", "2026-10-31"]


def kpi(*args: str, language: str = "en"):
    runner = CliRunner(env={"MOSTRA_LANGUAGE": language})
    return runner.invoke(kpi_command, ["--workspace", "fromagerie", *args])


@pytest.fixture
def accounts(workspace):
    ours = tracked(workspace, "fromagerie")
    theirs = tracked(workspace, "laiterie", is_competitor=True)
    posts(ours, 6, source="x-archive", likes=2, reposts=1)
    posts(ours, 4, kind=PostKind.REPOST, source="x-archive")
    posts(theirs, 3, source="x-archive", likes=1, reposts=0)
    posts(theirs, 7, kind=PostKind.REPOST, source="x-archive")
    followers(ours, (dt.date(2026, 10, 2), 1000))
    return ours, theirs


def test_json_gives_ratios_between_0_and_1_with_numerator_and_denominator(accounts):
    result = kpi(*OCTOBER, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["handle"], r["network"], r["competitor"]) for r in rows] == [
        ("fromagerie", "x", False),
        ("laiterie", "x", True),
    ]
    ours, theirs = rows
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
    assert conversation["missing"].startswith("No replies counts")
    assert ours["kpis"]["followers"]["value"] == 1000


def test_table_one_column_per_account_missing_with_notes(accounts):
    result = kpi(*OCTOBER, "--account", "@fromagerie", "--account", "LAITERIE")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Period: 2026-10-01 to 2026-10-31 (Europe/Paris)" in out
    header = next(line for line in out.splitlines() if line.startswith("KPI"))
    assert "@fromagerie (X (Twitter))" in header and "@laiterie (X (Twitter)) competitor" in header
    ratio = next(line for line in out.splitlines() if "Repost ratio" in line)
    assert ratio.split()[-2:] == ["40.0%", "70.0%"]
    conversation = next(line for line in out.splitlines() if "Conversation rate  " in line)
    assert "— [" in conversation
    assert "Notes:" in out
    assert "No replies counts: X archives and Mastodon archives do not include them" in out


def test_table_in_french(accounts):
    result = kpi(*OCTOBER, "--kpi", "repost_ratio", language="fr")
    assert result.exit_code == 0, result.output
    assert "40,0\u00a0%" in result.stdout and "70,0\u00a0%" in result.stdout


def test_csv_one_row_per_account_and_kpi(accounts):
    result = kpi(*OCTOBER, "--format", "csv", "--kpi", "repost_ratio", "--kpi", "reach")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["handle"], r["kpi"]) for r in rows] == [
        ("fromagerie", "repost_ratio"),
        ("fromagerie", "reach"),
        ("laiterie", "repost_ratio"),
        ("laiterie", "reach"),
    ]
    assert rows[0]["value"] == "0.4" and rows[0]["numerator"] == "4"
    assert rows[0]["denominator"] == "10" and rows[0]["competitor"] == "no"
    assert rows[1]["value"] == "" and rows[1]["missing"].startswith("No reach")
    assert rows[2]["value"] == "0.7" and rows[2]["competitor"] == "yes"


def test_csv_neutralises_a_handle_that_is_a_formula_and_keeps_negative_numbers(workspace):
    hostile = tracked(workspace, '=HYPERLINK("http://evil.example","Voir")')
    followers(hostile, (dt.date(2026, 10, 2), 1000), (dt.date(2026, 10, 20), 950))
    result = kpi(*OCTOBER, "--format", "csv", "--kpi", "follower_growth")
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["handle"] == '\'=HYPERLINK("http://evil.example","Voir")'
    assert (row["value"], row["numerator"], row["denominator"]) == ("-0.05", "-50", "1000")
    assert ",-0.05,-50,1000," in result.stdout  # numbers, not quoted text


def test_the_default_period_is_the_last_30_days(accounts):
    with time_machine.travel(dt.datetime(2026, 10, 30, 12, tzinfo=dt.UTC), tick=False):
        result = kpi("--format", "json", "--kpi", "posts_per_week")
    rows = json.loads(result.stdout)
    assert rows[0]["period"] == {"from": "2026-10-01", "to": "2026-10-30"}
    assert rows[0]["kpis"]["posts_per_week"]["numerator"] == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "nobody"], "no tracked account has the handle 'nobody'. Known accounts: "),
        (["--from", "01/10/2026"], "--from '01/10/2026' is not a date"),
        (["--from", "2026-11-01", "--to", "2026-10-01"], "swap --from and --to"),
        (["--kpi", "retweets"], "unknown KPI retweets"),
    ],
)
def test_bad_input_exits_2_with_a_message(accounts, args, message):
    result = kpi(*args)
    assert result.exit_code == 2
    assert message in result.output
    if "Known accounts" in message:
        assert "@fromagerie (x), @laiterie (x)" in result.output


def test_unknown_workspace_exits_2(accounts):
    result = CliRunner().invoke(kpi_command, ["--workspace", "nope"])
    assert result.exit_code == 2
    assert "fromagerie" in result.output


def test_no_tracked_account_says_what_to_do(workspace):
    result = kpi("--format", "json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert "import an archive" in result.stderr


def test_a_partial_value_carries_its_note(workspace):
    account = tracked(workspace, "fromagerie")
    posts(account, 3, source="x-archive", likes=2, reposts=1)
    posts(account, 1, source="publishing", likes=2, reposts=1, replies=5)
    result = kpi(*OCTOBER, "--kpi", "conversation_rate")
    line = next(line for line in result.stdout.splitlines() if "Conversation rate" in line)
    assert line.split()[-2:] == ["5.00", "[1]"]
    assert "[1] Computed over 1 of 4 own posts: the others have no replies count." in (
        result.stdout
    )
    rows = json.loads(kpi(*OCTOBER, "--kpi", "conversation_rate", "--format", "json").stdout)
    assert rows[0]["kpis"]["conversation_rate"]["note"].startswith("Computed over 1 of 4")
