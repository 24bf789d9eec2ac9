"""The calendar's filters: read from the query string, applied to posts, kept in links.

Filters are GET parameters (``network``, ``pillar``, ``objective``, ``tactic``,
``status``, ``author``) so that a filtered view is a link one can share or bookmark,
and every view of the calendar (month, week, list) keeps them. A value that names
nothing in the workspace is dropped, never an error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.utils.http import urlencode

from mostra.core.models import Workspace
from mostra.editorial.models import ContentPillar, Post, PostStatus, PostVariant
from mostra.strategy import catalogue

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from mostra.strategy.models import Objective, Tactic

KEYS = ("network", "pillar", "objective", "tactic", "status", "author")


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


@dataclass(frozen=True)
class CalendarFilters:
    network: str = ""
    pillar: int | None = None
    objective: int | None = None
    tactic: int | None = None
    status: str = ""
    author: int | None = None

    @classmethod
    def from_params(cls, params: QueryDict | dict[str, str]) -> CalendarFilters:
        network = params.get("network") or ""
        status = params.get("status") or ""
        return cls(
            network=network if network in catalogue.NETWORKS else "",
            pillar=_int(params.get("pillar")),
            objective=_int(params.get("objective")),
            tactic=_int(params.get("tactic")),
            status=status if status in PostStatus.values else "",
            author=_int(params.get("author")),
        )

    def apply(self, posts: QuerySet[Post]) -> QuerySet[Post]:
        if self.network:
            posts = posts.filter(
                Exists(PostVariant.objects.filter(post=OuterRef("pk"), network=self.network))
            )
        if self.pillar:
            posts = posts.filter(pillar_id=self.pillar)
        if self.objective:
            posts = posts.filter(tactic__strategy__objective_id=self.objective)
        if self.tactic:
            posts = posts.filter(tactic_id=self.tactic)
        if self.status:
            posts = posts.filter(status=self.status)
        if self.author:
            posts = posts.filter(author_id=self.author)
        return posts

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}

    @property
    def active(self) -> bool:
        return bool(self.values())

    @property
    def querystring(self) -> str:
        """``network=instagram&status=draft``, to append to the calendar's links."""
        return urlencode(self.values())


@dataclass
class FilterChoices:
    networks: list[tuple[str, str]]
    pillars: list[tuple[int, str]]
    objectives: list[tuple[int, str]]
    tactics: list[tuple[int, str]]
    statuses: list[tuple[str, StrOrPromise]]
    authors: list[tuple[int, str]]


def filter_choices(workspace: Workspace) -> FilterChoices:
    """What each filter offers: the workspace's own pillars, objectives, tactics, members.

    Networks are those the workspace's tactics use (all of them before any tactic).
    Four queries, whatever the number of posts.
    """
    tactics = list(
        Tactic.objects.filter(workspace=workspace).only("id", "key", "title", "networks")
    )
    used = {n for t in tactics for n in (t.networks or [])}
    networks = [(c, label) for c, label in catalogue.NETWORKS.items() if not used or c in used]
    authors = [
        (m.user_id, m.user.name)
        for m in workspace.memberships.select_related("user").order_by("user__display_name")
    ]
    return FilterChoices(
        networks=networks,
        pillars=[
            (p.pk, p.name) for p in ContentPillar.objects.filter(workspace=workspace).only("name")
        ],
        objectives=[
            (o.pk, o.title) for o in Objective.objects.filter(workspace=workspace).only("title")
        ],
        tactics=[(t.pk, t.title or t.key) for t in tactics],
        statuses=list(PostStatus.choices),
        authors=authors,
    )
