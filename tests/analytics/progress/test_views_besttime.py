"""The best-time page: owner, teammate, outsider; the basis labelled; the figures; queries."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from mostra.analytics.besttime import heatmap as real_heatmap
from tests.analytics.progress.builders import account
from tests.analytics.progress.test_besttime import TODAY, history


def url(workspace, **query) -> str:
    base = reverse("analytics:best_time", args=[workspace.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture(autouse=True)
def _today():
    with mock.patch(
        "mostra.analytics.views.besttime.heatmap",
        side_effect=lambda acc: real_heatmap(acc, today=TODAY),
    ):
        yield


@pytest.fixture
def own(workspace):
    acc = account(workspace)
    history(acc)
    return acc


def test_owner_reads_the_heatmap_of_the_own_account(own, owner_client):
    response = owner_client.get(url(own.workspace))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-basis="own"' in html
    assert "From this account's own 98 publications since 5 January 2026" in html
    assert "Europe/Paris" in html
    assert 'title="Tuesday 10:00–11:00: 5.0× the typical engagement (24 publications)"' in html
    assert 'class="none" title="Sunday 22:00–23:00: not enough data (2 publications)"' in html
    top = html.split('data-slot="1"')[1].split("</li>")[0]
    assert "Tuesday 10:00–11:00" in top and "5.0×" in top


def test_a_competitor_without_history_gets_the_studies_labelled(own, owner_client):
    rival = account(own.workspace, network="linkedin", handle="rival", is_competitor=True)
    html = owner_client.get(url(own.workspace, account=rival.pk)).content.decode()
    assert 'data-basis="studies"' in html
    assert "From published studies — a starting point until you have history." in html
    assert "Sprout Social" in html and "local time" in html
    assert 'class="rec" title="Tuesday 10:00–11:00: recommended by the studies"' in html
    assert "From this account" not in html


def test_teammate_sees_the_page(own, teammate_client):
    assert teammate_client.get(url(own.workspace)).status_code == 200


def test_outsider_gets_404(own, outsider_client):
    assert outsider_client.get(url(own.workspace)).status_code == 404


def test_another_workspace_account_or_a_bad_id_is_404(own, owner_client, outsider):
    from mostra.core.models import Workspace

    theirs = account(Workspace.objects.get(slug="other-brand"), handle="theirs")
    assert owner_client.get(url(own.workspace, account=theirs.pk)).status_code == 404
    assert owner_client.get(url(own.workspace, account="x1")).status_code == 404


def test_no_tracked_account_says_what_to_do(workspace, owner_client):
    html = owner_client.get(url(workspace)).content.decode()
    assert "No tracked account yet" in html


def test_the_page_reads_a_bounded_number_of_queries(
    own, owner_client, django_assert_max_num_queries
):
    for i in range(5):
        account(own.workspace, handle=f"rival{i}", is_competitor=True)
    with django_assert_max_num_queries(10):
        assert owner_client.get(url(own.workspace)).status_code == 200
