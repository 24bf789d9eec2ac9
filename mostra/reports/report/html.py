"""The report as an HTML document: the page's preview, the PDF's source, the HTML file.

One template (``reports/report_document.html``) holds the report's sections, a document
for the management committee: a title page (workspace, period, author), the
commentary, the key figures, the objectives, the posts that worked best, the
comparison, and a short appendix. It holds no instruction for the team (what to
import, where to click): those are on the web page only. The standalone document
(``reports/report.html``) wraps it with the stylesheet inlined, so that the file works
on its own (saved, attached, converted to PDF) without the app. The infographic is an
image of its own (:mod:`~mostra.reports.report.infographic`), shown beside the
document on the page and in the e-mail.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from mostra.reports.report import infographic
from mostra.reports.report.data import ReportData

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "reports" / "report.css"


@functools.cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def context(data: ReportData) -> dict[str, object]:
    """What the document template needs."""
    return {
        "report": data,
        "stylesheet": mark_safe(stylesheet()),  # noqa: S308 - our own file
    }


def render_fragment(data: ReportData) -> str:
    """The report's sections, to include in the app's page."""
    with translation.override(data.language):
        return render_to_string("reports/report_document.html", context(data))


def render_document(data: ReportData) -> str:
    """The whole HTML document, stylesheet inlined."""
    with translation.override(data.language):
        return render_to_string("reports/report.html", context(data))


def inline_infographic(data: ReportData) -> str:
    """The infographic as inline SVG for the page, in the report's language; its texts
    are escaped (:mod:`~mostra.reports.report.infographic`)."""
    with translation.override(data.language):
        return mark_safe(infographic.svg(data))  # noqa: S308 - texts are escaped
