"""The report as an HTML document: the page's preview, the PDF's source, the e-mail.

One template (``reports/report_document.html``) holds the report's sections; the
standalone document (``reports/report.html``) wraps it with the stylesheet inlined, so
that the file works on its own (saved, attached, converted to PDF) without the app.
The infographic is inlined as SVG, or given as an image address (the e-mail's
``cid:``), and rendered in the report's language.
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


def context(data: ReportData, infographic_src: str | None = None) -> dict[str, object]:
    """What the document template needs; the SVG is ours, its texts escaped."""
    return {
        "report": data,
        "infographic": mark_safe(infographic.svg(data)),  # noqa: S308 - texts are escaped
        "infographic_src": infographic_src,
        "stylesheet": mark_safe(stylesheet()),  # noqa: S308 - our own file
    }


def render_fragment(data: ReportData) -> str:
    """The report's sections, to include in the app's page."""
    with translation.override(data.language):
        return render_to_string("reports/report_document.html", context(data))


def render_document(data: ReportData, infographic_src: str | None = None) -> str:
    """The whole HTML document, stylesheet inlined."""
    with translation.override(data.language):
        return render_to_string("reports/report.html", context(data, infographic_src))
