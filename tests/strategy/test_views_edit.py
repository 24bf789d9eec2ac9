"""Editing the strategy in place: htmx partials, forms with their errors, each kind
created, edited, moved and deleted."""

from __future__ import annotations

import pytest

from mostra.strategy import document as d
from mostra.strategy.models import Objective, Target
from mostra.strategy.services import objects as service
from tests.strategy.fromagerie import days, letters, url

HTMX = {"HTTP_HX_REQUEST": "true"}


def objective_post(**changes) -> dict[str, object]:
    """The objective form as the browser sends it for o-notoriete-ig."""
    data: dict[str, object] = {
        "objective-o-notoriete-ig-id": "o-notoriete-ig",
        "objective-o-notoriete-ig-title": "Faire connaître l'affinage sur Instagram",
        "objective-o-notoriete-ig-description": "Plus d'abonnés locaux.",
        "objective-o-notoriete-ig-axis": "awareness",
        "objective-o-notoriete-ig-networks": ["instagram"],
        "objective-o-notoriete-ig-kpi": "followers",
        "objective-o-notoriete-ig-baseline_value": "1200",
        "objective-o-notoriete-ig-baseline_date": days(-20).isoformat(),
        "objective-o-notoriete-ig-baseline_source": "Statistiques Instagram",
        "objective-o-notoriete-ig-target_value": "1500",
        "objective-o-notoriete-ig-start": days(-10).isoformat(),
        "objective-o-notoriete-ig-deadline": days(170).isoformat(),
        "objective-o-notoriete-ig-owner": "alice@example.org",
        "objective-o-notoriete-ig-targets": ["t-gourmets", "t-touristes"],
        "objective-o-notoriete-ig-alignment": "",
    }
    data.update({f"objective-o-notoriete-ig-{k}": v for k, v in changes.items()})
    return data


def test_edit_form_is_a_partial_for_htmx(strategy, workspace, owner_client):
    response = owner_client.get(url(workspace, "objectives/o-notoriete-ig/edit/"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert "<html" not in html
    assert 'id="objective-o-notoriete-ig"' in html
    assert 'value="1500"' in html
    # Without htmx, the same URL is a whole page.
    page = owner_client.get(url(workspace, "objectives/o-notoriete-ig/edit/"))
    assert "<html" in page.content.decode()


def test_saving_with_htmx_returns_the_board_and_the_panels(strategy, workspace, owner_client):
    before = owner_client.get(url(workspace)).content.decode()
    assert letters(before, "o-notoriete-ig")["T"] == "ok"
    response = owner_client.post(
        url(workspace, "objectives/o-notoriete-ig/edit/"), objective_post(deadline=""), **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#board"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert letters(html, "o-notoriete-ig")["T"] == "fail"
    assert '<div id="lint-panel" hx-swap-oob="innerHTML">' in html
    assert '<div id="readiness-panel" hx-swap-oob="innerHTML">' in html
    panel = html.split('id="lint-panel"', 1)[1]
    assert 'data-code="objective-no-deadline"' in panel
    assert Objective.objects.get(key="o-notoriete-ig").deadline is None


def test_saving_without_js_redirects_to_the_card(strategy, workspace, owner_client):
    response = owner_client.post(
        url(workspace, "objectives/o-notoriete-ig/edit/"), objective_post(target_value="1800")
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/strategy/#objective-o-notoriete-ig")
    assert Objective.objects.get(key="o-notoriete-ig").target_value == 1800


def test_invalid_form_comes_back_with_errors(strategy, workspace, owner_client):
    data = objective_post(baseline_date="", title="")
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the date of the baseline value." in html
    assert "errorlist" in html
    page = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data)
    assert page.status_code == 400
    assert Objective.objects.get(key="o-notoriete-ig").title.startswith("Faire connaître")


def test_service_error_lands_on_its_field(strategy, workspace, owner_client):
    data = objective_post(id="t-gourmets")  # the id of a target
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "is already used in this strategy" in html
    assert '<details class="advanced" open>' in html  # the id field shows its error
    # An owner who is not a member cannot even be chosen.
    data = objective_post(owner="charlie@example.org")
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data, **HTMX)
    assert response.status_code == 422


def test_create_objective_gets_an_id_from_its_title(strategy, workspace, owner_client):
    data = {
        "objective-new-title": "Être cité par la presse locale",
        "objective-new-axis": "awareness",
        "objective-new-networks": ["facebook"],
        "objective-new-kpi": "share_of_voice",
    }
    response = owner_client.post(url(workspace, "objectives/new/"), data, **HTMX)
    assert response.status_code == 200
    created = Objective.objects.get(title="Être cité par la presse locale")
    assert created.key == "o-etre-cite-par-la-presse-locale"
    assert f'id="objective-{created.key}"' in response.content.decode()


def test_new_form_and_cancel(strategy, workspace, owner_client):
    response = owner_client.get(url(workspace, "objectives/new/?axis=liking"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="liking" selected' in html
    assert owner_client.get(url(workspace, "objectives/new/?cancel=1"), **HTMX).content == b""
    card = owner_client.get(url(workspace, "objectives/o-notoriete-ig/"), **HTMX)
    assert card.content.decode().lstrip().startswith("<article")
    assert 'data-letter="S"' in card.content.decode()  # with its SMART letters
    mission = owner_client.get(url(workspace, "mission/"), **HTMX).content.decode()
    assert (
        mission.lstrip().startswith('<article class="card el el-mission')
        and "Fromagerie" in mission
    )
    for path in [
        "targets/t-gourmets/",
        "platforms/tiktok/",
        "networks/linkedin/",
        "tactics/k-reels/",
    ]:
        assert owner_client.get(url(workspace, path), **HTMX).status_code == 200, path
    assert owner_client.get(url(workspace, "tactics/nope/"), **HTMX).status_code == 404


def test_create_each_kind_without_js(strategy, workspace, owner_client):
    posts = {
        "networks": {"network-new-network": "youtube", "network-new-why": "Tutoriels."},
        "platforms": {"platform-new-network": "youtube", "platform-new-stage": "candidate"},
        "targets": {
            "target-new-name": "Écoles hôtelières",
            "target-new-kind": "indirect",
            "target-new-typology": "collective",
            "target-new-is_priority": "on",
            "target-new-age": ["18-24"],
            "target-new-behaviour_youtube": ["shares"],
            "target-new-inactive": ["facebook"],
        },
        "strategies": {
            "strategy-new-objective": "o-notoriete-ig",
            "strategy-new-title": "Partenariats avec des chefs",
        },
        "tactics": {
            "tactic-new-strategy": "s-coulisses",
            "tactic-new-title": "Live mensuel",
            "tactic-new-networks": ["instagram"],
            "tactic-new-formats": ["live"],
            "tactic-new-per_week": "0.25",
            "tactic-new-slot-TOTAL_FORMS": "2",
            "tactic-new-slot-INITIAL_FORMS": "0",
            "tactic-new-slot-0-day": "sun",
            "tactic-new-slot-0-time": "17:00",
            "tactic-new-slot-0-network": "instagram",
            "tactic-new-slot-1-day": "",
            "tactic-new-slot-1-time": "",
        },
    }
    for kind, data in posts.items():
        response = owner_client.post(url(workspace, f"{kind}/new/"), data)
        assert response.status_code == 302, (kind, response.content.decode()[:3000])
    target = Target.objects.get(name="Écoles hôtelières")
    assert target.priority == 4 and target.behaviour == {"youtube": ["shares"]}
    assert target.inactive == ["facebook"] and target.segments == {"age": ["18-24"]}
    from mostra.strategy.models import Tactic

    live = Tactic.objects.get(title="Live mensuel")
    assert live.slots == [{"day": "sun", "time": "17:00", "network": "instagram"}]
    assert live.per_week == 0.25


def test_edit_every_kind_form_renders(strategy, workspace, owner_client):
    for path in [
        "mission/edit/",
        "networks/instagram/edit/",
        "targets/t-gourmets/edit/",
        "platforms/instagram/edit/",
        "objectives/o-notoriete-ig/edit/",
        "strategies/s-coulisses/edit/",
        "tactics/k-reels/edit/",
    ]:
        for headers in ({}, HTMX):
            response = owner_client.get(url(workspace, path), **headers)
            assert response.status_code == 200, path
    html = owner_client.get(url(workspace, "targets/t-gourmets/edit/"), **HTMX).content.decode()
    grid = html.split('class="behaviour-grid"', 1)[1].split("</thead>", 1)[0]
    assert '<th scope="col">give opinions</th>' in grid  # one column per behaviour
    assert 'name="target-t-gourmets-inactive"' in html
    html = owner_client.get(url(workspace, "tactics/k-reels/edit/"), **HTMX).content.decode()
    assert 'value="18:30"' in html and 'value="sat" selected' in html


def test_mission_edit(strategy, workspace, owner_client):
    data = {
        "mission-vision": "Une nouvelle vision.",
        "mission-posts_per_week": "4",
        "mission-new_account_months": "6",
        "mission-growth_percent": "12.5",
    }
    response = owner_client.post(url(workspace, "mission/edit/"), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une nouvelle vision." in html
    # 6 posts planned for a capacity of 4: the lint says so at once.
    assert 'data-code="capacity-exceeded"' in html.split('id="lint-panel"', 1)[1]
    from mostra.strategy.models import StrategyProfile

    profile = StrategyProfile.objects.get(workspace=workspace)
    assert profile.default_monthly_growth_max == pytest.approx(0.125)


def test_move_target_up_and_down(strategy, workspace, owner_client):
    response = owner_client.post(
        url(workspace, "targets/t-restaurateurs/move/"), {"direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    ranks = dict(Target.objects.filter(workspace=workspace).values_list("key", "priority"))
    assert ranks["t-restaurateurs"] == 1 and ranks["t-gourmets"] == 2
    html = response.content.decode()
    assert html.index('id="target-t-restaurateurs"') < html.index('id="target-t-gourmets"')
    response = owner_client.post(
        url(workspace, "targets/t-restaurateurs/move/"), {"direction": "down"}
    )
    assert response.status_code == 302
    assert Target.objects.get(key="t-restaurateurs").priority == 2
    # A target without a priority is not in the ranking.
    response = owner_client.post(
        url(workspace, "targets/t-influenceurs/move/"), {"direction": "up"}
    )
    assert response.status_code == 404


def test_delete_objective_takes_its_plan_along(strategy, workspace, owner_client):
    page = owner_client.get(url(workspace, "objectives/o-notoriete-ig/delete/"))
    assert page.status_code == 200
    assert "Reels en cave" in page.content.decode()
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/delete/"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#board"
    assert not Objective.objects.filter(key="o-notoriete-ig").exists()
    from mostra.strategy.models import Tactic

    assert not Tactic.objects.filter(key="k-reels").exists()


def test_target_name_is_escaped(owner_membership, workspace, owner_client):
    service.save_target(owner_membership, d.Target(id="t-x", name="<script>alert(1)</script>"))
    html = owner_client.get(url(workspace)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_kind_or_key_is_404(strategy, workspace, owner_client):
    assert owner_client.get(url(workspace, "widgets/x/edit/")).status_code == 404
    assert owner_client.get(url(workspace, "objectives/nope/edit/")).status_code == 404
    assert owner_client.post(url(workspace, "tactics/nope/delete/")).status_code == 404
