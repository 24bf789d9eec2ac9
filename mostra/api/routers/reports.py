"""The report's commentary: read by every member, written by owners, managers and editors.

The commentary opens a period's report (the page, the PDF, the e-mail); the same
service as the report page checks and audits every change
(:mod:`mostra.reports.commentary`). A period that cannot be read answers 422 naming
the ``period`` query parameter; a member who may not write it gets 404, as for any
right a role lacks.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.text import capfirst
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND, ValidationErrors
from mostra.api.schemas.reports import CommentaryIn, CommentaryOut
from mostra.core.models import Workspace
from mostra.core.permissions import Perm
from mostra.reports import commentary as commentaries
from mostra.reports.models import ReportCommentary
from mostra.reports.report.period import PeriodRefused, ReportPeriod, parse_period

router = Router(tags=["reports"])
PATH = "/workspaces/{slug}/reports/commentary"


class PeriodQuery(Schema):
    #: A month (2026-10) or two days (2026-10-01..2026-12-31).
    period: str = Field(..., max_length=40)


def _refuse(message: str) -> NoReturn:
    raise ValidationError([{"type": "value_error", "loc": ["query", "period"], "msg": message}])


def _period(query: PeriodQuery) -> ReportPeriod:
    try:
        return parse_period(query.period)
    except PeriodRefused as exc:
        _refuse(capfirst(exc.message))


def _out(period: ReportPeriod, written: ReportCommentary | None) -> dict[str, Any]:
    author = written.written_by if written is not None else None
    return {
        "period": period.key,
        "start": period.start,
        "end": period.end,
        **{part: getattr(written, part, "") if written else "" for part in commentaries.PARTS},
        "written_by": {"id": author.pk, "name": author.name} if author is not None else None,
        "updated_at": written.updated_at if written is not None else None,
    }


def _current(workspace: Workspace, period: ReportPeriod) -> dict[str, Any]:
    return _out(period, commentaries.commentary_for(workspace, period))


@router.get(PATH, response={200: CommentaryOut, 422: ValidationErrors, **NOT_FOUND})
def get_report_commentary(
    request: HttpRequest, slug: str, query: Query[PeriodQuery]
) -> dict[str, Any]:
    """The commentary that opens the period's report (highlights, decisions, next
    month), and who last wrote it."""
    workspace = member(request, slug).workspace
    return _current(workspace, _period(query))


@router.put(PATH, response={200: CommentaryOut, **INVALID})
def put_report_commentary(
    request: HttpRequest, slug: str, query: Query[PeriodQuery], payload: CommentaryIn
) -> dict[str, Any]:
    """Write the period's commentary as a whole (owners, managers and editors); every
    part empty removes it. Audited."""
    membership = member(request, slug, Perm.WRITE_COMMENTARY)
    period = _period(query)
    commentaries.save_commentary(
        membership, period, commentaries.CommentaryText(**payload.model_dump())
    )
    return _current(membership.workspace, period)


@router.delete(PATH, response={204: None, **INVALID})
def delete_report_commentary(request: HttpRequest, slug: str, query: Query[PeriodQuery]) -> Status:
    """Remove the period's commentary (owners, managers and editors). Audited."""
    membership = member(request, slug, Perm.WRITE_COMMENTARY)
    commentaries.save_commentary(membership, _period(query), commentaries.CommentaryText())
    return Status(204, None)
