"""The demo workspace's charter: Atelier Vélo Solidaire speaks to its public as « vous »."""

from __future__ import annotations

from mostra.charter.models import AddressForm, Charter, EmojiPolicy, InclusiveWriting
from mostra.charter.services import save_charter
from mostra.core.models import Membership, Role, Workspace

DEMO_TONE = (
    "Chaleureux, concret et solidaire. Nous vouvoyons notre public, nous parlons de vélos "
    "réparés, de personnes et de savoir-faire, jamais de « bons plans ». Des phrases "
    "courtes, des verbes d'action, une touche d'humour quand le sujet s'y prête. "
    "Jamais de ton alarmiste sur les accidents ou les vols."
)

TRACKED = {"utm_required": True, "alt_text_required": True}


def seed_demo_charter(workspace: Workspace) -> Charter:
    """Give the demo workspace a believable French charter, through the audited service."""
    owner = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace=workspace, role=Role.OWNER)
        .order_by("pk")
        .first()
    )
    if owner is None:
        raise ValueError("The demo workspace has no owner.")
    return save_charter(
        owner,
        {
            "tone": DEMO_TONE,
            "address_form": AddressForm.VOUS,
            "max_caps_ratio": 30,
            "max_exclamations": 2,
            "inclusive_writing": InclusiveWriting.ALLOWED,
            "language": "fr",
            "forbidden_words": "pas cher\nprix cassé*\nbon plan",
            "required_words": "",
            "favoured_formats": {
                "video": ["reel", "short"],
                "photo": ["carousel", "post"],
                "text": ["post", "thread"],
                "event": ["story", "live"],
            },
        },
        {
            "instagram": {"max_hashtags": 5, "emoji_policy": EmojiPolicy.ALLOWED, **TRACKED},
            "facebook": {"max_hashtags": 3, **TRACKED},
            "linkedin": {
                "max_hashtags": 3,
                "emoji_policy": EmojiPolicy.MAX,
                "emoji_max": 3,
                "forbidden_words": "trop cool",
                **TRACKED,
            },
        },
    )
