"""The KPI catalogue page: every KPI with its formula and source, for members only."""

from __future__ import annotations

from django.urls import reverse

from mostra.analytics.kpis import CATALOGUE

URL = reverse("analytics:kpi_catalogue", args=["fromagerie"])


def test_the_owner_reads_every_kpi_with_formula_and_source(owner_client, workspace):
    response = owner_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for kpi in CATALOGUE.values():
        assert f'id="kpi-{kpi.code}"' in page
        assert str(kpi.label).replace("'", "&#x27;") in page
    assert "Replies received ÷ own posts (originals + replies; reposts are excluded" in page
    assert "Reposts ÷ all posts of the account in the period" in page
    assert (
        '<a href="https://www.kaushik.net/avinash/best-social-media-metrics-conversation-'
        'amplification-applause-economic-value/" rel="noopener">'
    ) in page
    assert "likes + replies + reposts + quotes (+ saves when the source gives them)" in page
    for group in ["Engagement", "Listening", "Paid"]:
        assert f">{group}</h2>" in page


def test_the_teammate_reads_it_too(teammate_client, workspace, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = teammate_client.get(URL)
    assert response.status_code == 200
    assert "Engagement rate by reach" in response.content.decode()


def test_an_outsider_gets_404(outsider_client, workspace):
    assert outsider_client.get(URL).status_code == 404


def test_in_french(owner_client, workspace, settings):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = owner_client.get(URL)
    assert response.status_code == 200
    assert "Taux de repartage" in response.content.decode()
