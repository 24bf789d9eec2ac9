"""Whether each promoted post passes the charter's disclosure check, as sponsored.

A promoted post is advertising: the charter's check
(:func:`mostra.charter.checks.disclosure.disclosure_findings`) reads its main text and
each network's own text as sponsored content.
"""

from __future__ import annotations

from dataclasses import dataclass

from mostra.charter.checks.disclosure import disclosure_findings
from mostra.charter.checks.variant import load_charter
from mostra.editorial.models import Post
from mostra.paid.models import Campaign


@dataclass(frozen=True)
class Disclosure:
    post: Post
    ok: bool
    #: Each problem: (network or "", message).
    problems: list[tuple[str, str]]


def disclosures(campaign: Campaign) -> list[Disclosure]:
    """The promoted posts' disclosure states: four queries whatever their number."""
    charter = load_charter(campaign.workspace_id)
    posts = campaign.promoted_posts.prefetch_related("variants").order_by("pk")
    found = []
    for post in posts:
        texts = [("", post.main_text)] + [
            (v.network, v.text) for v in post.variants.all() if v.overridden and v.text
        ]
        problems = [
            (network, finding.message)
            for network, text in texts
            for finding in disclosure_findings(
                text,
                charter,
                None,
                sponsored=True,
                image_retouched=post.image_retouched,
                image_virtual=post.image_virtual,
            )
        ]
        found.append(Disclosure(post, not problems, problems))
    return found
