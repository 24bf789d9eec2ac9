"""GET /api/workspaces/{slug}/kpis/programme: the programme's KPIs and rows, for the
owner and a teammate; an outsider gets 404; a bad month answers 422 naming it."""

from __future__ import annotations

import pytest

from tests.ambassadors.measure_world import build_brand_posts, build_programme

PATH = "/workspaces/fromagerie/kpis/programme"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def programme(workspace):
    build_programme(workspace)
    build_brand_posts(workspace)


def test_the_owner_reads_the_programme_s_kpis(alice, programme, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = alice.get(PATH, period="2026-10")

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert body["kpis"]["programme_reach"]["value"] == 2000
    assert body["kpis"]["programme_compliance_rate"]["value"] == 0.5
    assert body["kpis"]["programme_cost_per_engagement"]["value"] == 2.5
    assert body["kpis"]["programme_conversions"]["value"] is None
    assert body["kpis"]["programme_conversions"]["missing"]
    assert body["non_compliant_posts"] == 1
    lea = body["members"][0]
    assert (lea["name"], lea["reach"], lea["engagements"], lea["clicks"]) == (
        "Léa <Fromages>",
        2000,
        40,
        20,
    )
    assert lea["cost_per_click"] == "5.00" and lea["currency"] == "EUR"
    assert body["campaigns"][0]["name"] == "Lancement Comté"
    assert body["median_engagements_per_post"]["brand"] == 20


def test_the_teammate_reads_them_too(bob, programme):
    response = bob.get(PATH, period="2026-10")

    assert response.status_code == 200
    assert response.json()["kpis"]["programme_clicks"]["value"] == 25


def test_the_outsider_gets_404(charlie, programme):
    assert charlie.get(PATH, period="2026-10").status_code == 404


@pytest.mark.parametrize("bad", ["2026-13", "octobre", "2026-10-01"])
def test_a_bad_month_is_refused_naming_it(alice, workspace, bad):
    response = alice.get(PATH, period=bad)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "period"]
    assert "YYYY-MM" in response.json()["detail"][0]["msg"]


def test_without_a_programme_every_kpi_says_why(alice, workspace):
    body = alice.get(PATH).json()

    assert all(k["value"] is None and k["missing"] for k in body["kpis"].values())
    assert body["members"] == [] and body["campaigns"] == []
