"""Paid writes move the workspace's data version, so that the cached figures (the
dashboard's paid and organic block, the objectives' paid KPIs) are computed again.

These tests commit (``transactional_db``), as tests/core/test_figures_cache.py does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache

from mostra.analytics.paid_imports.service import import_ads
from mostra.core.figures_cache import versions
from mostra.core.models import Membership
from mostra.paid.services.campaigns import CampaignInput, create_campaign
from mostra.paid.services.days import DayFigures, record_figures

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _moved(workspace, before: tuple[int, int]) -> bool:
    return versions(workspace.pk)[1] > before[1]


def test_campaigns_days_and_imports_move_the_version(workspace, owner):
    member = Membership.objects.get(workspace=workspace, user=owner)
    before = versions(workspace.pk)
    campaign = create_campaign(
        member,
        CampaignInput(
            name="Salon du livre 2026", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        ),
    )
    assert _moved(workspace, before)
    before = versions(workspace.pk)
    record_figures(member, campaign, DayFigures(dt.date(2026, 3, 1), Decimal(5)))
    assert _moved(workspace, before)
    before = versions(workspace.pk)
    import_ads(member, DATA / "meta_ads_fr.csv", "meta", create_missing=True)
    assert _moved(workspace, before)
