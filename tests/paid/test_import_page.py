"""Importing from the paid campaigns' page: Alice (owner) imports, a refused file says
why with nothing stored, Bob (editor) may not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from mostra.paid.models import Campaign, CampaignDay

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def post(client, name: str, **extra):
    with (DATA / name).open("rb") as file:
        return client.post(
            reverse("analytics:paid_import", args=["fromagerie"]),
            {"file": file, "network": "meta", **extra},
            follow=True,
        )


def test_the_page_imports_and_refuses_with_the_reason(owner_client, workspace):
    refused = post(owner_client, "meta_ads_fr.csv").content.decode()
    assert "No campaign of the workspace is named" in refused
    assert not CampaignDay.objects.exists()
    done = post(owner_client, "meta_ads_fr.csv", create_missing="1")
    assert "Meta Ads Manager export imported: 4 rows, 3 campaign days." in done.content.decode()
    assert CampaignDay.objects.count() == 3
    assert Campaign.objects.get(name="Salon du livre 2026").start == dt.date(2026, 3, 2)


def test_an_editor_may_not_import(teammate_client, workspace):
    assert post(teammate_client, "meta_ads_fr.csv", create_missing="1").status_code == 404
    assert not Campaign.objects.exists()
