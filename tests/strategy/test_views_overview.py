"""The strategy overview: the four columns and the checks beside them, for each member."""

from __future__ import annotations

from mostra.core.models import Membership, Role, User
from mostra.strategy import document as d
from mostra.strategy.services import objects as service
from tests.strategy.fromagerie import build_strategy, letters, url


def test_overview_shows_the_four_columns_and_the_checks(strategy, workspace, owner_client):
    response = owner_client.get(url(workspace))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["Mission", "Objectives", "Strategies", "Tactics", "Targets", "Platforms"]:
        assert f"> {title}</h2>" in html or f">{title} <" in html or title in html
    assert "Faire connaître l&#x27;affinage sur Instagram" in html
    assert 'id="objective-o-notoriete-ig"' in html and 'id="tactic-k-reels"' in html
    # The good objective passes S, M, T (M amber: no Instagram account is tracked yet, so
    # nothing measures its followers); the flawed one fails M (target below baseline).
    assert letters(html, "o-notoriete-ig")["M"] == "warn"
    flawed = letters(html, "o-ventes-tiktok")
    assert flawed["M"] == "fail" and flawed["T"] == "fail"
    # The lint panel lists the flaw with its code and a link to the card.
    panel = html.split('id="lint-panel"', 1)[1].split("</section>", 1)[0]
    assert 'data-code="objective-wrong-direction"' in panel
    assert 'href="#objective-o-ventes-tiktok"' in panel
    assert (
        'aria-live="polite"'
        in html.split('id="lint-panel"', 1)[0][-200:] + html.split('id="lint-panel"', 1)[1][:40]
    )
    # Readiness per network.
    assert 'data-network="instagram"' in html
    # Ranked targets, first first.
    assert html.index('id="target-t-gourmets"') < html.index('id="target-t-restaurateurs"')
    # Owners see edit buttons.
    assert f"/w/{workspace.slug}/strategy/objectives/o-notoriete-ig/edit/" in html


def test_teammate_reads_without_edit_buttons(strategy, workspace, teammate_client):
    html = teammate_client.get(url(workspace)).content.decode()
    assert "Faire connaître" in html
    assert "/edit/" not in html
    assert "/strategy/objectives/new/" not in html
    assert "/move/" not in html


def test_empty_strategy_page(workspace, owner_client):
    response = owner_client.get(url(workspace))
    assert response.status_code == 200
    assert "No objective on this axis." in response.content.decode()


def test_query_count_is_bounded(
    owner_membership, workspace, owner_client, django_assert_max_num_queries
):
    build_strategy(owner_membership, extra_objectives=12)
    for i in range(6):
        user = User.objects.create_user(f"m{i}@example.org", "x" * 12)
        Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    with django_assert_max_num_queries(25):
        assert owner_client.get(url(workspace)).status_code == 200


def test_query_count_does_not_grow_with_the_strategy(
    owner_membership, workspace, owner_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_strategy(owner_membership)
    with CaptureQueriesContext(connection) as small:
        owner_client.get(url(workspace))
    for i in range(10, 20):
        service.save_objective(
            owner_membership,
            d.Objective(id=f"o-more-{i}", title=f"Encore {i}", axis="awareness"),
        )
    with CaptureQueriesContext(connection) as large:
        owner_client.get(url(workspace))
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Inline editing with htmx --------------------------------------------------------
