from __future__ import annotations

from mostra.core.models import CrisisTrigger


def _form(level, **overrides):
    data = {
        "name": level.name,
        "response_minutes": "45",
        "first_actions": "Pause scheduled posts\nCall the sponsor",
        "responders": [],
        "trigger_kind": ["reposts_per_hour", "author_followers", ""],
        "trigger_threshold": ["120", "50000", ""],
        "trigger_window": ["1", "", ""],
    }
    data.update(overrides)
    return data


def test_edit_level(workspace, owner_client, teammate_membership):
    level = workspace.crisis_levels.get(key="alert")
    response = owner_client.post(
        f"/w/{workspace.slug}/crisis/{level.pk}/", _form(level, responders=[teammate_membership.pk])
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.response_minutes == 45
    assert level.first_action_list == ["Pause scheduled posts", "Call the sponsor"]
    assert list(level.responders.all()) == [teammate_membership]
    assert sorted(t.describe() for t in level.triggers.all()) == [
        "120 reposts within 1 hour",
        "Author has more than 50,000 followers",
    ]
    page = owner_client.get(f"/w/{workspace.slug}/crisis/").content.decode()
    assert "120 reposts within 1 hour" in page


def test_non_numeric_threshold_refused_and_nothing_changed(workspace, owner_client):
    level = workspace.crisis_levels.get(key="alert")
    before = sorted(level.triggers.values_list("kind", "threshold", "window_hours"))
    response = owner_client.post(
        f"/w/{workspace.slug}/crisis/{level.pk}/",
        _form(level, trigger_threshold=["beaucoup", "50000", ""]),
    )
    assert response.status_code == 400
    assert "must be a whole number" in response.content.decode()
    level.refresh_from_db()
    assert level.response_minutes != 45
    assert sorted(level.triggers.values_list("kind", "threshold", "window_hours")) == before


def test_non_numeric_response_time_refused(workspace, owner_client):
    level = workspace.crisis_levels.get(key="watch")
    response = owner_client.post(
        f"/w/{workspace.slug}/crisis/{level.pk}/", _form(level, response_minutes="vite")
    )
    assert response.status_code == 400
    assert "whole number of minutes" in response.content.decode()


def test_defaults_have_triggers_with_numbers(workspace):
    assert CrisisTrigger.objects.filter(level__workspace=workspace).count() >= 5
    major = workspace.crisis_levels.get(key="major_crisis")
    assert major.rank == 5 and major.response_minutes == 15


def test_printable_version_has_no_navigation(workspace, teammate_client):
    page = teammate_client.get(f"/w/{workspace.slug}/crisis/?print=1").content.decode()
    assert "Major crisis" in page
    assert 'class="tabs"' not in page


def test_teammate_and_outsider_cannot_edit_levels(workspace, teammate_client, outsider_client):
    level = workspace.crisis_levels.get(key="alert")
    for client in (teammate_client, outsider_client):
        assert (
            client.post(f"/w/{workspace.slug}/crisis/{level.pk}/", _form(level)).status_code == 404
        )
    level.refresh_from_db()
    assert level.response_minutes == 60
