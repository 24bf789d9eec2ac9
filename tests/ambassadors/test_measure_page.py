"""The "Programme figures" page: what a community manager reads, for the owner and a
teammate; an outsider gets 404."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from tests.ambassadors.measure_world import build_brand_posts, build_programme

PAGE = "?period=custom&from=2026-10-01&to=2026-10-31"


def url() -> str:
    return reverse("analytics:programme_figures", args=["fromagerie"]) + PAGE


def test_the_owner_reads_the_programme_s_figures(
    owner_client, workspace, django_assert_max_num_queries
):
    build_programme(workspace)
    build_brand_posts(workspace)
    workspace.language = "en"
    workspace.save()

    with time_machine.travel("2026-11-15 10:00Z"), django_assert_max_num_queries(13):
        response = owner_client.get(url(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Programme figures" in page
    assert 'data-kpi="programme_reach"' in page
    assert ">2,000<" in page  # 1,200 + 800
    assert "50%" in page and "(1 / 2)" in page  # compliance: 1 of 2
    assert "2.50\u00a0EUR" in page  # 100 EUR ÷ 40 engagements
    assert "5.00\u00a0EUR" in page  # ÷ 20 clicks
    assert "Léa &lt;Fromages&gt;" in page and "<Fromages>" not in page  # escaped
    assert 'data-row="brand"' in page
    # Reached from Distribution: its sub-tab is the current one, beside the roster's.
    here = reverse("analytics:programme_figures", args=["fromagerie"])
    assert f'<a href="{here}" aria-current="page">Programme figures</a>' in page
    assert reverse("ambassadors:roster", args=["fromagerie"]) in page


def test_the_roster_s_sub_tabs_lead_to_the_programme_figures(owner_client, workspace):
    page = owner_client.get(reverse("ambassadors:roster", args=["fromagerie"])).content.decode()

    assert reverse("analytics:programme_figures", args=["fromagerie"]) in page


def test_the_teammate_reads_it_in_french(teammate_client, workspace):
    build_programme(workspace)

    with time_machine.travel("2026-11-15 10:00Z"):
        response = teammate_client.get(url(), HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert response.status_code == 200
    assert "2\u00a0000" in page or "2 000" in page
    assert "2,50\u00a0EUR" in page


def test_without_a_programme_the_page_says_what_to_do(owner_client, workspace):
    response = owner_client.get(url())

    assert response.status_code == 200
    assert 'data-section="empty"' in response.content.decode()


def test_the_outsider_gets_404(outsider_client, workspace):
    build_programme(workspace)

    assert outsider_client.get(url()).status_code == 404


def test_bad_dates_fall_back_with_a_message(owner_client, workspace):
    base = reverse("analytics:programme_figures", args=["fromagerie"])
    response = owner_client.get(base + "?period=custom&from=2026-13-01&to=nope")

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
