from mostra.publishing.models.account import AccountStatus, SocialAccount
from mostra.publishing.models.mastodon_instance import MastodonApp, MastodonInstance
from mostra.publishing.models.metrics import FollowerSnapshot, MetricSnapshot
from mostra.publishing.models.oauth_client import OAuthClient
from mostra.publishing.models.publication import (
    ManualStage,
    Publication,
    PublicationAttempt,
    PublicationState,
)
from mostra.publishing.models.webhook import DeliveryState, Webhook, WebhookDelivery, WebhookEvent

__all__ = [
    "AccountStatus",
    "DeliveryState",
    "FollowerSnapshot",
    "ManualStage",
    "MastodonApp",
    "MastodonInstance",
    "MetricSnapshot",
    "OAuthClient",
    "Publication",
    "PublicationAttempt",
    "PublicationState",
    "SocialAccount",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
]
