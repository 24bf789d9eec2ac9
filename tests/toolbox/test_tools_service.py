"""The toolbox's service: what it keeps, what it refuses (saying what to do, writing
nothing), who may change it, and the monthly totals per category and currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role
from mostra.toolbox.models import Tool
from mostra.toolbox.services import tools
from mostra.toolbox.services.totals import monthly_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(workspace, teammate_membership) -> Membership:
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    return teammate_membership


def test_a_well_known_tool_fills_its_name_and_category(owner_membership):
    tool = tools.add_tool(owner_membership, {"known_as": "buffer", "monthly_cost": "15,50"})
    assert (tool.name, tool.category, tool.monthly_cost) == (
        "Buffer",
        "distribution",
        Decimal("15.50"),
    )
    assert tool.warn_days == 30
    event = AuditEvent.objects.get(action="create", object_type="tool")
    assert event.workspace_id == owner_membership.workspace_id


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": ""}, "name", "Give the tool's name"),
        ({"name": "X", "currency": "euro"}, "currency", "three letters"),
        ({"name": "X", "monthly_cost": "cheap"}, "monthly_cost", "as a number"),
        ({"name": "X", "monthly_cost": "-3"}, "monthly_cost", "from 0"),
        ({"name": "X", "renews_on": "31/03/2027"}, "renews_on", "YYYY-MM-DD"),
        ({"name": "X", "category": "ads"}, "category", "monitoring, content"),
        ({"name": "X", "known_as": "nope"}, "known_as", "choose one of"),
        ({"name": "X", "warn_days": "0"}, "warn_days", "1 to 365"),
    ],
)
def test_refusals_say_what_to_do_and_write_nothing(owner_membership, values, field, words):
    with pytest.raises(DomainError) as refused:
        tools.add_tool(owner_membership, values)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not Tool.objects.exists()
    assert not AuditEvent.objects.filter(object_type="tool").exists()


def test_the_owner_must_be_a_member_of_the_workspace(owner_membership, outsider):
    with pytest.raises(DomainError, match="member of this workspace"):
        tools.add_tool(owner_membership, {"name": "Canva", "owner_id": outsider.pk})
    assert not Tool.objects.exists()


def test_editors_cannot_change_the_toolbox_managers_can(teammate_membership, manager):
    teammate = Membership.objects.get(pk=teammate_membership.pk)
    teammate.role = Role.EDITOR
    with pytest.raises(DomainError, match="Only owners and managers"):
        tools.add_tool(teammate, {"name": "Canva"})
    assert tools.add_tool(manager, {"name": "Canva"}).name == "Canva"


def test_a_new_renewal_date_warns_its_owner_again(owner_membership, owner):
    tool = tools.add_tool(
        owner_membership, {"name": "Canva", "owner_id": owner.pk, "renews_on": "2027-01-10"}
    )
    Tool.objects.filter(pk=tool.pk).update(warned_for=dt.date(2027, 1, 10))
    values = {f: getattr(tool, f) for f in tools.FIELDS} | {"renews_on": "2028-01-10"}
    changed = tools.update_tool(owner_membership, tool.pk, values)
    assert changed.warned_for is None
    event = AuditEvent.objects.get(action="update", object_type="tool")
    assert event.changes["renews_on"] == ["2027-01-10", "2028-01-10"]


def test_another_workspace_tool_is_not_found(owner_membership, outsider):
    other = Membership.objects.get(user=outsider, workspace__slug="other-brand")
    theirs = tools.add_tool(other, {"name": "Hootsuite"})
    with pytest.raises(tools.ToolNotFound):
        tools.delete_tool(owner_membership, theirs.pk)
    assert Tool.objects.filter(pk=theirs.pk).exists()


def test_totals_are_per_category_and_never_mix_currencies(owner_membership):
    for values in (
        {"name": "Canva", "category": "content", "monthly_cost": "12.99"},
        {"name": "CapCut", "category": "content", "monthly_cost": "7.01"},
        {"name": "Brandwatch", "category": "monitoring", "monthly_cost": "800", "currency": "USD"},
        {"name": "Mention", "category": "monitoring", "monthly_cost": "49"},
        {"name": "Something", "category": "monitoring"},
    ):
        tools.add_tool(owner_membership, values)
    totals = monthly_totals(owner_membership.workspace)
    lines = {line.category: line for line in totals.categories}
    assert lines["content"].by_currency == {"EUR": Decimal("20.00")}
    assert lines["monitoring"].by_currency == {"EUR": Decimal("49"), "USD": Decimal("800")}
    assert lines["monitoring"].unknown == 1
    assert lines["distribution"].tools == 0
    assert totals.by_currency == {"EUR": Decimal("69.00"), "USD": Decimal("800")}
