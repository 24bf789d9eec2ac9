"""URLs of the report pages (joined in :mod:`mostra.reports.urls`)."""

from django.urls import URLPattern, path

from mostra.reports.views import report

urlpatterns: list[URLPattern] = [
    path("report/", report.report, name="report"),
    path("report/commentary/", report.report_commentary, name="report_commentary"),
    path("report/pdf/", report.report_pdf, name="report_pdf"),
    path("report/infographic.svg", report.report_svg, name="report_svg"),
    path("report/infographic.png", report.report_png, name="report_png"),
    path("report/schedules/", report.schedules, name="report_schedules"),
    path("report/schedules/<int:pk>/", report.schedule_edit, name="report_schedule_edit"),
    path(
        "report/schedules/<int:pk>/delete/", report.schedule_delete, name="report_schedule_delete"
    ),
    path("report/schedules/<int:pk>/send/", report.schedule_send, name="report_schedule_send"),
]
