"""A member's data on request (GDPR): the owner downloads everything the programme keeps
about them as JSON (member, accounts, collaborations, shares, tracked posts), then
erases them after a confirmation page; the audit log keeps the erasure without their
name or contact."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from mostra.ambassadors.models import (
    Collaboration,
    InfluenceCampaign,
    Member,
    MemberAccount,
    Share,
    TrackedPost,
)
from mostra.core.models import AuditEvent
from mostra.links.models import TrackedLink
from mostra.links.services.links import new_code

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"ambassadors:{name}", args=["fromagerie", *args])


@pytest.fixture
def lea(workspace, owner_client):
    owner_client.post(
        url("member_new"),
        {
            "name": "Léa Martin",
            "kind": "influencer",
            "compensation": "paid",
            "email": "lea@example.org",
            "consent_on": "2026-03-02",
            "consent_note": "Contrat signé",
            "active": "on",
        },
    )
    member = Member.objects.get(name="Léa Martin")
    owner_client.post(
        url("account_add", member.pk),
        {"network": "instagram", "handle": "lea.velo", "followers": "64000"},
    )
    campaign = InfluenceCampaign.objects.create(
        workspace=workspace, name="Printemps", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    link = TrackedLink.objects.create(
        workspace=workspace, code=new_code(), target="https://example.org/", label="Léa Martin"
    )
    collaboration = Collaboration.objects.create(
        campaign=campaign, member=member, compensation="paid", fee="300.00", tracked_link=link
    )
    Share.objects.create(
        collaboration=collaboration,
        network="instagram",
        url="https://www.instagram.com/p/abc/",
        shared_at=timezone.now(),
    )
    TrackedPost.objects.create(
        workspace=workspace,
        member=member,
        campaign=campaign,
        network="instagram",
        network_id="abc",
        url="https://www.instagram.com/p/abc/",
        text="Collaboration commerciale avec la fromagerie",
        source="url",
        likes=120,
    )
    return member


def test_owner_exports_everything_about_the_member(owner_client, lea):
    response = owner_client.get(url("member_export", lea.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="lea-martin-' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["member"]["email"] == "lea@example.org"
    assert data["member"]["consent_note"] == "Contrat signé"
    assert data["accounts"][0]["handle"] == "lea.velo"
    assert data["collaborations"][0]["fee"] == "300.00"
    assert data["shares"][0]["url"] == "https://www.instagram.com/p/abc/"
    assert data["tracked_posts"][0]["text"] == "Collaboration commerciale avec la fromagerie"
    assert AuditEvent.objects.filter(object_type="member", changes={"exported": True}).exists()


def test_owner_erases_the_member_after_confirming(owner_client, lea, workspace):
    confirm = owner_client.get(url("member_erase", lea.pk)).content.decode()
    assert "Erase Léa Martin?" in confirm
    assert "1 account" in confirm and "1 share" in confirm and "1 tracked post" in confirm
    wrong = owner_client.post(url("member_erase", lea.pk), {"confirm": "Léa"})
    assert wrong.status_code == 302 and Member.objects.filter(pk=lea.pk).exists()
    done = owner_client.post(url("member_erase", lea.pk), {"confirm": "Léa Martin"}, follow=True)
    assert "The member and all their data were erased." in done.content.decode()
    assert not Member.objects.exists() and not MemberAccount.objects.exists()
    assert not Collaboration.objects.exists() and not Share.objects.exists()
    assert not TrackedPost.objects.exists()
    assert TrackedLink.objects.get().label == ""  # the campaign's clicks stay, not her name
    log = list(AuditEvent.objects.filter(workspace=workspace).values("object_label", "changes"))
    assert (
        "Léa" not in str(log) and "lea@example.org" not in str(log) and "lea.velo" not in str(log)
    )
    erased = AuditEvent.objects.get(action="delete", object_label__contains="(erased)")
    assert erased.changes == {
        "erased": {"accounts": 1, "collaborations": 1, "shares": 1, "tracked_posts": 1}
    }


def test_the_member_page_offers_export_and_erase_to_the_owner(owner_client, lea):
    page = owner_client.get(url("member", lea.pk)).content.decode()
    assert url("member_export", lea.pk) in page and url("member_erase", lea.pk) in page
    assert "Given on" in page and "Contrat signé" in page
    collaborations = page.split('id="collaborations"')[1].split("</table>")[0]
    assert "Printemps" in collaborations and "300.00 EUR" in collaborations
