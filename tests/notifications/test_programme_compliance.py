"""A programme member's paid post found without the disclosure (by the daily reading,
in the background) is told once: to the campaign's author, else to the owners; it leads
to the campaign's compliance page, where the message to send is ready."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from mostra.ambassadors.models import (
    Compliance,
    InfluenceCampaign,
    Member,
    TrackedPost,
    TrackedPostSource,
)
from mostra.notifications import texts
from mostra.notifications.models import Kind, Notification
from mostra.notifications.services import programme_compliance

pytestmark = pytest.mark.django_db


def _post(workspace, member, key: str, compliance: str, campaign=None) -> TrackedPost:
    return TrackedPost.objects.create(
        workspace=workspace,
        member=member,
        campaign=campaign,
        network="bluesky",
        network_id=f"at://did:plc:lea/app.bsky.feed.post/{key}",
        url=f"https://bsky.app/profile/lea.example/post/{key}",
        text="Mon vélo tout neuf pour la #FeteDuVelo",
        source=TrackedPostSource.PUBLIC_FEED,
        compliance=compliance,
    )


def test_the_campaign_s_author_is_told_once(workspace, owner, teammate):
    lea = Member.objects.create(workspace=workspace, name="Léa Martin", compensation="paid")
    campaign = InfluenceCampaign.objects.create(
        workspace=workspace,
        name="Fête du vélo",
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 20),
        created_by=teammate,
    )
    flagged = _post(workspace, lea, "a", Compliance.NON_COMPLIANT, campaign)
    _post(workspace, lea, "b", Compliance.COMPLIANT, campaign)

    assert programme_compliance.send_due() == 1
    assert programme_compliance.send_due() == 0  # once per post

    [notice] = Notification.objects.filter(kind=Kind.PROGRAMME_NON_COMPLIANT)
    assert notice.recipient == teammate  # the campaign's author, not the owner
    with translation.override("en"):
        assert texts.text(notice) == (
            "Léa Martin's post for “Fête du vélo” lacks the disclosure the law asks: "
            "send them the message ready on the compliance page."
        )
    assert texts.path(notice) == reverse(
        "ambassadors:compliance", args=[workspace.slug, campaign.pk]
    )
    flagged.refresh_from_db()
    assert flagged.flagged_notified_at is not None


def test_posts_without_a_campaign_are_told_to_the_owners(workspace, owner, teammate):
    lea = Member.objects.create(workspace=workspace, name="Léa Martin", compensation="gift")
    _post(workspace, lea, "a", Compliance.NON_COMPLIANT)
    _post(workspace, lea, "b", Compliance.NON_COMPLIANT)

    assert programme_compliance.send_due() == 2

    [notice] = Notification.objects.filter(kind=Kind.PROGRAMME_NON_COMPLIANT)
    assert notice.recipient == owner
    with translation.override("en"):
        assert texts.text(notice) == (
            "2 paid or gifted posts of the programme lack the disclosure the law asks."
        )
    assert texts.path(notice).endswith("/ambassadors/posts/?compliance=non-compliant")
