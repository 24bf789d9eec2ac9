"""The paid campaigns' pages: Alice (owner) creates a campaign, enters a period's
figures and sees its pacing and its promoted posts' disclosure; Bob (editor) reads but
may not change; Charlie (outsider) sees nothing. Query counts stay flat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostVariant
from mostra.paid.models import Campaign, CampaignDay

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"paid:{name}", args=["fromagerie", *args])


def post(workspace, owner, text: str) -> Post:
    p = Post.objects.create(workspace=workspace, author=owner, main_text=text)
    PostVariant.objects.create(post=p, network="instagram", text=text, overridden=False)
    return p


def form(**over) -> dict:
    data = {
        "name": "Salon du livre",
        "kind": "event",
        "budget": "310",
        "start": "2026-03-01",
        "end": "2026-03-31",
        "networks": ["instagram"],
        "audience": "Lecteurs, 25–45 ans, Annecy",
        "utm_campaign": "salon-2026",
        "pacing_threshold": "20",
    }
    data.update(over)
    return data


def test_owner_creates_a_campaign_and_sees_disclosure_and_pacing(
    owner_client, workspace, owner, monkeypatch
):
    disclosed = post(workspace, owner, "Publicité · Venez au salon du livre")
    bare = post(workspace, owner, "Venez au salon du livre")
    response = owner_client.post(url("campaign_new"), form(promoted_posts=[disclosed.pk, bare.pk]))
    campaign = Campaign.objects.get(workspace=workspace)
    assert response.status_code == 302 and response["Location"] == url("campaign", campaign.pk)
    assert (campaign.kind, campaign.budget, campaign.currency) == ("event", 310, "EUR")
    assert AuditEvent.objects.filter(object_type="campaign", action="create").exists()

    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 3, 10))
    entered = owner_client.post(
        url("campaign_day", campaign.pk),
        {"day": "2026-03-01", "end": "2026-03-10", "spend": "150", "clicks": "100"},
    )
    assert entered.status_code == 302
    days = CampaignDay.objects.filter(campaign=campaign)
    assert days.count() == 10 and all(d.spend == Decimal(15) for d in days)
    assert all(d.impressions is None for d in days)  # left empty: unknown

    page = owner_client.get(url("campaign", campaign.pk)).content.decode()
    assert 'data-pacing="over"' in page and "over plan by 50 %" in page
    assert page.count('data-disclosure="ok"') == 1
    assert page.count('data-disclosure="missing"') == 1 and "Publicité" in page

    listing = owner_client.get(url("campaigns")).content.decode()
    assert "Salon du livre" in listing and 'data-pacing="over"' in listing


def test_bad_input_is_refused_with_a_message_and_nothing_written(owner_client, workspace):
    response = owner_client.post(url("campaign_new"), form(end="2026-02-01"))
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert not Campaign.objects.exists()
    Campaign.objects.create(
        workspace=workspace, name="Taken", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 2)
    )
    response = owner_client.post(url("campaign_new"), form(name="taken"))
    assert response.status_code == 400 and "already named" in response.content.decode()


def test_editor_reads_but_may_not_change_and_outsider_sees_nothing(
    teammate_client, outsider_client, workspace
):
    campaign = Campaign.objects.create(
        workspace=workspace, name="Always on", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 2)
    )
    assert teammate_client.get(url("campaigns")).status_code == 200
    assert teammate_client.get(url("campaign", campaign.pk)).status_code == 200
    assert "New campaign" not in teammate_client.get(url("campaigns")).content.decode()
    assert teammate_client.post(url("campaign_new"), form()).status_code == 404
    day = {"day": "2026-03-01", "spend": "5"}
    assert teammate_client.post(url("campaign_day", campaign.pk), day).status_code == 404
    assert outsider_client.get(url("campaigns")).status_code == 404
    assert outsider_client.get(url("campaign", campaign.pk)).status_code == 404
    assert not CampaignDay.objects.exists()


def test_the_list_takes_the_same_queries_for_one_campaign_or_twenty(
    owner_client, workspace, django_assert_max_num_queries
):
    def make(i: int) -> None:
        c = Campaign.objects.create(
            workspace=workspace, name=f"C{i}", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 9)
        )
        c.days.create(day=dt.date(2026, 3, 1), spend=Decimal(3))

    make(0)
    with django_assert_max_num_queries(20) as one:
        owner_client.get(url("campaigns"))
    for i in range(1, 20):
        make(i)
    with django_assert_max_num_queries(len(one.captured_queries)):
        owner_client.get(url("campaigns"))
