"""The report as a PDF (A4), from its HTML document through WeasyPrint.

The stylesheet's print rules do the layout: A4 pages with margins, "mostra" and the
page number ("2 / 5") in the bottom margin, the infographic alone on the first page,
no page break inside a table row, a figure card or a highlight. WeasyPrint draws the
inline SVG itself and embeds the DejaVu fonts, so the PDF reads the same everywhere
and its text can be searched and copied.
"""

from __future__ import annotations

import logging

from mostra.reports.report.data import ReportData
from mostra.reports.report.html import render_document

# WeasyPrint and fontTools are talkative at INFO/WARNING for harmless font details.
for name in ("weasyprint", "fontTools"):
    logging.getLogger(name).setLevel(logging.ERROR)


def render_pdf(data: ReportData) -> bytes:
    """The PDF file's bytes, titled with the workspace and the period."""
    from weasyprint import HTML

    rendered = HTML(string=render_document(data)).render()
    rendered.metadata.title = f"{data.workspace_name} — {data.period_label}"
    rendered.metadata.authors = ["mostra"]
    return rendered.write_pdf()
