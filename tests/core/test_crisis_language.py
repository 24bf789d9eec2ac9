"""The crisis playbook's first actions are written when the workspace is made: in the
workspace's language, whatever the language of the person who makes it."""

from __future__ import annotations

from mostra.core.models import User, Workspace
from tests.core.pending_french import pending


def create(client, name: str, country: str, browser: str) -> Workspace:
    response = client.post(
        "/w/new/",
        {"name": name, "slug": "", "country": country, "timezone": "Europe/Paris"},
        HTTP_ACCEPT_LANGUAGE=browser,
    )
    assert response.status_code == 302
    return Workspace.objects.get(name=name)


def first_actions(workspace: Workspace, key: str) -> list[str]:
    return workspace.crisis_levels.get(key=key).first_action_list


def test_a_french_workspace_made_in_an_english_browser_has_a_french_playbook(owner_client):
    with pending("h15-basics-polish"):
        workspace = create(owner_client, "Atelier vélo", "FR", "en-GB")
    assert first_actions(workspace, "alert") == [
        "Mettre en pause les publications programmées",
        "Préparer une déclaration d'attente",
        "Informer le sponsor et le responsable",
    ]


def test_an_english_workspace_made_in_french_has_an_english_playbook(owner, owner_client):
    User.objects.filter(pk=owner.pk).update(language="fr")
    with pending("h15-basics-polish"):
        workspace = create(owner_client, "Bike workshop", "GB", "fr-FR")
    assert first_actions(workspace, "watch") == [
        "Note the posts in the monitoring log",
        "Keep watching the conversation",
    ]
