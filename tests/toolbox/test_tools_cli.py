"""``mostra tools list``: the toolbox in a table or JSON, the totals per currency."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mostra.cli import mostra
from mostra.toolbox.services import tools

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(mostra, list(args), catch_exceptions=False)


@pytest.fixture
def toolbox(owner_membership, owner):
    tools.add_tool(
        owner_membership, {"known_as": "bitly", "monthly_cost": "29", "owner_id": owner.pk}
    )
    tools.add_tool(
        owner_membership, {"name": "Canva", "category": "content", "monthly_cost": "11.5"}
    )
    tools.add_tool(
        owner_membership,
        {"name": "Brandwatch", "category": "monitoring", "monthly_cost": "800", "currency": "USD"},
    )


def test_the_table_and_its_totals(toolbox):
    result = run("tools", "list", "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert "Bitly" in result.output and "alice@example.org" in result.output
    assert "Total per month: 40.50 EUR" in result.output
    assert "Total per month: 800.00 USD" in result.output


def test_json(toolbox):
    result = run("tools", "list", "--workspace", "fromagerie", "--format", "json")
    body = json.loads(result.output)
    bitly = next(t for t in body["tools"] if t["name"] == "Bitly")
    assert bitly["covered_by"] == "tracked links"
    assert bitly["monthly_cost"] == "29.00"
    assert body["monthly_totals"] == {"EUR": "40.50", "USD": "800.00"}


def test_an_unknown_workspace_is_refused(db):
    result = CliRunner().invoke(mostra, ["tools", "list", "--workspace", "nowhere"])
    assert result.exit_code != 0
    assert "nowhere" in result.output
