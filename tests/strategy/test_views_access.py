"""Every strategy page and every change, seen by the owner, a teammate and an outsider.

Owners and managers change the strategy; editors and viewers read it; outsiders get
404 everywhere, as if the workspace did not exist.
"""

from __future__ import annotations

import pytest

from mostra.core.models import Membership, Role
from mostra.strategy.services.export import export_document
from tests.conftest import client_for

# (path, owner's status, teammate's status)
PAGES = [
    ("", 200, 200),
    ("affinity/", 200, 200),
    ("summary/", 200, 200),
    ("summary/?lang=en", 200, 200),
    ("summary.pdf", 200, 200),
    ("mission/", 302, 302),  # a card: without htmx, back to the overview
    ("objectives/o-notoriete-ig/", 302, 302),
    ("mission/edit/", 200, 404),
    ("networks/new/", 200, 404),
    ("networks/instagram/edit/", 200, 404),
    ("targets/new/", 200, 404),
    ("targets/t-gourmets/edit/", 200, 404),
    ("targets/t-gourmets/delete/", 200, 404),
    ("platforms/new/", 200, 404),
    ("platforms/instagram/edit/", 200, 404),
    ("objectives/new/?axis=action", 200, 404),
    ("objectives/o-notoriete-ig/edit/", 200, 404),
    ("objectives/o-notoriete-ig/delete/", 200, 404),
    ("strategies/new/", 200, 404),
    ("strategies/s-coulisses/edit/", 200, 404),
    ("tactics/new/", 200, 404),
    ("tactics/k-reels/edit/", 200, 404),
    ("tactics/k-reels/delete/", 200, 404),
]

# (path, data): each is a valid change for the owner.
POSTS = [
    (
        "mission/edit/",
        {"mission-vision": "V", "mission-new_account_months": "6", "mission-growth_percent": "10"},
    ),
    ("networks/new/", {"network-new-network": "youtube"}),
    ("networks/instagram/edit/", {"network-instagram-why": "Autre raison"}),
    ("networks/facebook/delete/", {}),
    (
        "targets/new/",
        {
            "target-new-name": "Nouvelle cible",
            "target-new-kind": "direct",
            "target-new-typology": "collective",
        },
    ),
    (
        "targets/t-touristes/edit/",
        {
            "target-t-touristes-name": "Touristes",
            "target-t-touristes-kind": "indirect",
            "target-t-touristes-typology": "collective",
        },
    ),
    ("targets/t-influenceurs/delete/", {}),
    ("targets/t-touristes/move/", {"direction": "up"}),
    ("platforms/new/", {"platform-new-network": "youtube", "platform-new-stage": "candidate"}),
    ("platforms/instagram/edit/", {"platform-instagram-stage": "launching"}),
    ("platforms/tiktok/delete/", {}),
    (
        "objectives/new/",
        {"objective-new-title": "Nouvel objectif", "objective-new-axis": "awareness"},
    ),
    (
        "objectives/o-leads-linkedin/edit/",
        {"objective-o-leads-linkedin-title": "Leads", "objective-o-leads-linkedin-axis": "action"},
    ),
    ("objectives/o-ventes-tiktok/delete/", {}),
    (
        "strategies/new/",
        {"strategy-new-objective": "o-notoriete-ig", "strategy-new-title": "Nouvelle stratégie"},
    ),
    (
        "strategies/s-pro/edit/",
        {"strategy-s-pro-objective": "o-leads-linkedin", "strategy-s-pro-title": "Le blog"},
    ),
    ("strategies/s-arrivages/delete/", {}),
    (
        "tactics/new/",
        {
            "tactic-new-strategy": "s-coulisses",
            "tactic-new-title": "Nouvelle",
            "tactic-new-slot-TOTAL_FORMS": "0",
            "tactic-new-slot-INITIAL_FORMS": "0",
        },
    ),
    (
        "tactics/k-reels/edit/",
        {
            "tactic-k-reels-strategy": "s-coulisses",
            "tactic-k-reels-title": "Reels",
            "tactic-k-reels-slot-TOTAL_FORMS": "0",
            "tactic-k-reels-slot-INITIAL_FORMS": "0",
        },
    ),
    ("tactics/k-articles/delete/", {}),
]


def url(workspace, path: str) -> str:
    return f"/w/{workspace.slug}/strategy/{path}"


@pytest.mark.parametrize(("path", "owner_status", "teammate_status"), PAGES)
def test_pages_for_the_cast(
    strategy, workspace, owner, teammate, outsider, path, owner_status, teammate_status
):
    assert client_for(owner).get(url(workspace, path)).status_code == owner_status
    assert client_for(teammate).get(url(workspace, path)).status_code == teammate_status
    response = client_for(outsider).get(url(workspace, path))
    assert response.status_code == 404
    assert b"Fromagerie" not in response.content


@pytest.mark.parametrize(("path", "data"), POSTS)
def test_changes_for_the_cast(strategy, workspace, owner, teammate, outsider, path, data):
    before = export_document(workspace)
    for user in (teammate, outsider):
        assert client_for(user).post(url(workspace, path), data).status_code == 404
        assert export_document(workspace) == before, "a refused change changed something"
    response = client_for(owner).post(url(workspace, path), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert export_document(workspace) != before


@pytest.mark.parametrize(("path", "data"), [p for p in POSTS if "/delete/" not in p[0]])
def test_htmx_changes_answer_with_the_board(strategy, workspace, owner_client, path, data):
    response = owner_client.post(url(workspace, path), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["HX-Retarget"] == "#board"
    assert 'id="lint-panel" hx-swap-oob="innerHTML"' in response.content.decode()


def test_manager_may_edit_viewer_may_not(strategy, workspace, teammate, teammate_membership):
    path = url(workspace, "objectives/o-notoriete-ig/edit/")
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.VIEWER)
    assert client_for(teammate).get(path).status_code == 404
    assert client_for(teammate).get(url(workspace, "")).status_code == 200
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.MANAGER)
    assert client_for(teammate).get(path).status_code == 200


def test_anonymous_is_sent_to_login(strategy, workspace):
    for path in ["", "affinity/", "summary.pdf"]:
        response = client_for(None).get(url(workspace, path))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_elements_of_another_workspace_are_404(strategy, workspace, outsider):
    """Charlie's own strategy keys cannot be reached through Alice's workspace, and
    Alice's keys cannot be edited through Charlie's workspace."""
    charlie = client_for(outsider)
    assert charlie.get("/w/other-brand/strategy/objectives/o-notoriete-ig/edit/").status_code == 404
    assert (
        charlie.post("/w/other-brand/strategy/objectives/o-notoriete-ig/delete/").status_code == 404
    )
    assert export_document(workspace).objectives[0].id == "o-notoriete-ig"


def test_strategy_tab_in_the_navigation(strategy, workspace, owner_client):
    html = owner_client.get(f"/w/{workspace.slug}/").content.decode()
    nav = html.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
    assert nav.index("Overview") < nav.index("Strategy") < nav.index("Members")
    page = owner_client.get(url(workspace, "targets/new/")).content.decode()
    current = page.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/w/{workspace.slug}/strategy/" aria-current="page"' in current
