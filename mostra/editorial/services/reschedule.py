"""Move a post to another day or time, in the workspace's time zone.

Steps of :func:`reschedule`:

1. the member may move this post: ``Perm.EDIT_CONTENT``, or its own author with
   ``Perm.DRAFT_CONTENT`` while it is a draft or has changes requested;
2. the post can still move: not publishing, published or cancelled;
3. the local date and time name exactly one moment: a time the clocks skip (spring
   forward) is refused with the time to use instead; a time that happens twice (fall
   back) is refused, asking for a time outside that hour (we never guess which one);
4. that moment is in the future;
5. the new moment is written with a compare-and-set on the status (a post published
   meanwhile is not moved) and audited with the old and new local times.

The date is not content: an approved or scheduled post keeps its approvals and status.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mostra.core.audit import record
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import Post, PostStatus
from mostra.editorial.services.calendar_time import moment_label, workspace_zone
from mostra.editorial.workflow import EDITABLE, run_hooks

#: The time of day a post gets when it had none and none is given.
DEFAULT_TIME = dt.time(10, 0)
#: How far ahead a post can be planned.
MAX_YEARS_AHEAD = 10


def status_refusal(status: str) -> str | None:
    if status == PostStatus.PUBLISHED:
        return _("This post is already published: it cannot move. Plan a new post instead.")
    if status == PostStatus.PUBLISHING:
        return _("This post is being published right now: it cannot move.")
    if status == PostStatus.CANCELLED:
        return _("This post is cancelled: reopen it before moving it.")
    return None


def can_move(membership: Membership, *, status: str, author_id: int | None) -> bool:
    """Whether the member may move a post with this status and author (right only:
    whether the status still allows a move is :func:`status_refusal`'s question)."""
    if has_perm(membership, Perm.EDIT_CONTENT):
        return True
    return (
        has_perm(membership, Perm.DRAFT_CONTENT)
        and author_id == membership.user_id
        and status in EDITABLE
    )


def _hhmm(value: dt.time | dt.datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def resolve_local(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The one aware moment a naive local date and time names, or a DomainError.

    Python keeps a wall time that does not exist (``fold`` decides the offset); a round
    trip through UTC shows it: the time comes back different. A time that exists twice
    has two different offsets for ``fold=0`` and ``fold=1``.
    """
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    day = formats.date_format(local.date(), "DATE_FORMAT")
    back = first.astimezone(dt.UTC).astimezone(zone)
    if back.replace(tzinfo=None) != local:
        raise DomainError(
            _(
                "%(time)s does not exist on %(day)s in %(zone)s: the clocks jump forward "
                "that night. Choose %(proposal)s instead, or another time."
            )
            % {"time": _hhmm(local), "day": day, "zone": zone.key, "proposal": _hhmm(back)},
            field="time",
        )
    if first.utcoffset() != second.utcoffset():
        later = local + abs(first.utcoffset() - second.utcoffset())  # type: ignore[operator]
        raise DomainError(
            _(
                "%(time)s happens twice on %(day)s in %(zone)s: the clocks go back one hour "
                "that night. Pick a time outside that hour (for example %(proposal)s)."
            )
            % {"time": _hhmm(local), "day": day, "zone": zone.key, "proposal": _hhmm(later)},
            field="time",
        )
    return first


def reschedule(
    post: Post,
    membership: Membership,
    local_date: dt.date,
    local_time: dt.time | None = None,
    *,
    now: dt.datetime | None = None,
    ip_address: str | None = None,
) -> Post:
    """Move ``post`` to ``local_date`` at ``local_time`` (workspace time zone).

    Without a time, the post keeps its time of day (10:00 when it had none).
    Raises :class:`DomainError` and changes nothing when the move is refused.
    """
    workspace = membership.workspace
    if post.workspace_id != workspace.pk:
        raise DomainError(_("This post belongs to another workspace."))
    if not can_move(membership, status=post.status, author_id=post.author_id):
        raise DomainError(
            _(
                "You can move only your own drafts and posts with changes requested; "
                "ask an editor to move this one."
            )
        )
    refusal = status_refusal(post.status)
    if refusal:
        raise DomainError(refusal)
    now = now or timezone.now()
    if not now.year - 1 <= local_date.year <= now.year + MAX_YEARS_AHEAD:
        if local_date.year < now.year:
            raise DomainError(
                _("%(day)s is already past: pick a later date.")
                % {"day": formats.date_format(local_date, "DATE_FORMAT")},
                field="date",
            )
        raise DomainError(
            _("Plan at most %(years)s years ahead: pick an earlier date.")
            % {"years": MAX_YEARS_AHEAD},
            field="date",
        )
    zone = workspace_zone(workspace)
    old = post.scheduled_at
    if local_time is None:
        local_time = old.astimezone(zone).time() if old else DEFAULT_TIME
    local_time = local_time.replace(second=0, microsecond=0)
    moment = resolve_local(dt.datetime.combine(local_date, local_time), zone)
    if old is not None and moment == old:
        return post
    if moment <= now:
        raise DomainError(
            _("%(when)s is already past: pick a later date or time.")
            % {"when": moment_label(moment, zone)},
            field="date",
        )
    new_utc = moment.astimezone(dt.UTC)
    with transaction.atomic():
        moved = Post.objects.filter(pk=post.pk, status=post.status).update(
            scheduled_at=new_utc, updated_at=now
        )
        if moved != 1:
            raise DomainError(
                _("This post changed in the meantime: reload the page and try again.")
            )
        post.scheduled_at = new_utc
        run_hooks(post, "move", post.status, post.status, membership)
        record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=workspace,
            obj=post,
            changes={
                "scheduled_at": [
                    old.astimezone(zone).isoformat() if old else None,
                    moment.isoformat(),
                ]
            },
            ip_address=ip_address,
        )
    post.scheduled_at = new_utc
    post.updated_at = now
    return post
