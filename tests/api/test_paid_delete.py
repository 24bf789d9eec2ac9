"""DELETE a paid campaign through the API: Alice (owner) deletes it with its days,
audited; Bob (editor) and Charlie (outsider) get 404 and nothing goes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mostra.core.models import AuditEvent
from mostra.paid.models import Campaign, CampaignDay

pytestmark = pytest.mark.django_db
BASE = "/workspaces/fromagerie/campaigns"
BODY = {"name": "Recruiting engineers", "start": "2026-03-01", "end": "2026-03-31"}


def test_owner_deletes_a_campaign_and_its_days(alice, bob, charlie, workspace):
    campaign_id = alice.post(BASE, BODY).json()["id"]
    CampaignDay.objects.create(
        campaign_id=campaign_id, day=dt.date(2026, 3, 2), spend=Decimal("12.50")
    )
    for other in (bob, charlie):
        assert other.delete(f"{BASE}/{campaign_id}").status_code == 404
    assert Campaign.objects.filter(pk=campaign_id).exists()
    gone = alice.delete(f"{BASE}/{campaign_id}")
    assert gone.status_code == 204
    assert not Campaign.objects.exists() and not CampaignDay.objects.exists()
    event = AuditEvent.objects.get(object_type="campaign", action="delete")
    assert event.changes["days"] == [1, 0] and event.changes["spend"] == ["12.50", None]
    assert alice.delete(f"{BASE}/{campaign_id}").status_code == 404
