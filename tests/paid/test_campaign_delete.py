"""Deleting a paid campaign: a confirm page saying what goes (its days and their
spend), then the campaign and its days gone, audited; owners and managers only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from mostra.core.models import AuditEvent, Role
from mostra.editorial.models import Post
from mostra.paid.models import Campaign, CampaignDay
from mostra.paid.services.campaigns import CampaignInput, create_campaign

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"paid:{name}", args=["fromagerie", *args])


@pytest.fixture
def campaign(owner_membership, workspace, owner) -> Campaign:
    promoted = Post.objects.create(workspace=workspace, author=owner, main_text="Salon")
    made = create_campaign(
        owner_membership,
        CampaignInput(
            name="Salon du livre",
            start=dt.date(2026, 3, 1),
            end=dt.date(2026, 3, 31),
            budget=Decimal("310"),
            post_ids=[promoted.pk],
        ),
    )
    for day, spend in ((1, "10.50"), (2, "12.00"), (3, "9.50")):
        CampaignDay.objects.create(
            campaign=made, day=dt.date(2026, 3, day), spend=Decimal(spend), clicks=10
        )
    return made


def test_the_owner_confirms_then_the_campaign_and_its_days_are_gone(
    campaign, owner_client, django_assert_max_num_queries
):
    page = owner_client.get(url("campaign", campaign.pk)).content.decode()
    assert url("campaign_delete", campaign.pk) in page and "Delete the campaign…" in page
    with django_assert_max_num_queries(12):
        confirm = owner_client.get(url("campaign_delete", campaign.pk))
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert 'data-days="3"' in html and "Its 3 days of figures go with it (32.00 EUR spent)" in html
    assert "csrfmiddlewaretoken" in html
    assert Campaign.objects.filter(pk=campaign.pk).exists()  # a GET deletes nothing

    done = owner_client.post(url("campaign_delete", campaign.pk), follow=True)
    assert done.redirect_chain[-1][0] == url("campaigns")
    assert "Campaign “Salon du livre” deleted with its 3 days of figures." in done.content.decode()
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert not CampaignDay.objects.exists()
    assert Post.objects.filter(main_text="Salon").exists()  # promoted posts stay
    event = AuditEvent.objects.get(object_type="campaign", action="delete")
    assert event.changes["days"] == [3, 0] and event.changes["spend"] == ["32.00", None]


def test_an_editor_and_an_outsider_cannot_delete(
    campaign, teammate_membership, teammate_client, outsider_client
):
    assert teammate_membership.role == Role.EDITOR  # paid campaigns: owners and managers
    for client in (teammate_client, outsider_client):
        assert client.get(url("campaign_delete", campaign.pk)).status_code == 404
        assert client.post(url("campaign_delete", campaign.pk)).status_code == 404
    assert (
        "Delete the campaign…"
        not in teammate_client.get(url("campaign", campaign.pk)).content.decode()
    )
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    assert teammate_client.post(url("campaign_delete", campaign.pk)).status_code == 302
    assert not Campaign.objects.exists() and not CampaignDay.objects.exists()


def test_an_unknown_campaign_is_404(owner_client, workspace):
    assert owner_client.post(url("campaign_delete", 999)).status_code == 404
