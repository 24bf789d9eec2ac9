"""Building a report's files and e-mailing scheduled reports.

:func:`build` turns a workspace, a period and a language into the report's files
(HTML, PDF, SVG, PNG), for the views, the command line and the e-mail alike.

:func:`send_due` is the worker's periodic step (:data:`mostra.publishing.side_work.PERIODIC`):
each active schedule whose ``next_run_at`` has come is claimed with the claim helper
(:data:`LEASE`: a compare-and-set update writing this call's token, only while the
schedule still holds the ``next_run_at`` read and nobody holds a live claim), so that
two workers never send it twice, then the report for the period just ended is built
and sent, and the claim released with ``next_run_at`` moved to the next sending. A
worker that dies meanwhile leaves a claim that expires (:data:`CLAIM_TTL`): the report
is then sent by the next one. A failure is written to ``last_error`` and tried again
an hour later; nothing is sent while SMTP is not configured (``settings.EMAIL_ENABLED``,
as the publication notices decide), the schedules waiting for it. Each change of
``run_state`` follows :data:`~mostra.reports.models.report_schedule.RUN_MACHINE`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mostra.core import claims
from mostra.core.models import Workspace
from mostra.core.models.workspace import in_active_workspace
from mostra.core.services.workspaces import workspace_language
from mostra.reports.models import Frequency, ReportSchedule
from mostra.reports.models.report_schedule import RUN_MACHINE, RunState
from mostra.reports.report import figures, html, infographic, pdf
from mostra.reports.report.data import ReportData
from mostra.reports.report.period import ReportPeriod, last_month, period_between

logger = logging.getLogger("mostra.reports")

#: A failed sending is tried again after this long.
RETRY_AFTER = dt.timedelta(hours=1)
#: The inline image's Content-ID in the e-mail's HTML.
IMAGE_CID = "infographic"
#: How long a worker's claim on a schedule holds (building the PDF, e-mailing it):
#: past it, the worker is taken for dead and another sends the report.
CLAIM_TTL = dt.timedelta(minutes=30)
LEASE = claims.Lease("claimed_by", "claimed_at", ttl=CLAIM_TTL)
#: The run's changes, checked once (see RUN_MACHINE).
CLAIMING = RUN_MACHINE.change(
    [RunState.WAITING, RunState.FAILED, RunState.SENDING], RunState.SENDING
)
DONE = RUN_MACHINE.change(RunState.SENDING, RunState.WAITING)
FAILING = RUN_MACHINE.change(RunState.SENDING, RunState.FAILED)


@dataclass
class ReportFile:
    content: bytes | str
    content_type: str
    filename: str


FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
    "png": "image/png",
}


def gather(
    workspace: Workspace,
    period: ReportPeriod,
    language: str | None = None,
    today: dt.date | None = None,
    prepared_by: figures.Author | None = None,
) -> ReportData:
    """The report's contents, in ``language`` (by default the workspace's); its author
    is the commentary's writer, else ``prepared_by`` (a member or a user)."""
    chosen = language or default_language(workspace)
    return figures.gather(workspace, period, chosen, today, prepared_by)


def default_language(workspace: Workspace) -> str:
    """The report speaks the workspace's language (its country's), not the reader's:
    the management committee reads it, whoever downloads it."""
    return workspace_language(workspace)


def render(data: ReportData, fmt: str) -> ReportFile:
    """The report in one format: html, pdf, svg (the infographic) or png (the same)."""
    content: bytes | str
    if fmt == "html":
        content = html.render_document(data)
    elif fmt == "pdf":
        content = pdf.render_pdf(data)
    elif fmt == "svg":
        with translation.override(data.language):
            content = infographic.svg(data)
    elif fmt == "png":
        with translation.override(data.language):
            content = infographic.png(data)
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    return ReportFile(content, FORMATS[fmt], f"{data.filename_stem}.{fmt}")


def email_enabled() -> bool:
    """Whether SMTP is configured: the same setting the publication notices read."""
    return bool(getattr(settings, "EMAIL_ENABLED", False))


def period_for(schedule: ReportSchedule, due: dt.datetime) -> ReportPeriod:
    """The period just ended at ``due``: the previous month, or the previous week."""
    local = timezone.localtime(due, _zone(schedule.workspace)).date()
    if schedule.frequency == Frequency.WEEKLY:
        monday = local - dt.timedelta(days=local.weekday() + 7)
        return period_between(monday, monday + dt.timedelta(days=6))
    return last_month(local)


def _zone(workspace: Workspace) -> dt.tzinfo:
    import zoneinfo

    return zoneinfo.ZoneInfo(workspace.timezone or "UTC")


def send_due(now: dt.datetime, worker: str = "reports") -> int:
    """Send every scheduled report that is due; the number sent (see the module)."""
    if not email_enabled():
        return 0
    owner = claims.token(worker)
    sent = 0
    due = ReportSchedule.objects.filter(
        in_active_workspace(), LEASE.free(now), active=True, next_run_at__lte=now
    ).select_related("workspace")
    for schedule in due:
        rows = ReportSchedule.objects.filter(
            pk=schedule.pk, active=True, next_run_at=schedule.next_run_at
        )
        if LEASE.claim(rows, owner, now, CLAIMING) != 1:
            continue  # another worker has it
        mine = ReportSchedule.objects.filter(pk=schedule.pk)
        assert schedule.next_run_at is not None  # due: next_run_at__lte=now
        try:
            send(schedule, schedule.recipient_list, period_for(schedule, schedule.next_run_at))
        except Exception as exc:  # noqa: BLE001 - any failure is recorded, then retried
            logger.warning("report schedule %s: %s", schedule.pk, exc)
            error = str(exc)[:1000] or exc.__class__.__name__
            LEASE.release(mine, owner, FAILING, last_error=error, next_run_at=now + RETRY_AFTER)
            continue
        following = schedule.next_after(now)
        if LEASE.release(mine, owner, DONE, next_run_at=following, last_sent_at=now, last_error=""):
            sent += 1
    return sent


def send(schedule: ReportSchedule, recipients: list[str], period: ReportPeriod) -> None:
    """Build the report for ``period`` in the schedule's language and e-mail it; its
    author is the commentary's, else the schedule's."""
    data = gather(schedule.workspace, period, schedule.language, prepared_by=schedule.created_by)
    message = email_message(data, recipients)
    message.send(fail_silently=False)


def email_message(data: ReportData, recipients: list[str]) -> EmailMultiAlternatives:
    """The e-mail: text, HTML with the infographic inline (cid), the PDF attached; the
    commentary first, as in the report."""
    with translation.override(data.language):
        path = reverse("reports:report", args=[data.workspace_slug])
        query = f"period={data.period.key}&lang={data.language}"
        context = {
            "report": data,
            "image_src": f"cid:{IMAGE_CID}",
            "url": f"{settings.CONFIG.base_url}{path}?{query}",
        }
        subject = render_to_string("reports/email_report_subject.txt", context).strip()
        text = render_to_string("reports/email_report.txt", context)
        body_html = render_to_string("reports/email_report.html", context)
        image = infographic.png(data)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to=recipients)
    message.attach_alternative(body_html, "text/html")
    picture = MIMEImage(image, "png")
    picture.add_header("Content-ID", f"<{IMAGE_CID}>")
    picture.add_header("Content-Disposition", "inline", filename=f"{data.filename_stem}.png")
    message.attach(picture)
    message.attach(f"{data.filename_stem}.pdf", pdf.render_pdf(data), "application/pdf")
    return message
