"""The objectives page shows the funnel of a "make act" objective, unknown steps in
words, in English and in French; other axes have none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from mostra.analytics.conversions import services
from tests.analytics.conversions.builders import ad_day, campaign, traffic
from tests.analytics.measurements.builders import registrations_objective

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def on_18_november():
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC), tick=False):
        yield


def page(client, workspace, language="en"):
    response = client.get(
        reverse("analytics:objectives", args=[workspace.slug]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_funnel_of_an_action_objective(workspace, owner_membership, teammate_client):
    objective = registrations_objective(workspace)
    paid = campaign(
        workspace, objective=objective, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30)
    )
    ad_day(paid, dt.date(2026, 11, 10), spend=Decimal("45.00"), reach=None, clicks=90)
    traffic(workspace, dt.date(2026, 11, 10), 60, {"Inscription": 3})
    services.map_goal(owner_membership, "Inscription", "registrations")
    html = page(teammate_client, workspace)
    assert 'data-section="funnel"' in html
    assert (
        '<tr data-step="reach"><th scope="row">Reach (paid campaigns)</th>'
        '<td class="num op-missing">unknown</td>' in html
    )
    assert (
        '<tr data-step="visits"><th scope="row">Visits (web analytics)</th>'
        '<td class="num">60</td><td class="num">66.7 %</td>' in html
    )
    assert "15.00 EUR" in html  # 45 for 3 conversions
    french = page(teammate_client, workspace, "fr")
    assert "Entonnoir" in french and "inconnu" in french and "15,00 EUR" in french


def test_no_funnel_for_another_axis_and_words_when_nothing_is_measured(workspace, teammate_client):
    registrations_objective(workspace, key="o-liking", axis="liking", title="Aimer")
    assert 'data-section="funnel"' not in page(teammate_client, workspace)
    registrations_objective(workspace)
    html = page(teammate_client, workspace)
    assert "No step of the funnel is measured yet" in html


def conversions_url(workspace, name="conversions"):
    return reverse(f"analytics:{name}", args=[workspace.slug])


def test_the_conversions_page_import_and_goal(
    workspace, owner_client, teammate_client, outsider_client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mostra.analytics.models import GoalMapping, TrafficRow
    from tests.analytics.conversions.conftest import DATA

    def upload(client, content: bytes, **extra):
        return client.post(
            conversions_url(workspace, "conversions_import"),
            {"file": SimpleUploadedFile("export.csv", content), "source": "matomo", **extra},
        )

    sample = (DATA / "matomo_campaigns.csv").read_bytes()
    assert outsider_client.get(conversions_url(workspace)).status_code == 404
    assert upload(teammate_client, sample).status_code == 404
    assert (
        "Nothing imported yet" in teammate_client.get(conversions_url(workspace)).content.decode()
    )
    refused = upload(owner_client, b"Page,Pageviews\n/,12\n")
    assert refused.status_code == 400 and "Session campaign" in refused.content.decode()
    done = upload(owner_client, sample)
    assert done.status_code == 302 and TrafficRow.objects.count() == 5
    page_html = teammate_client.get(conversions_url(workspace)).content.decode()
    assert "5 rows imported" in page_html and "Inscription: 6" in page_html
    assert 'action="/w/fromagerie/analytics/conversions/import/"' not in page_html  # no form
    goal = conversions_url(workspace, "conversion_goal")
    assert teammate_client.post(goal, {"goal": "Inscription", "kpi": "sales"}).status_code == 404
    assert owner_client.post(goal, {"goal": "Inscription", "kpi": "sales"}).status_code == 302
    assert GoalMapping.objects.get().kpi == "sales"
    french = owner_client.get(conversions_url(workspace), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Importer un export" in french.content.decode()
