"""``mostra kpi formats``: what works on their pages in a terminal and as JSON; bad
input exits 2 with what to do."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from click.testing import CliRunner

from mostra.analytics.cli_kpi import kpi_command
from mostra.analytics.models import AccountPost, TrackedAccount
from tests.core.pending_french import pending

pytestmark = pytest.mark.django_db

OCTOBER = ["--from", "2026-10-01", "--to", "2026-10-31"]
NOON = dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC)
_ids = itertools.count(1)


def formats(*args: str, language: str = "en"):
    runner = CliRunner(env={"MOSTRA_LANGUAGE": language})
    return runner.invoke(kpi_command, ["formats", "--workspace", "fromagerie", *args])


@pytest.fixture
def accounts(workspace):
    ours = TrackedAccount.objects.create(workspace=workspace, network="mastodon", handle="nous@a.b")
    theirs = TrackedAccount.objects.create(
        workspace=workspace, network="mastodon", handle="eux@a.b", is_competitor=True
    )
    for fmt, likes in [("image", 30)] * 5 + [("text", 10)] * 5:
        AccountPost.objects.create(
            account=theirs, network_id=f"n{next(_ids)}", kind="original", published_at=NOON,
            source="public-profile", format=fmt, likes=likes, replies=0, reposts=0,
            text=f"{fmt} post",
        )  # fmt: skip
    AccountPost.objects.create(
        account=ours, network_id="one", kind="original", published_at=NOON,
        source="mastodon-archive", format="text", likes=2, replies=None, reposts=1,
    )  # fmt: skip
    return ours, theirs


def test_a_reading_for_a_person(accounts):
    result = formats(*OCTOBER)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Period: 2026-10-01 to 2026-10-31" in out
    assert "@eux@a.b (mastodon) competitor" in out
    assert "image: 5 posts (50%), median engagement 30 ★" in out
    assert "The image posts of eux@a.b get 3.0× the median engagement of its text posts" in out
    assert "nous@a.b: not enough posts to conclude (0 posts with known engagement" in out


def test_json_for_scripts(accounts):
    result = formats(*OCTOBER, "--account", "@eux@a.b", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [a["handle"] for a in body["accounts"]] == ["eux@a.b"]
    assert body["accounts"][0]["formats"]["image"]["share"] == 0.5
    assert body["accounts"][0]["top"][0]["text"] == "image post"


def test_french(accounts):
    with pending("theirpages"):
        result = formats(*OCTOBER, language="fr")
    assert result.exit_code == 0, result.output
    assert "Période : du 2026-10-01 au 2026-10-31" in result.stdout
    assert "image : 5 posts (50\u202f%), engagement médian 30 ★" in result.stdout
    assert (
        "Les posts avec image de eux@a.b obtiennent 3,0× l'engagement médian de ses posts texte"
    ) in result.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2026-31-10"], "is not a date"),
        (["--from", "2026-10-31", "--to", "2026-10-01"], "swap --from and --to"),
        (["--account", "@personne"], "personne"),
    ],
)
def test_bad_input_says_what_to_do(accounts, args, says):
    result = formats(*args)
    assert result.exit_code == 2
    assert says in result.output
