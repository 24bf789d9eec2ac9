"""The report's listening section: the figures, the share of voice per competitor, the
response time against its target, the incidents; an objective on share of voice; the
queries read do not grow with the mentions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.core.models import Incident, IncidentEvent
from mostra.reports.report import html, pdf
from mostra.reports.report.figures import gather
from mostra.reports.report.period import parse_period
from mostra.strategy.models import Objective
from tests.analytics.listening_kpis.builders import PARIS, many, mention, query
from tests.reports.report.test_document import pages

pytestmark = pytest.mark.django_db

OCTOBER = parse_period("2026-10")
TODAY = dt.date(2026, 11, 15)


def at(day: int, hour: int, minute: int = 0, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def listened(workspace):
    brand = query(workspace, "Fromagerie du Lac", "brand")
    martin = query(workspace, "Laiterie Martin", "competitor")
    roux = query(workspace, "Crèmerie Roux", "competitor")
    many(workspace, brand, dt.date(2026, 10, 8), 6, sentiment=0.6, lang="fr")
    many(workspace, brand, dt.date(2026, 10, 9), 2, sentiment=-0.6, lang="fr")
    many(workspace, martin, dt.date(2026, 10, 9), 9)
    many(workspace, roux, dt.date(2026, 10, 9), 3)
    many(workspace, brand, dt.date(2026, 9, 9), 4, sentiment=0.6, lang="fr")  # September
    for hours in (2, 5, 40):  # answered in October: median 5 h
        mention(
            workspace,
            brand,
            day=dt.date(2026, 10, 12),
            published_at=at(12, 8),
            responded_at=at(12, 8) + dt.timedelta(hours=hours),
            sentiment=0.0,
        )
    burst = Incident.objects.create(
        workspace=workspace,
        level_name="Alerte",
        trigger_kind="negative_surge",
        trigger_text="Sentiment négatif : 50 mentions en 2 h",
        opened_at=at(20, 14),
        closed_at=at(20, 17, 20),
    )
    for action, moment in (("opened", at(20, 14)), ("paused", at(20, 14, 5))):
        IncidentEvent.objects.create(incident=burst, action=action, at=moment)
    IncidentEvent.objects.create(incident=burst, action="resumed", at=at(20, 17, 20))
    Incident.objects.create(
        workspace=workspace,
        level_name="Vigilance",
        trigger_kind="author_reach",
        trigger_text="Un auteur de plus de 10 000 abonnés",
        opened_at=at(30, 9),
    )
    Incident.objects.create(  # November: not this report's
        workspace=workspace,
        level_name="Crise",
        trigger_kind="volume_spike",
        trigger_text="Pic de volume",
        opened_at=at(3, 9, month=11),
    )
    return workspace


def test_the_listening_section_figures_and_voices(listened):
    section = gather(listened, OCTOBER, "en", today=TODAY).listening
    assert section is not None
    figures = {f.code: f for f in section.figures}
    assert figures["mentions"].text == "11"  # 6 + 2 + 3 answered
    assert figures["mentions"].change_text == "+175%"  # 4 in September
    assert figures["share_of_voice"].text == "48%"  # 11 ÷ (11 + 9 + 3)
    assert figures["net_sentiment_ns1"].text == "50%"  # (6 − 2) ÷ 8
    assert figures["net_sentiment_ns2"].text == "36%"  # (6 − 2) ÷ 11
    assert figures["response_time_median"].text == "5\u00a0h"
    assert section.response_target == "Target: 24\u00a0h — met"
    assert figures["mention_reach"].text == "—"  # no author's audience known
    assert [(v.name, v.mentions, v.share) for v in section.voices] == [
        ("Us (own brand)", "11", "48%"),
        ("Laiterie Martin", "9", "39%"),
        ("Crèmerie Roux", "3", "13%"),
    ]


def test_the_incidents_of_the_period(listened):
    section = gather(listened, OCTOBER, "en", today=TODAY).listening
    burst, watch = section.incidents
    assert burst.level == "Alerte" and "50 mentions" in burst.trigger
    assert burst.opened == "20 October 2026, 14:00" and burst.closed == "20 October 2026, 17:20"
    assert burst.duration == "3 h 20 min"
    assert burst.publishing == "Publishing paused, then resumed"
    assert watch.level == "Vigilance" and watch.closed == "" and watch.duration == "still open"
    assert watch.publishing == ""


def test_the_html_and_the_pdf_show_the_section(listened):
    data = gather(listened, OCTOBER, "en", today=TODAY)
    page = html.render_document(data)
    section = page[page.index('id="r-listening"') : page.index('id="r-top-posts"')]
    assert "Laiterie Martin" in section and "Sentiment négatif : 50 mentions en 2 h" in section
    assert "Publishing paused, then resumed" in section and "not paused" in section
    assert "Pic de volume" not in page  # November's
    assert 'href="#r-listening"' in page  # in the contents
    document = " ".join(pages(pdf.render_pdf(data)))
    assert "Listening" in document and "Incidents" in document
    assert "Laiterie Martin" in document and "3 h 20 min" in document
    # No instruction for the team in the files: the missing reach is on the page only.
    assert "feeds and news alerts" not in document
    assert any("Mention reach" in line for line in data.missing)


def test_a_period_without_incident_says_so(listened):
    data = gather(listened, parse_period("2026-09"), "en", today=TODAY)
    assert data.listening is not None and data.listening.incidents == []
    assert "No incident in the period." in html.render_document(data)


def test_a_workspace_that_does_not_listen_has_no_section(workspace):
    data = gather(workspace, OCTOBER, "en", today=TODAY)
    assert data.listening is None
    assert 'id="r-listening"' not in html.render_document(data)


def test_an_objective_on_share_of_voice_in_the_objectives(listened):
    Objective.objects.create(
        workspace=listened,
        key="o-sov",
        title="Être plus cité que la concurrence",
        axis="awareness",
        kpi="share_of_voice",
        baseline_value=30,
        target_value=60,
        deadline=dt.date(2026, 12, 31),
    )
    data = gather(listened, OCTOBER, "en", today=dt.date(2026, 10, 31))
    line = next(line for line in data.objectives if line.kpi_code == "share_of_voice")
    assert line.current == "47.8%" and line.status != "missing_data"
    assert "Share of voice" not in data.unmeasured
    assert "Share of voice" in {d.label for d in data.definitions}


def test_the_queries_do_not_grow_with_the_mentions(listened):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            gather(listened, OCTOBER, "en", today=TODAY)
        return len(queries)

    few = count()
    brand = query(listened, "Fromagerie (bis)", "brand")
    for day in range(1, 29):
        many(listened, brand, dt.date(2026, 10, day), 20, sentiment=-0.3, lang="fr")
    assert count() == few
