"""The paid campaigns' API: Alice (owner) creates, changes and imports; Bob (editor)
reads only; Charlie (outsider) gets 404. Refusals answer 422 saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from mostra.paid.models import Campaign, CampaignDay

pytestmark = pytest.mark.django_db
BASE = "/workspaces/fromagerie/campaigns"
DATA = Path(__file__).resolve().parent.parent / "paid" / "data"
BODY = {
    "name": "Recruiting engineers",
    "kind": "always_on",
    "start": "2026-03-01",
    "end": "2026-03-31",
    "budget": "3100.00",
    "networks": ["linkedin"],
    "utm_campaign": "recruiting",
}


def send(api, name: str, network: str, **extra):
    with (DATA / name).open("rb") as file:
        return api.client.post(
            "/api" + BASE + "/import", {"file": file, "network": network, **extra}
        )


def test_owner_creates_changes_imports_and_lists(alice, workspace):
    created = alice.post(BASE, BODY)
    assert created.status_code == 201, created.content
    campaign_id = created.json()["id"]
    assert created.json()["currency"] == "EUR" and created.json()["budget"] == "3100.00"
    changed = alice.put(f"{BASE}/{campaign_id}", {**BODY, "pacing_threshold": 30})
    assert changed.status_code == 200 and changed.json()["pacing_threshold"] == 30

    imported = send(alice, "linkedin_en.csv", "linkedin")
    assert imported.status_code == 200, imported.content
    assert imported.json()["days"] == 3 and imported.json()["campaigns"] == [BODY["name"]]
    (row,) = alice.get(BASE).json()
    assert row["name"] == BODY["name"] and row["pacing"]["spent"] is not None


def test_refusals_say_what_to_do(alice, workspace):
    other = alice.post(BASE, {**BODY, "currency": "USD"})
    assert other.status_code == 422
    assert "keeps its amounts in EUR" in other.json()["detail"][0]["msg"]
    missing = send(alice, "linkedin_en.csv", "linkedin")
    assert missing.status_code == 422
    assert "Recruiting engineers" in missing.json()["detail"][0]["msg"]
    assert not Campaign.objects.exists() and not CampaignDay.objects.exists()


def test_editor_reads_outsider_sees_nothing(alice, bob, charlie, workspace):
    alice.post(BASE, BODY)
    assert bob.get(BASE).status_code == 200
    assert bob.post(BASE, {**BODY, "name": "Bob's"}).status_code == 404
    assert send(bob, "linkedin_en.csv", "linkedin").status_code == 404
    assert charlie.get(BASE).status_code == 404
    assert Campaign.objects.count() == 1 and not CampaignDay.objects.exists()
