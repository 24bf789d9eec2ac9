"""Which tracked link, post and paid campaign each imported traffic row comes from.

A row is matched by its UTM tags, compared without case and surrounding spaces:

* to the **tracked links** (:class:`mostra.links.models.TrackedLink`) carrying the same
  campaign, source and medium, and the same content when the row has one (a link's
  content tag tells its post, variant or printed support apart);
* to a **post** through those links (the link made for the post, ``TrackedLink.post``):
  a row whose links point at one post is that post's traffic; without such a link, a
  content tag ``post-<id>`` (as :func:`mostra.links.services.links.create_link` tags a
  post's link) names a post of the workspace;
* to a **paid campaign** (:class:`mostra.paid.models.Campaign`) whose ``utm_campaign`` is
  the row's campaign.

Five queries at most (the rows, their goals, the links, the campaigns, the posts named
by a content tag), whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from mostra.analytics.models import TrafficRow
from mostra.core.models import Workspace
from mostra.editorial.models import Post
from mostra.links.models import TrackedLink
from mostra.paid.models import Campaign

#: The content tag of a post's link: ``post-42``.
POST_CONTENT = re.compile(r"^post-(\d{1,18})$")


def _tag(text: str) -> str:
    return text.strip().casefold()


@dataclass
class MatchedRow:
    row: TrafficRow
    goals: dict[str, int]
    link_ids: list[int] = field(default_factory=list)
    post_id: int | None = None
    campaign_id: int | None = None

    @property
    def conversions(self) -> int:
        return sum(self.goals.values())


def traffic_rows(
    workspace: Workspace, start: dt.date | None = None, end: dt.date | None = None
) -> list[tuple[TrafficRow, dict[str, int]]]:
    """The rows of the span (those that overlap it) with their goals (two queries)."""
    rows = TrafficRow.objects.filter(workspace=workspace)
    if start is not None:
        rows = rows.filter(end__gte=start)
    if end is not None:
        rows = rows.filter(start__lte=end)
    found = list(rows.prefetch_related("goals"))
    return [(row, {g.goal: g.conversions for g in row.goals.all()}) for row in found]


def match(
    workspace: Workspace, start: dt.date | None = None, end: dt.date | None = None
) -> list[MatchedRow]:
    """The span's rows, each with its links, post and campaign."""
    rows = traffic_rows(workspace, start, end)
    campaigns_wanted = {_tag(row.utm_campaign) for row, _g in rows if row.utm_campaign}
    links: dict[tuple[str, str, str], list[tuple[str, int, int | None]]] = defaultdict(list)
    for link_id, campaign, source, medium, content, post_id in TrackedLink.objects.filter(
        workspace=workspace
    ).values_list("id", "utm_campaign", "utm_source", "utm_medium", "utm_content", "post_id"):
        if _tag(campaign) in campaigns_wanted:
            key = (_tag(campaign), _tag(source), _tag(medium))
            links[key].append((_tag(content), link_id, post_id))
    campaigns: dict[str, int] = {}
    for campaign_id, tag in (
        Campaign.objects.filter(workspace=workspace)
        .exclude(utm_campaign="")
        .values_list("id", "utm_campaign")
    ):
        campaigns.setdefault(_tag(tag), campaign_id)
    matched: list[MatchedRow] = []
    for row, goals in rows:
        item = MatchedRow(row, goals, campaign_id=campaigns.get(_tag(row.utm_campaign)))
        key = (_tag(row.utm_campaign), _tag(row.utm_source), _tag(row.utm_medium))
        content = _tag(row.utm_content)
        hits = [(i, p) for c, i, p in links.get(key, []) if not content or c == content]
        item.link_ids = [i for i, _p in hits]
        posts = {p for _i, p in hits if p is not None}
        if len(posts) == 1:
            item.post_id = posts.pop()
        matched.append(item)
    by_tag = [
        (m, int(found.group(1)))
        for m in matched
        if m.post_id is None and (found := POST_CONTENT.match(_tag(m.row.utm_content)))
    ]
    if by_tag:
        known = set(
            Post.objects.filter(workspace=workspace, pk__in={p for _m, p in by_tag}).values_list(
                "pk", flat=True
            )
        )
        for m, post_id in by_tag:
            if post_id in known:
                m.post_id = post_id
    return matched
