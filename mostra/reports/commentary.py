"""The commentary that opens a period's report: reading it, and the one way to change it.

Owners, managers and editors write it (:data:`~mostra.core.permissions.Perm.WRITE_COMMENTARY`):
the people who run the accounts and answer for them, not contributors nor viewers.
:func:`save_commentary` checks the right and the lengths, writes the three parts as a
whole, and records the change in the audit log (what changed, before and after).
Emptying every part deletes the commentary: the report then opens on its figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.archive import ensure_writable
from mostra.reports.models import ReportCommentary
from mostra.reports.models.report_commentary import MAX_LENGTH
from mostra.reports.report.period import ReportPeriod

#: The parts, in the order the report shows them.
PARTS = ("highlights", "decisions", "next_steps")


@dataclass(frozen=True)
class CommentaryText:
    """The three parts as written (stripped), ``""`` for a part left empty."""

    highlights: str = ""
    decisions: str = ""
    next_steps: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.highlights or self.decisions or self.next_steps)

    def as_dict(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in PARTS}


def commentary_for(workspace: Workspace, period: ReportPeriod) -> ReportCommentary | None:
    """The period's commentary with its writer and the writer's job title in the
    workspace (``writer_title``), in one query; or None."""
    title = Membership.objects.filter(
        workspace=OuterRef("workspace"), user=OuterRef("written_by")
    ).values("title")[:1]
    return (
        ReportCommentary.objects.select_related("written_by")
        .annotate(writer_title=Subquery(title))
        .filter(workspace=workspace, period_start=period.start, period_end=period.end)
        .first()
    )


def may_write(membership: Membership | None) -> bool:
    return has_perm(membership, Perm.WRITE_COMMENTARY)


def _clean(text: CommentaryText) -> CommentaryText:
    """Stripped parts (line ends as ``\\n``); a part too long is refused, named."""
    cleaned = {}
    for part in PARTS:
        value = "\n".join(line.rstrip() for line in str(getattr(text, part) or "").splitlines())
        value = value.strip()
        if len(value) > MAX_LENGTH:
            raise DomainError(
                _(
                    "%(part)s is %(length)s characters long: shorten it to %(max)s at most "
                    "(the report is read by people in a hurry)."
                )
                % {"part": part_label(part), "length": len(value), "max": MAX_LENGTH},
                field=part,
            )
        cleaned[part] = value
    return CommentaryText(**cleaned)


def part_label(part: str, period: ReportPeriod | None = None) -> str:
    """The part's name for a person: "Highlights", "Decisions", "Next month"."""
    if part == "highlights":
        return _("Highlights of the period")
    if part == "decisions":
        return _("Decisions")
    if period is not None and not period.is_month:
        return _("Next period")
    return pgettext("report commentary", "Next month")


@transaction.atomic
def save_commentary(
    membership: Membership, period: ReportPeriod, text: CommentaryText
) -> ReportCommentary | None:
    """Write the period's commentary (all three parts), or delete it when all are empty.

    Steps: the right (owners, managers, editors) and a workspace not archived; the
    parts stripped and their lengths checked; the row created, changed or deleted;
    the audit log told what changed. Returns the commentary (None once deleted).
    """
    if not may_write(membership):
        raise DomainError(
            _(
                "Only the workspace's owners, managers and editors write the report's "
                "commentary: send yours to one of them."
            )
        )
    workspace = membership.workspace
    ensure_writable(workspace)
    cleaned = _clean(text)
    existing = (
        ReportCommentary.objects.select_for_update()
        .filter(workspace=workspace, period_start=period.start, period_end=period.end)
        .first()
    )
    before = CommentaryText(**{p: getattr(existing, p) for p in PARTS}) if existing else None
    changes = audit.diff((before or CommentaryText()).as_dict(), cleaned.as_dict())
    label = _("Report commentary, %(period)s") % {"period": period.key}
    if cleaned.is_empty:
        if existing is not None:
            existing.delete()
            audit.record(
                AuditAction.DELETE,
                actor=membership.user,
                workspace=workspace,
                label=label,
                changes=changes,
            )
        return None
    if existing is None:
        commentary = ReportCommentary(
            workspace=workspace, period_start=period.start, period_end=period.end
        )
    else:
        commentary = existing
    if before == cleaned:
        return commentary  # nothing changed: no new writer, no audit line
    for part in PARTS:
        setattr(commentary, part, getattr(cleaned, part))
    commentary.written_by = membership.user
    commentary.save()
    audit.record(
        AuditAction.CREATE if existing is None else AuditAction.UPDATE,
        actor=membership.user,
        workspace=workspace,
        obj=commentary,
        label=label,
        changes=changes,
    )
    return commentary
