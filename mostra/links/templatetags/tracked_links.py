"""``{% post_tracked_links post as tracked %}``: a post's tracked links and their clicks,
for the post page (editorial sits below links: its template loads this, its code does
not import it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Sum

from mostra.links.models import TrackedLink
from mostra.links.services.links import short_url
from mostra.links.services.post_tagging import UTM_FINDINGS, untagged_findings

register = template.Library()


@register.simple_tag(takes_context=True)
def post_tracked_links(context: Any, post: Any) -> dict[str, Any]:
    request = context.get("request")
    links = list(
        TrackedLink.objects.filter(post_id=post.pk)
        .annotate(total=Sum("click_days__clicks"))
        .order_by("created_at", "pk")
    )
    return {
        "links": [
            {"link": link, "url": short_url(link, request), "clicks": link.total or 0}
            for link in links
        ],
        "clicks": sum(link.total or 0 for link in links),
        # The charter's findings the post page computed: its links left untagged.
        "untagged": untagged_findings(context.get("findings") or {}),
    }


@register.filter
def has_untagged_links(findings: Any) -> bool:
    """Whether a variant's findings include the charter's UTM warnings."""
    return any(getattr(f, "code", "") in UTM_FINDINGS for f in findings or ())
