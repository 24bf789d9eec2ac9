"""Tagging a post's links in one click: every address the charter's UTM rule flags in a
variant (its text or its link field) becomes a tracked short link for that post and
network, its campaign named after the objective the post serves.

The post is saved through the editorial service (a new version, audited, approvals
asked again as for any edit). Idempotent: an address already replaced is the
instance's own short link, which the charter takes as tracked, and a tracked link that
exists for the same post, network and destination is used again rather than created.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.charter.checks import check_post
from mostra.charter.checks.links import needs_tracking
from mostra.charter.counting import find_urls
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import Post, PostVariant
from mostra.editorial.services import posts as post_service
from mostra.links.models import Medium, TrackedLink
from mostra.links.services import links as service

#: The charter's findings about a link's UTM tags (mostra.charter.checks.links).
UTM_FINDINGS = frozenset(
    {"utm_missing", "utm_source_missing", "utm_source_mismatch"}
    | {"utm_medium_missing", "utm_campaign_missing"}
)


@dataclass(frozen=True)
class Tagging:
    """What one click did: addresses replaced, links created, links used again, and
    the charter's UTM findings left after it."""

    replaced: int
    created: int
    reused: int
    left: int


def untagged_findings(findings: Mapping[str, Sequence[object]]) -> int:
    """How many of a post's findings ({network: [Finding]}) are about untagged links."""
    return sum(
        1 for found in findings.values() for f in found if getattr(f, "code", "") in UTM_FINDINGS
    )


def campaign_for(post: Post) -> str:
    """The objective the post serves (through its tactic), as a campaign name."""
    tactic = post.tactic if post.tactic_id is not None else None
    if tactic is None:
        return ""
    return tactic.strategy.objective.title


class _Links:
    """The tracked links of one post, found or created as the variants need them."""

    def __init__(self, membership: Membership, post: Post) -> None:
        self.membership = membership
        self.post = post
        self.campaign = campaign_for(post)
        self.medium = Medium.PAID if post.sponsored else Medium.ORGANIC
        self.existing = {
            (link.network, link.target): link
            for link in TrackedLink.objects.filter(
                post=post, parent__isnull=True, disabled_at__isnull=True
            ).order_by("created_at", "pk")
            if link.is_live()
        }
        self.created = 0
        self.reused = 0

    def short_for(self, network: str, url: str) -> str:
        target = url if "://" in url else f"https://{url}"
        stored = service.checked_target(target)
        link = self.existing.get((network, stored))
        if link is None:
            link = service.create_link(
                self.membership,
                stored,
                medium=self.medium,
                campaign=self.campaign,
                post=self.post,
                network=network,
                label=self.post.title,
            )
            self.existing[(network, stored)] = link
            self.created += 1
        else:
            self.reused += 1
        # Without the request: on the short-link base the charter knows as this
        # instance's own (MOSTRA_SHORT_LINK_BASE), so the check takes it as tracked.
        return service.short_url(link)


def _tagged_text(links: _Links, network: str, text: str) -> tuple[str, int]:
    replaced = 0
    for start, end, url in reversed(find_urls(text)):
        if needs_tracking(network, url):
            text = text[:start] + links.short_for(network, url) + text[end:]
            replaced += 1
    return text, replaced


def _variant_input(
    links: _Links, variant: PostVariant, flagged: bool
) -> tuple[post_service.VariantInput, int]:
    text, link, replaced = variant.text, variant.link, 0
    if flagged:
        text, replaced = _tagged_text(links, variant.network, variant.text)
        if link.strip() and needs_tracking(variant.network, link.strip()):
            link = links.short_for(variant.network, link.strip())
            replaced += 1
    return (
        post_service.VariantInput(
            network=variant.network,
            text=text,
            link=link,
            first_comment=variant.first_comment,
            # A shared text that now carries this network's own short link is the
            # network's own text.
            overridden=variant.overridden or replaced > 0,
        ),
        replaced,
    )


def tag_post_links(membership: Membership, post: Post) -> Tagging:
    """Replace the post's untagged addresses by tracked links, all or nothing."""
    if post.workspace_id != membership.workspace.pk:
        raise DomainError(_("That post is not in this workspace."))
    if not has_perm(membership, Perm.EDIT_CONTENT):
        raise DomainError(_("Only the workspace's editors, managers and owners tag links."))
    locked = post_service.locked_message(post)
    if locked:
        raise DomainError(locked)
    flagged = {
        network
        for network, found in check_post(post).items()
        if any(f.code in UTM_FINDINGS for f in found)
    }
    if not flagged:
        return Tagging(replaced=0, created=0, reused=0, left=0)
    with transaction.atomic():
        links = _Links(membership, post)
        variants, replaced = [], 0
        for variant in post.variants.order_by("position", "pk"):
            item, count = _variant_input(links, variant, variant.network in flagged)
            variants.append(item)
            replaced += count
        if replaced:
            post_service.save_post(
                membership,
                post_service.PostInput(
                    tactic=post.tactic,
                    pillar=post.pillar,
                    title=post.title,
                    scheduled_at=post.scheduled_at,
                    sensitive=post.sensitive,
                    sponsored=post.sponsored,
                    image_retouched=post.image_retouched,
                    image_virtual=post.image_virtual,
                    variants=variants,
                ),
                post,
            )
    left = untagged_findings(check_post(Post.objects.get(pk=post.pk)))
    return Tagging(replaced=replaced, created=links.created, reused=links.reused, left=left)
