"""The evangelisation report's pages: the preview, its downloads, its commentary, its schedules.

Everyone in the workspace reads the report and downloads it (PDF, SVG, PNG), in the
workspace's language unless another is chosen; owners, managers and editors write the
period's commentary on the same page; the schedules that e-mail it are listed to
everyone and changed by those who may edit the workspace (owners and managers). The
notes for the team (what data is missing, how to get it) are on the page only, never
in the files. A period that cannot be read is said on the page (or, for a download,
in a 400 answer), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.analytics.progress import local_today
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm, require
from mostra.core.services.workspaces import workspace_language
from mostra.core.views.base import workspace_view
from mostra.reports import commentary as commentaries
from mostra.reports import schedules as schedule_service
from mostra.reports import services
from mostra.reports.models import ReportSchedule
from mostra.reports.report.forms import CommentaryForm, PeriodForm, ReportScheduleForm
from mostra.reports.report.html import inline_infographic, render_fragment
from mostra.reports.report.period import PeriodRefused, ReportPeriod, last_month, parse_period


def _period_form(request: HttpRequest, membership: Membership) -> PeriodForm:
    """The period picker; the report speaks the workspace's language unless asked. Its
    months, and the default one (the last full month), are the workspace's: a month ends
    at midnight in its time zone, not in the server's."""
    today = local_today(membership.workspace)
    language = services.default_language(membership.workspace)
    return PeriodForm(request.GET or None, today, language)


def _choice(form: PeriodForm) -> tuple[Any, str] | None:
    if form.is_bound and not form.is_valid():
        return None
    if not form.is_bound:
        return last_month(form.today), form.default_language
    return form.report_period, form.language


def _query(period: ReportPeriod, language: str) -> str:
    return f"period={period.key}&lang={language}"


def _page(
    request: HttpRequest,
    membership: Membership,
    form: PeriodForm,
    chosen: tuple[ReportPeriod, str] | None,
    commentary_form: CommentaryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The picker, the team's notes, the commentary's form, the document, the image."""
    workspace = membership.workspace
    context: dict[str, Any] = {"workspace": workspace, "form": form}
    if chosen is not None:
        period, language = chosen
        data = services.gather(workspace, period, language, prepared_by=membership)
        may_write = commentaries.may_write(membership)
        if may_write and commentary_form is None:
            written = data.commentary
            initial = {p.name: p.text for p in written.parts} if written else {}
            commentary_form = CommentaryForm(initial=initial, period=period)
        context.update(
            {
                "document": render_fragment(data),
                "infographic": inline_infographic(data),
                "query": _query(period, language),
                "selected_period": period.key,
                "selected_language": language,
                "data": data,
                "period": period,
                "commentary_form": commentary_form if may_write else None,
            }
        )
    context["can_schedule"] = has_perm(membership, Perm.EDIT_WORKSPACE)
    return render(request, "reports/report_page.html", context, status=status)


@workspace_view(Perm.VIEW)
def report(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The period picker and the report's preview, with its download links."""
    form = _period_form(request, membership)
    chosen = _choice(form)
    return _page(request, membership, form, chosen, status=200 if chosen else 400)


@require_POST
@workspace_view(Perm.WRITE_COMMENTARY)
def report_commentary(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Save the period's commentary (owners, managers, editors), then back to the report.

    A refusal (a text too long) shows the page again with what was typed (400).
    """
    slug = membership.workspace.slug
    language = request.POST.get("lang") or services.default_language(membership.workspace)
    language = language if language in dict(settings.LANGUAGES) else "en"
    try:
        period = parse_period(request.POST.get("period", ""))
    except PeriodRefused as exc:
        messages.error(request, exc.message)
        return redirect("reports:report", slug)
    commentary_form = CommentaryForm(request.POST, period=period)
    if commentary_form.is_valid():
        try:
            commentaries.save_commentary(
                membership, period, commentaries.CommentaryText(**commentary_form.cleaned_data)
            )
        except DomainError as exc:
            commentary_form.add_error(exc.field, exc.message)
    if not commentary_form.is_valid():
        form = PeriodForm(
            {"period": period.key, "lang": language}, local_today(membership.workspace), language
        )
        form.is_valid()
        return _page(request, membership, form, (period, language), commentary_form, status=400)
    messages.success(
        request,
        _("Commentary saved: it opens the report for %(period)s.") % {"period": period.label()},
    )
    target = reverse("reports:report", args=[slug])
    return redirect(f"{target}?{_query(period, language)}#commentary")


def _download(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponse:
    form = _period_form(request, membership)
    chosen = _choice(form)
    if chosen is None:
        errors = " ".join(str(e) for e in form.non_field_errors()) or _("Choose a period.")
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    period, language = chosen
    data = services.gather(membership.workspace, period, language, prepared_by=membership)
    file = services.render(data, fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@workspace_view(Perm.VIEW)
def report_pdf(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _download(request, membership, "pdf")


@workspace_view(Perm.VIEW)
def report_svg(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _download(request, membership, "svg")


@workspace_view(Perm.VIEW)
def report_png(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _download(request, membership, "png")


def _schedules_page(
    request: HttpRequest,
    membership: Membership,
    form: ReportScheduleForm | None,
    editing: ReportSchedule | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "schedules": list(ReportSchedule.objects.filter(workspace=workspace)),
        "form": form,
        "editing": editing,
        "can_edit": has_perm(membership, Perm.EDIT_WORKSPACE),
        "email_enabled": services.email_enabled(),
    }
    return render(request, "reports/report_schedules.html", context, status=status)


def _save(form: ReportScheduleForm, membership: Membership, pk: int | None = None) -> bool:
    """Save through the service (:mod:`mostra.reports.schedules`); a refusal goes on the
    form, on its field."""
    values = {name: form.cleaned_data[name] for name in schedule_service.FIELDS}
    try:
        schedule_service.save_schedule(membership, values, pk)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    return True


def _numbers(membership: Membership) -> str:
    """The language the schedule's day is typed in: the workspace's."""
    return workspace_language(membership.workspace)


@workspace_view(Perm.VIEW)
def schedules(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The schedules; a POST (owners and managers) adds one."""
    can_edit = has_perm(membership, Perm.EDIT_WORKSPACE)
    if request.method != "POST":
        form = ReportScheduleForm(language=_numbers(membership)) if can_edit else None
        return _schedules_page(request, membership, form)
    require(membership, Perm.EDIT_WORKSPACE)  # 404, as for any right a member lacks
    form = ReportScheduleForm(request.POST, language=_numbers(membership))
    if not form.is_valid() or not _save(form, membership):
        return _schedules_page(request, membership, form, status=400)
    messages.success(request, _("Schedule saved: the report will be sent on its day."))
    return redirect("reports:report_schedules", membership.workspace.slug)


@workspace_view(Perm.EDIT_WORKSPACE)
def schedule_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    schedule = get_object_or_404(ReportSchedule, pk=pk, workspace=membership.workspace)
    if request.method != "POST":
        form = ReportScheduleForm(instance=schedule, language=_numbers(membership))
        return _schedules_page(request, membership, form, editing=schedule)
    form = ReportScheduleForm(request.POST, instance=schedule, language=_numbers(membership))
    if not form.is_valid() or not _save(form, membership, schedule.pk):
        return _schedules_page(request, membership, form, editing=schedule, status=400)
    messages.success(request, _("Schedule saved."))
    return redirect("reports:report_schedules", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def schedule_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        schedule_service.delete_schedule(membership, pk)
    except schedule_service.NoSuchSchedule as exc:
        raise Http404 from exc
    messages.success(request, _("Schedule deleted: no more report will be sent by it."))
    return redirect("reports:report_schedules", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def schedule_send(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Send the schedule's latest report now, to the current user only (a test)."""
    schedule = get_object_or_404(ReportSchedule, pk=pk, workspace=membership.workspace)
    target = redirect("reports:report_schedules", membership.workspace.slug)
    if not services.email_enabled():
        messages.error(request, _("E-mail is not configured: set MOSTRA_SMTP_URL, then try again."))
        return target
    if not request.user.email:
        messages.error(request, _("Your account has no e-mail address to send the test to."))
        return target
    period = services.period_for(schedule, timezone.now())
    try:
        services.send(schedule, [request.user.email], period)
    except Exception as exc:  # noqa: BLE001 - the mail server's answer, shown as is
        messages.error(request, _("The test could not be sent: %(error)s") % {"error": exc})
        return target
    messages.success(
        request,
        _("Test sent to %(address)s: the report for %(period)s.")
        % {"address": request.user.email, "period": period.label()},
    )
    return target
