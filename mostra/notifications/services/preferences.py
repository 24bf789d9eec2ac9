"""Each person's choice per kind (in the app, e-mail at once, daily digest, off) and the
kinds a workspace's owners require (nobody can switch them off)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.notifications.models import (
    DEFAULT_CHANNELS,
    Channel,
    Kind,
    Preference,
    RequiredKind,
)


def required_kinds(workspace_id: int) -> set[str]:
    return set(
        RequiredKind.objects.filter(workspace_id=workspace_id).values_list("kind", flat=True)
    )


def effective(channel: str, required: bool) -> str:
    """The channel that applies: a required kind switched off stays in the app."""
    return Channel.APP if required and channel == Channel.OFF else channel


def _placeholders(values: Iterable[object]) -> str:
    return ", ".join("%s" for _ in values)


def member_channels(wanted: set[tuple[int, str, int]]) -> dict[tuple[int, str, int], str]:
    """The channel of each ``(workspace id, kind, user id)`` whose user is an active
    member of the workspace (the others are left out): the user's choice, else the
    kind's default; a kind the workspace requires is never off.

    One query, whatever the number of workspaces, kinds and users: the members with
    their choices, then the required kinds. Written in SQL: the worker calls it for
    every publication it finishes, and the same query built by the ORM (a join and two
    subqueries) took some thirty times as long in a profile of the drain, nearly all of
    it building the query (docs/performance.md, the drain).
    """
    if not wanted:
        return {}
    workspaces = sorted({w for w, _k, _u in wanted})
    kinds = sorted({k for _w, k, _u in wanted})
    users = sorted({u for _w, _k, u in wanted})
    sql = (
        f"SELECT m.workspace_id, m.user_id, p.kind, p.channel FROM {_table(Membership)} m "
        f"JOIN {_table(get_user_model())} u ON u.id = m.user_id "
        f"LEFT JOIN {_table(Preference)} p ON p.workspace_id = m.workspace_id "
        f"AND p.user_id = m.user_id AND p.kind IN ({_placeholders(kinds)}) "
        f"WHERE m.workspace_id IN ({_placeholders(workspaces)}) "
        f"AND m.user_id IN ({_placeholders(users)}) AND u.is_active = %s "
        f"UNION ALL SELECT r.workspace_id, NULL, r.kind, NULL FROM {_table(RequiredKind)} r "
        f"WHERE r.workspace_id IN ({_placeholders(workspaces)}) "
        f"AND r.kind IN ({_placeholders(kinds)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*kinds, *workspaces, *users, True, *workspaces, *kinds])
        rows = cursor.fetchall()
    members: set[tuple[int, int]] = set()
    chosen: dict[tuple[int, str, int], str] = {}
    required: set[tuple[int, str]] = set()
    for workspace_id, user_id, kind, channel in rows:
        if user_id is None:
            required.add((workspace_id, kind))
            continue
        members.add((workspace_id, user_id))
        if kind is not None:
            chosen[workspace_id, kind, user_id] = channel
    return {
        (w, k, u): effective(
            chosen.get((w, k, u), DEFAULT_CHANNELS.get(k, Channel.APP)), (w, k) in required
        )
        for w, k, u in wanted
        if (w, u) in members
    }


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class Row:
    """One line of the preferences page."""

    kind: str
    label: str
    channel: str
    required: bool


def rows_for(membership: Membership) -> list[Row]:
    """The member's channel for every kind, and whether the workspace requires it."""
    chosen = dict(
        Preference.objects.filter(
            user_id=membership.user_id, workspace_id=membership.workspace_id
        ).values_list("kind", "channel")
    )
    required = required_kinds(membership.workspace_id)
    return [
        Row(
            kind,
            str(label),
            effective(chosen.get(kind, DEFAULT_CHANNELS[kind]), kind in required),
            kind in required,
        )
        for kind, label in Kind.choices
    ]


def set_channels(membership: Membership, choices: dict[str, str]) -> dict[str, list[str]]:
    """Save the member's channels ``{kind: channel}``; returns what changed. A required
    kind cannot be switched off; unknown kinds or channels are refused (nothing saved)."""
    required = required_kinds(membership.workspace_id)
    for kind, channel in choices.items():
        if kind not in Kind.values:
            raise DomainError(
                _("Unknown kind “%(kind)s”: use one of %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(Kind.values)},
                field=kind,
            )
        if channel not in Channel.values:
            raise DomainError(
                _("Unknown choice “%(channel)s”: use one of %(channels)s.")
                % {"channel": channel, "channels": ", ".join(Channel.values)},
                field=kind,
            )
        if channel == Channel.OFF and kind in required:
            raise DomainError(
                _("The workspace's owners require “%(kind)s”: choose the app or e-mail, not off.")
                % {"kind": Kind(kind).label},
                field=kind,
            )
    before = {r.kind: r.channel for r in rows_for(membership)}
    changes = {k: [before[k], c] for k, c in choices.items() if before.get(k) != c}
    if not changes:
        return {}
    with transaction.atomic():
        for kind, (_old, channel) in changes.items():
            Preference.objects.update_or_create(
                user_id=membership.user_id,
                workspace_id=membership.workspace_id,
                kind=kind,
                defaults={"channel": channel},
            )
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=membership.workspace,
            label=_("Notification preferences of %(name)s") % {"name": membership.user.name},
            changes=changes,
        )
    return changes


def set_required(membership: Membership, kinds: list[str]) -> dict[str, list[bool]]:
    """The workspace's required kinds (owners only); returns what changed."""
    if not has_perm(membership, Perm.MANAGE_OWNERS):
        raise DomainError(_("Only the workspace's owners can require notifications."))
    unknown = [k for k in kinds if k not in Kind.values]
    if unknown:
        raise DomainError(
            _("Unknown kind “%(kind)s”: use one of %(kinds)s.")
            % {"kind": unknown[0], "kinds": ", ".join(Kind.values)}
        )
    before = required_kinds(membership.workspace_id)
    after = set(kinds)
    changes = {k: [k in before, k in after] for k in sorted(before ^ after)}
    if not changes:
        return {}
    with transaction.atomic():
        RequiredKind.objects.filter(
            workspace_id=membership.workspace_id, kind__in=before - after
        ).delete()
        RequiredKind.objects.bulk_create(
            RequiredKind(workspace_id=membership.workspace_id, kind=k) for k in after - before
        )
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=membership.workspace,
            label=_("Required notifications"),
            changes=changes,
        )
    return changes
