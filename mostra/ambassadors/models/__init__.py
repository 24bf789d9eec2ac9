"""The programme's roster, its campaigns (brief and share kit) and the posts tracked."""

from mostra.ambassadors.models.campaign import (
    Collaboration,
    InfluenceCampaign,
    KitInvite,
    KitPost,
    Share,
)
from mostra.ambassadors.models.member import (
    Compensation,
    Member,
    MemberAccount,
    MemberKind,
    Relationship,
    TierThresholds,
)
from mostra.ambassadors.models.tracked_post import Compliance, TrackedPost, TrackedPostSource

__all__ = [
    "Collaboration",
    "Compensation",
    "Compliance",
    "InfluenceCampaign",
    "KitInvite",
    "KitPost",
    "Member",
    "MemberAccount",
    "MemberKind",
    "Relationship",
    "Share",
    "TierThresholds",
    "TrackedPost",
    "TrackedPostSource",
]
