"""The demo's programme: three ambassadors (two employees, one client) and two
influencers (a paid micro, a gifted nano) with their accounts; one campaign with its
brief, share kit and members (each with a personal tracked link); tracked posts with
counts, the paid influencer's post without « Collaboration commerciale » flagged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.ambassadors.models import (
    Collaboration,
    Compensation,
    Compliance,
    InfluenceCampaign,
    Member,
    MemberAccount,
    TrackedPost,
)
from mostra.core.demo import build_demo
from mostra.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_owner():
    owner = User.objects.create_user("ada@example.org", "x" * 12, display_name="Ada")
    return owner, build_demo(owner)


def test_the_demo_has_a_programme(demo_owner):
    _owner, workspace = demo_owner
    members = Member.objects.filter(workspace=workspace)
    assert sorted((m.kind, m.relationship, m.compensation) for m in members) == sorted(
        [
            ("ambassador", "employee", "none"),
            ("ambassador", "employee", "none"),
            ("ambassador", "client", "none"),
            ("influencer", "creator", "paid"),
            ("influencer", "creator", "gift"),
        ]
    )
    networks = set(
        MemberAccount.objects.filter(workspace=workspace).values_list("network", flat=True)
    )
    assert networks == {"bluesky", "mastodon", "instagram"}
    paid = MemberAccount.objects.get(member__compensation="paid", network="instagram")
    gifted = MemberAccount.objects.get(member__compensation="gift", network="instagram")
    assert 10_000 <= paid.followers < 50_000  # micro
    assert 1_000 <= gifted.followers < 10_000  # nano
    campaign = InfluenceCampaign.objects.get(workspace=workspace)
    assert campaign.objective is not None and campaign.kit.count() == 3
    assert campaign.key_messages and campaign.dont_say
    collaborations = Collaboration.objects.filter(campaign=campaign)
    assert collaborations.count() == 5
    assert all(c.tracked_link_id for c in collaborations)
    # The workshops' one campaign tag, the programme's channel told by its medium.
    assert {(c.tracked_link.utm_medium, c.tracked_link.utm_campaign) for c in collaborations} == {
        ("ambassador", "ateliers-autoreparation")
    }
    assert collaborations.get(compensation=Compensation.PAID).fee is not None


def test_the_paid_post_without_the_mention_is_flagged(demo_owner):
    _owner, workspace = demo_owner
    posts = TrackedPost.objects.filter(workspace=workspace)
    assert posts.count() == 4
    assert all(p.likes is not None and p.reach for p in posts)
    flagged = posts.get(compliance=Compliance.NON_COMPLIANT)
    assert flagged.member.compensation == "paid" and flagged.network == "instagram"
    assert "Collaboration commerciale" not in flagged.text
    assert flagged.findings
    gifted = posts.get(member__compensation="gift")
    assert gifted.compliance == Compliance.COMPLIANT
    assert set(posts.exclude(member__kind="influencer").values_list("compliance", flat=True)) == {
        Compliance.NOT_APPLICABLE
    }


def test_the_demo_campaign_page_shows_the_brief_and_members(demo_owner):
    owner, workspace = demo_owner
    campaign = InfluenceCampaign.objects.get(workspace=workspace)
    html = (
        client_for(owner)
        .get(reverse("ambassadors:campaign", args=[workspace.slug, campaign.pk]))
        .content.decode()
    )
    assert "Juin des ateliers" in html
    assert "Lucie Vélo Lyon" in html and "Yanis Benali" in html
    assert "pas cher" in html  # the charter's forbidden words beside the brief


def test_the_demo_flag_is_history_not_an_email_at_first_start(demo_owner):
    """A fresh ``mostra up`` builds the demo, then its worker's first pass runs the
    compliance notifications: the fictional post must not e-mail the new admin."""
    from mostra.notifications.models import Notification
    from mostra.notifications.services import programme_compliance

    _owner, workspace = demo_owner
    assert programme_compliance.send_due() == 0
    assert not Notification.objects.filter(
        workspace=workspace, kind="programme_non_compliant"
    ).exists()
    flagged = TrackedPost.objects.get(workspace=workspace, compliance=Compliance.NON_COMPLIANT)
    assert flagged.flagged_notified_at is not None
