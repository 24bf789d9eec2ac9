"""GET /api/workspaces/{slug}/listening-kpis: the same figures as ``mostra kpi listening
--format json``, for every member; an outsider gets 404, a bad date 422."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.analytics.listening_kpis.builders import many, query

pytestmark = pytest.mark.django_db
URL = "/api/workspaces/fromagerie/listening-kpis"
OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


@pytest.fixture
def listened(workspace):
    brand = query(workspace, "Fromagerie du Lac", "brand")
    rival = query(workspace, "Laiterie Martin", "competitor")
    many(workspace, brand, dt.date(2026, 10, 8), 3, sentiment=0.6, lang="fr")
    many(workspace, rival, dt.date(2026, 10, 9), 1)
    return workspace


def test_owner_and_teammate_read_the_figures(listened, owner_client, teammate_client):
    for client in (owner_client, teammate_client):
        response = client.get(URL, OCTOBER)
        assert response.status_code == 200
        data = response.json()
        assert data["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
        assert data["kpis"]["mentions"]["value"] == 3
        assert data["kpis"]["share_of_voice"]["value"] == 0.75
        assert data["kpis"]["net_sentiment_ns1"]["value"] == 1
        assert data["kpis"]["mention_reach"]["value"] is None
        assert data["kpis"]["mention_reach"]["missing"]
        assert [v["name"] for v in data["voices"]][1] == "Laiterie Martin"


def test_outsider_gets_404_and_anonymous_401(listened, outsider_client, client):
    assert outsider_client.get(URL, OCTOBER).status_code == 404
    assert client.get(URL, OCTOBER).status_code == 401


def test_a_bad_date_names_the_parameter(listened, owner_client):
    response = owner_client.get(URL, {"from": "2026-13-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]


def test_queries_do_not_grow_with_the_mentions(
    listened, owner_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        owner_client.get(URL, OCTOBER)
    brand = query(listened, "Fromagerie (bis)", "brand")
    many(listened, brand, dt.date(2026, 10, 20), 300, sentiment=-0.2, lang="fr")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner_client.get(URL, OCTOBER).json()["kpis"]["mentions"]["value"] == 303
