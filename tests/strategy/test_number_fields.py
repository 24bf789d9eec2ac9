"""The strategy's number fields are text fields read in the workspace's language: a browser
in English sent "3,2" as 32, and showed "10.0" in a French workspace."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.strategy.models import Objective, StrategyProfile, Tactic
from tests.strategy.fromagerie import url
from tests.strategy.test_views_edit import objective_post


def edit_objective(client, workspace, **changes):
    return client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), objective_post(**changes))


def test_a_decimal_comma_is_read_as_a_decimal_in_a_french_workspace(
    strategy, workspace, owner_client
):
    response = edit_objective(owner_client, workspace, baseline_value="3,2", target_value="4,5")
    assert response.status_code == 302
    objective = Objective.objects.get(key="o-notoriete-ig")
    assert (objective.baseline_value, objective.target_value) == (3.2, 4.5)
    form = owner_client.get(url(workspace, "objectives/o-notoriete-ig/edit/")).content.decode()
    assert 'value="3,2"' in form and 'value="4,5"' in form
    assert 'type="number"' not in form


def test_an_english_workspace_reads_both_marks_and_shows_a_point(strategy, workspace, owner_client):
    Workspace.objects.filter(pk=workspace.pk).update(country="GB")
    response = edit_objective(owner_client, workspace, baseline_value="3,2", target_value="4.5")
    assert response.status_code == 302
    objective = Objective.objects.get(key="o-notoriete-ig")
    assert (objective.baseline_value, objective.target_value) == (3.2, 4.5)
    form = owner_client.get(url(workspace, "objectives/o-notoriete-ig/edit/")).content.decode()
    assert 'value="3.2"' in form and 'value="4.5"' in form


def test_an_ambiguous_number_is_refused_with_how_to_type_it(strategy, workspace, owner_client):
    response = edit_objective(owner_client, workspace, target_value="1,500")
    assert response.status_code == 400
    assert "“1,500” could mean 1,5 or 1500: type the one you mean" in response.content.decode()
    assert Objective.objects.get(key="o-notoriete-ig").target_value == 1500  # unchanged
    fine = edit_objective(owner_client, workspace, target_value="1 800")
    assert fine.status_code == 302
    assert Objective.objects.get(key="o-notoriete-ig").target_value == 1800


def test_the_mission_s_figures_are_shown_and_read_in_the_language(
    strategy, workspace, owner_client
):
    page = owner_client.get(url(workspace, "mission/edit/")).content.decode()
    assert 'name="mission-growth_percent" value="10"' in page  # not "10.0"
    response = owner_client.post(
        url(workspace, "mission/edit/"),
        {
            "mission-vision": "Être la fromagerie du lac.",
            "mission-posts_per_week": "7,5",
            "mission-new_account_months": "6",
            "mission-growth_percent": "2,5",
        },
    )
    assert response.status_code == 302, response.content.decode()
    profile = StrategyProfile.objects.get(workspace=workspace)
    assert profile.posts_per_week == 7.5
    assert profile.default_monthly_growth_max == 0.025


def test_a_tactic_s_rhythm_takes_a_decimal_comma(strategy, workspace, owner_client):
    tactic = Tactic.objects.filter(workspace=workspace).first()
    page = owner_client.get(url(workspace, f"tactics/{tactic.key}/edit/")).content.decode()
    assert 'inputmode="decimal"' in page and 'type="number"' not in page
