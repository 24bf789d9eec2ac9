"""What the home page reads: each section from the service that owns its rule.

* waiting for my approval: :func:`mostra.editorial.services.approvals.queue` (the same
  rule as the approval queue and the tab's count; approvers only);
* my posts sent back: my posts whose changes were requested, with the latest request's
  note (the reviewer's :class:`~mostra.editorial.models.Approval`);
* publications by hand due: :func:`mostra.publishing.services.by_hand.due_for` (mine
  as an account's responsible, and for owners and managers the escalated ones and
  those of accounts without a responsible; members who may publish);
* failed publications: failed or outcome unknown, changed within the last
  :data:`FAILED_DAYS` days (the whole workspace's for those who may retry them, the
  member's own posts' otherwise);
* the next seven days: :func:`mostra.editorial.services.calendar.build_days` in the
  workspace's time zone;
* objectives: :func:`mostra.analytics.progress.workspace_progress` (the objectives
  page's and ``mostra objectives``' one definition of status and progress);
* latest KPIs: each objective's KPI now, as its progress reads it, and the other KPIs
  the team records, now as :func:`~mostra.analytics.measurements.series.recorded_now`
  reads them;
* tools renewing soon: the member's own tools within their warning
  (:func:`mostra.toolbox.services.renewals.coming_for`; one query);
* unread notifications: the member's, in this workspace
  (:func:`mostra.notifications.services.unread_for` and ``unread_count``);
* first steps: whether the workspace has a mission, an account, a post.

Nothing here writes. The number of queries does not grow with the number of posts,
publications or notifications; objectives on a KPI mostra computes cost the engine's
few queries each (:func:`~mostra.analytics.progress.workspace_progress`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from mostra.analytics.measurements.series import recorded_now, recorded_values
from mostra.analytics.progress import ObjectiveProgress, workspace_progress
from mostra.core.figures_cache import Figures
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import Approval, Decision, Post, PostStatus
from mostra.editorial.services import approvals
from mostra.editorial.services.calendar import Day, build_days
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.calendar_time import Period, local_today, workspace_zone
from mostra.notifications import services as inbox
from mostra.notifications import texts
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.publishing.services import by_hand
from mostra.strategy.kpis.objective import recorded_kpis
from mostra.strategy.kpis.units import format_measure
from mostra.strategy.models import MissionNetwork, StrategyProfile
from mostra.toolbox.services import renewals as tool_renewals

#: Items shown per section; the section's link leads to all of them.
SHOWN = 5
#: A failed publication stays on the home page this many days after it failed.
FAILED_DAYS = 14
#: The calendar's days shown, today first.
AGENDA_DAYS = 7


@dataclass
class SentBack:
    """One of my posts whose changes were requested, and what the reviewer asked."""

    post: Post
    note: str
    reviewer: str
    asked_at: dt.datetime | None


@dataclass
class KpiLine:
    label: str
    value: str
    #: The day the value is as of (a recorded KPI's latest value); None: the last 30 days.
    as_of: dt.date | None
    recorded: bool


@dataclass
class FirstSteps:
    """What a new workspace still lacks: a mission, a network account, a post."""

    mission: bool
    account: bool
    post: bool

    @property
    def done(self) -> bool:
        return self.mission and self.account and self.post


@dataclass
class Home:
    membership: Membership
    today: dt.date
    first_steps: FirstSteps
    #: None: the section is not the member's (they cannot approve, or write posts).
    waiting: list[Post] | None
    sent_back: list[SentBack] | None
    #: None: the member does not publish (no publication by hand is theirs).
    by_hand: list[Publication] | None
    by_hand_count: int
    failed: list[Publication] | None
    failed_count: int
    days: list[Day]
    objectives: list[ObjectiveProgress]
    kpis: list[KpiLine]
    #: The latest unread notifications: (notification, its sentence, where it leads).
    notifications: list[tuple[object, str, str]]
    unread_count: int
    #: The member's own tools renewing within their warning (the toolbox's).
    renewals: list[tool_renewals.Renewal] = field(default_factory=list)

    @property
    def agenda_count(self) -> int:
        return sum(len(d.chips) for d in self.days)

    @property
    def attention_count(self) -> int:
        """Everything that waits for the member: approvals, posts sent back, failures."""
        return (
            sum(len(items) if items is not None else 0 for items in (self.waiting, self.sent_back))
            + (self.failed_count if self.failed is not None else 0)
            + self.by_hand_count
            + len(self.renewals)
        )


def first_steps(workspace: Workspace) -> FirstSteps:
    """Whether the workspace has a mission, an account and a post (one query)."""
    here = OuterRef("pk")
    row = (
        Workspace.objects.filter(pk=workspace.pk)
        .annotate(
            vision=Exists(StrategyProfile.objects.filter(workspace=here).exclude(vision="")),
            networks=Exists(MissionNetwork.objects.filter(workspace=here)),
            account=Exists(SocialAccount.objects.filter(workspace=here)),
            post=Exists(Post.objects.filter(workspace=here)),
        )
        .values("vision", "networks", "account", "post")
        .get()
    )
    return FirstSteps(
        mission=row["vision"] or row["networks"], account=row["account"], post=row["post"]
    )


def waiting_for_me(membership: Membership) -> list[Post] | None:
    """The posts waiting for my decision (the approval queue's rule); None for a member
    who does not approve."""
    if not membership.is_approver:
        return None
    return approvals.queue(membership)


def sent_back(membership: Membership) -> list[SentBack] | None:
    """My posts whose changes were requested, the latest request first (two queries);
    None for a member who cannot write posts."""
    if not has_perm(membership, Perm.DRAFT_CONTENT):
        return None
    requests = Approval.objects.filter(decision=Decision.CHANGES_REQUESTED).select_related(
        "approver"
    )
    posts = (
        Post.objects.filter(
            workspace_id=membership.workspace_id,
            author_id=membership.user_id,
            status=PostStatus.CHANGES_REQUESTED,
        )
        .prefetch_related(
            Prefetch("approvals", queryset=requests.order_by("-created_at", "-id"), to_attr="asks")
        )
        .order_by("-updated_at", "-id")
    )
    found = []
    for post in posts:
        latest = post.asks[0] if post.asks else None
        found.append(
            SentBack(
                post=post,
                note=latest.note if latest else "",
                reviewer=latest.approver.name if latest and latest.approver else "",
                asked_at=latest.created_at if latest else None,
            )
        )
    return found


def due_by_hand(membership: Membership) -> tuple[list[Publication] | None, int]:
    """The publications by hand waiting for me, the oldest first, and how many (two
    queries); None for a member who does not publish."""
    if not by_hand.may_publish(membership):
        return None, 0
    rows = by_hand.due_for(membership)
    return list(rows[:SHOWN]), rows.count()


def failed_publications(
    membership: Membership, now: dt.datetime
) -> tuple[list[Publication] | None, int]:
    """The recent publications that failed or whose outcome is unknown, the latest first,
    and how many (two queries). Those who may retry them see the workspace's; a
    contributor the ones of their own posts; a viewer none (None)."""
    if not has_perm(membership, Perm.DRAFT_CONTENT):
        return None, 0
    rows = Publication.objects.filter(
        variant__post__workspace_id=membership.workspace_id,
        state__in=[PublicationState.FAILED, PublicationState.UNKNOWN],
        updated_at__gte=now - dt.timedelta(days=FAILED_DAYS),
    )
    if not has_perm(membership, Perm.EDIT_CONTENT):
        rows = rows.filter(variant__post__author_id=membership.user_id)
    shown = list(
        rows.select_related("variant__post", "account").order_by("-updated_at", "-id")[:SHOWN]
    )
    return shown, rows.count()


def next_days(membership: Membership, now: dt.datetime) -> list[Day]:
    """Today and the six days after it, in the workspace's time zone (three queries)."""
    today = local_today(workspace_zone(membership.workspace), now)
    period = Period(today, today + dt.timedelta(days=AGENDA_DAYS - 1))
    return build_days(membership, period, CalendarFilters(), now=now)


def kpi_lines(
    workspace: Workspace, progress: list[ObjectiveProgress], today: dt.date
) -> list[KpiLine]:
    """Each objective's KPI now (once per KPI), then the other KPIs the team records
    that have a value (two queries)."""
    lines: list[KpiLine] = []
    seen: set[str] = set()
    for item in progress:
        if item.kpi is None or item.kpi.code in seen or item.current_value is None:
            continue
        seen.add(item.kpi.code)
        lines.append(
            KpiLine(str(item.kpi.label), item.current_text, item.current_as_of, item.recorded)
        )
    others = [k for k in recorded_kpis(workspace) if k.code not in seen]
    values = recorded_values(workspace, [k.code for k in others])
    for kpi in others:
        now = recorded_now(kpi, values.get(kpi.code, []), today)
        if now.value is not None:
            value = format_measure(now.value, kpi.unit)
            lines.append(KpiLine(str(kpi.label), value, now.as_of, recorded=True))
    return lines


def unread(membership: Membership) -> tuple[list[tuple[object, str, str]], int]:
    """The member's latest unread notifications, told and linked, and how many (two
    queries)."""
    user, workspace = membership.user_id, membership.workspace_id
    shown = [(n, texts.text(n), texts.path(n)) for n in inbox.unread_for(user, workspace, SHOWN)]
    return shown, inbox.unread_count(user, workspace)


def gather(membership: Membership, now: dt.datetime | None = None) -> Home:
    """Every section of the member's home page."""
    now = now or timezone.now()
    workspace = membership.workspace
    today = local_today(workspace_zone(workspace), now)
    failed, failed_count = failed_publications(membership, now)
    manual, manual_count = due_by_hand(membership)
    progress = Figures(workspace.pk).get(
        "progress", today, lambda: workspace_progress(workspace, today)
    )
    notifications, unread_count = unread(membership)
    return Home(
        membership=membership,
        today=today,
        first_steps=first_steps(workspace),
        waiting=waiting_for_me(membership),
        sent_back=sent_back(membership),
        by_hand=manual,
        by_hand_count=manual_count,
        failed=failed,
        failed_count=failed_count,
        days=next_days(membership, now),
        objectives=progress,
        kpis=kpi_lines(workspace, progress, today),
        notifications=notifications,
        unread_count=unread_count,
        renewals=tool_renewals.coming_for(membership, today),
    )
