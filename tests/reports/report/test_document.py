"""The report as a board document: a title page, the commentary first, a short appendix
of the KPIs used, no instruction meant for the team, in the workspace's language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from mostra.reports import services
from mostra.reports.report import html, infographic, pdf
from mostra.reports.report.data import Commentary, CommentaryPart
from mostra.reports.report.figures import gather
from mostra.reports.report.period import parse_period
from tests.reports.report.sample import sample
from tests.reports.report.test_render import plain, svg_texts

OCTOBER = parse_period("2026-10")
TODAY = dt.date(2026, 11, 15)
HIGHLIGHT = "Le comté 24 mois a fait salle comble au marché de samedi."
DECISION = "Nous arrêtons les publications du dimanche soir."
NEXT = "Campagne des paniers de Noël à partir du 1er décembre."


def with_commentary(language: str = "fr"):
    data = sample(language)
    data.author = "Camille Martin, chargée de communication"
    data.commentary = Commentary(
        parts=[
            CommentaryPart("Faits marquants", HIGHLIGHT, "highlights"),
            CommentaryPart("Décisions", DECISION, "decisions"),
            CommentaryPart("Le mois prochain", NEXT, "next_steps"),
        ],
        author=data.author,
        updated="2 novembre 2026",
    )
    return data


def pages(content: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_has_a_title_page_then_the_commentary_first():
    text = pages(pdf.render_pdf(with_commentary()))

    title, first = text[0], text[1]
    assert "Fromagerie du Lac" in title and "octobre 2026" in title
    assert "Camille Martin, chargée de communication" in title  # the author
    assert HIGHLIGHT not in title
    # The commentary opens the report, its three parts in order, before the figures.
    assert first.index(HIGHLIGHT) < first.index(DECISION) < first.index(NEXT)
    assert first.index(NEXT) < first.index("12 345")
    assert first.endswith(f"Fromagerie du Lac · octobre 2026 2 / {len(text)}")


def test_the_commentary_comes_first_in_the_html():
    page = html.render_document(with_commentary("en"))

    assert page.index(HIGHLIGHT) < page.index('id="r-figures"') < page.index("12,345")


def test_without_commentary_the_report_opens_on_its_figures():
    page = html.render_document(sample("en"))

    assert 'id="r-commentary"' not in page
    assert 'id="r-figures"' in page


def test_the_email_opens_with_the_commentary(settings):
    message = services.email_message(with_commentary("fr"), ["direction@example.org"])

    text = plain(message.body)
    assert text.index(HIGHLIGHT) < text.index(NEXT) < text.index("12 345")
    body_html = message.alternatives[0][0]
    assert body_html.index(DECISION) < body_html.index('src="cid:infographic"')


@pytest.mark.django_db
def test_no_instruction_for_the_team_in_the_files(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=TODAY)
    assert any("import" in line for line in data.missing)  # the web page shows these

    document = " ".join(pages(pdf.render_pdf(data)))
    image = " ".join(svg_texts(infographic.svg(data)))
    mail = services.email_message(data, ["direction@example.org"]).body
    for line in data.missing:
        assert plain(line) not in document
        assert line not in mail
    for advice in ("connect the account", "import a", "import an"):
        assert advice not in document and advice not in image


@pytest.mark.django_db
def test_the_appendix_lists_only_the_kpis_used(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=TODAY)

    used = (
        {f.label for f in data.figures}
        | {line.kpi_label for line in data.objectives}
        | {m.label for m in data.comparison.metrics}
    )
    assert {d.label for d in data.definitions} == used
    assert len(data.definitions) < 12  # not the catalogue's 31
    document = " ".join(pages(pdf.render_pdf(data)))
    appendix = document[document.rindex("Appendix") : document.rindex("The same definitions")]
    assert "Repost ratio" in appendix and "Posts" in appendix
    for unused in ("Cost per click (CPC)", "Net sentiment", "Share of voice", "Reach"):
        assert unused not in appendix


@pytest.mark.django_db
def test_the_report_is_in_the_workspaces_language(workspace, measured, owner):
    assert services.default_language(workspace) == "fr"  # a workspace in France

    data = services.gather(workspace, OCTOBER, today=TODAY, prepared_by=owner)

    assert data.language == "fr" and data.period_label == "octobre 2026"
    assert data.author == "Alice Martin"
    workspace.country = "GB"
    assert services.gather(workspace, OCTOBER, today=TODAY).period_label == "October 2026"
