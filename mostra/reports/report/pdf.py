"""The report as a PDF (A4) for the management committee, from its HTML document.

The stylesheet's print rules do the layout (WeasyPrint): a title page (workspace,
period, author, date, the contents with their page numbers), then the commentary, the
figures and the tables; the workspace and the period at the foot of every other page,
the page number ("2 / 5") on each; no page break inside a table row, a tile or a
definition. It is written in the report's language, which is the workspace's unless
asked otherwise (:func:`mostra.reports.services.default_language`). WeasyPrint embeds
the DejaVu fonts, so the PDF reads the same everywhere and its text can be searched.
"""

from __future__ import annotations

import logging

from mostra.reports.report.data import ReportData
from mostra.reports.report.html import render_document

# WeasyPrint and fontTools are talkative at INFO/WARNING for harmless font details.
for name in ("weasyprint", "fontTools"):
    logging.getLogger(name).setLevel(logging.ERROR)


def render_pdf(data: ReportData) -> bytes:
    """The PDF file's bytes, titled with the workspace and the period, by its author."""
    from weasyprint import HTML

    rendered = HTML(string=render_document(data)).render()
    rendered.metadata.title = f"{data.workspace_name} — {data.period_label}"
    rendered.metadata.authors = [data.author or "mostra"]
    rendered.metadata.lang = data.language
    return rendered.write_pdf()
