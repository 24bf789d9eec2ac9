"""Importing another tool's export (Mention, Brandwatch, Talkwalker) as mentions.

What ``mostra listen import`` calls (and any page or API route that imports later): the
same rights as the sources (owners and managers), the file read all or nothing
(:func:`mostra.listening.exports.read_export`: a file with rows it cannot read is
refused whole, each problem named), its mentions stored without a source
(``source=None``) in one transaction with the audit entry. A mention already in the
workspace (the same tool's id, or the same address) is skipped, so importing a file
again, or an export that overlaps the last one, adds only what is new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.listening.exports import read_export
from mostra.listening.services import duplicates
from mostra.listening.services.store import store

#: The largest export read (it is read whole in memory, about ten times its size): a
#: listening tool's export of 300,000 mentions is about 100 MB.
MAX_BYTES = 100 * 1024**2


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the tool, the mentions the file held, how many were new."""

    vendor: str
    label: str
    read: int
    stored: int
    #: Rows repeating a mention of the same file (Brandwatch: once per query).
    repeated: int
    #: Columns of the file that mostra does not read.
    ignored: tuple[str, ...]

    @property
    def already_there(self) -> int:
        return self.read - self.stored


def import_export(
    actor: Membership,
    data: bytes,
    filename: str,
    *,
    now: dt.datetime | None = None,
    ip_address: str | None = None,
) -> ImportOutcome:
    """Store the mentions of an export in ``actor``'s workspace; audited.

    Raises DomainError (nothing stored): not allowed, too large, or not an export mostra
    can read (:class:`~mostra.listening.exports.ExportRefused`, with every problem).
    """
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can import mentions."))
    limit = min(int(getattr(settings, "MOSTRA_IMPORT_MAX_BYTES", MAX_BYTES)), MAX_BYTES)
    if len(data) > limit:
        raise DomainError(
            _(
                "The file is too large to import (%(size)s MB; mostra accepts exports up to "
                "%(limit)s MB): export a shorter period, or split it into several files."
            )
            % {"size": -(-len(data) // 1024**2), "limit": max(1, limit // 1024**2)}
        )
    workspace = actor.workspace
    try:
        zone = ZoneInfo(workspace.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    export = read_export(data, filename, zone=zone)
    now = now or timezone.now()
    with transaction.atomic():
        stored = store(export.items, workspace=workspace, source=None, fetched_at=now)
        duplicates.fold(workspace, None, now)
        if stored:  # the listening figures (bulk writes send no signal)
            figures_cache.changed([workspace.pk])
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=workspace,
            label=filename,
            changes={
                "import": [None, filename],
                "tool": [None, export.vendor],
                "read": [None, len(export.items)],
                "stored": [None, stored],
            },
            ip_address=ip_address,
        )
    return ImportOutcome(
        export.vendor,
        export.label,
        len(export.items),
        stored,
        export.repeated,
        export.ignored,
    )
