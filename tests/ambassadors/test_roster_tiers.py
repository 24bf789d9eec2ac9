"""Tiers: nano 1k–10k, micro 10k–50k, mid 50k–500k, macro 500k–1M, mega 1M+ by
default, below 1k no tier; a workspace's thresholds per network (and for every other
network) set on the tiers page, refused unless increasing; read once per page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.ambassadors.models import Member, MemberAccount, TierThresholds
from mostra.ambassadors.services.tiers import DEFAULT, Thresholds, Tier, thresholds_of, tier_of
from mostra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("followers", "tier"),
    [
        (None, None),
        (0, None),
        (999, None),
        (1_000, Tier.NANO),
        (9_999, Tier.NANO),
        (10_000, Tier.MICRO),
        (49_999, Tier.MICRO),
        (50_000, Tier.MID),
        (499_999, Tier.MID),
        (500_000, Tier.MACRO),
        (999_999, Tier.MACRO),
        (1_000_000, Tier.MEGA),
        (80_000_000, Tier.MEGA),
    ],
)
def test_default_tiers(followers, tier):
    assert tier_of(followers, "instagram", {"": DEFAULT}) == tier
    assert tier_of(followers, "instagram") == tier


def test_a_network_s_own_thresholds_win_over_the_general_ones():
    thresholds = {
        "": Thresholds(500, 5_000, 20_000, 200_000, 800_000),
        "linkedin": Thresholds(200, 2_000, 10_000, 50_000, 100_000),
    }
    assert tier_of(600, "bluesky", thresholds) == Tier.NANO
    assert tier_of(60_000, "linkedin", thresholds) == Tier.MACRO
    assert tier_of(60_000, "bluesky", thresholds) == Tier.MID
    assert tier_of(150, "linkedin", thresholds) is None


def url(name: str) -> str:
    return reverse(f"ambassadors:{name}", args=["fromagerie"])


def form(network: str = "", **over) -> dict:
    data = {"network": network, "nano": "200", "micro": "2000", "mid": "10000"}
    data.update({"macro": "50000", "mega": "100000"})
    data.update(over)
    return data


def test_owner_sets_a_network_s_thresholds_and_the_roster_follows(owner_client, workspace):
    member = Member.objects.create(workspace=workspace, name="Léa", kind="influencer")
    MemberAccount.objects.create(
        workspace=workspace, member=member, network="linkedin", handle="lea", followers=60_000
    )
    before = owner_client.get(reverse("ambassadors:roster", args=["fromagerie"])).content.decode()
    assert '<span class="badge ok">Mid-tier</span>' in before
    saved = owner_client.post(url("tiers"), form("linkedin"))
    assert saved.status_code == 302
    assert thresholds_of(workspace)["linkedin"] == Thresholds(200, 2_000, 10_000, 50_000, 100_000)
    assert AuditEvent.objects.filter(object_type="tierthresholds", action="create").exists()
    after = owner_client.get(reverse("ambassadors:roster", args=["fromagerie"])).content.decode()
    assert '<span class="badge ok">Macro</span>' in after
    page = owner_client.get(url("tiers")).content.decode()
    assert "LinkedIn" in page and "50,000 – 100,000" in page and "1,000 – 10,000" in page
    reset = owner_client.post(url("tiers_reset"), {"network": "linkedin"})
    assert reset.status_code == 302 and not TierThresholds.objects.exists()


def test_thresholds_must_increase(owner_client, workspace):
    refused = owner_client.post(url("tiers"), form(micro="150"))
    assert refused.status_code == 400
    assert "The Micro tier must start above the Nano tier (200): type a larger number." in (
        refused.content.decode()
    )
    zero = owner_client.post(url("tiers"), form(nano="0"))
    assert zero.status_code == 400
    assert not TierThresholds.objects.exists()


def test_teammate_reads_the_tiers_but_does_not_change_them(
    teammate_client, outsider_client, workspace
):
    page = teammate_client.get(url("tiers"))
    assert page.status_code == 200 and 'id="tiers-form"' not in page.content.decode()
    assert teammate_client.post(url("tiers"), form()).status_code == 404
    assert teammate_client.post(url("tiers_reset"), {"network": ""}).status_code == 404
    assert outsider_client.get(url("tiers")).status_code == 404
    assert not TierThresholds.objects.exists()


def test_thresholds_are_read_once(workspace, django_assert_num_queries):
    TierThresholds.objects.create(workspace=workspace, network="x")
    TierThresholds.objects.create(workspace=workspace, network="")
    with django_assert_num_queries(1):
        found = thresholds_of(workspace)
    assert set(found) == {"", "x"}
